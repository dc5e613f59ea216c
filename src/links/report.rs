//! Broken links, reported where they were written. A broken link is found on a rendered page;
//! the page is rendered again by a tracing planner, which says where each link it put there
//! came from (a markdown file's line and column, a data field). A link no input gave is looked
//! for in the page's templates, by the literal text of their `href` and `src` attributes. One
//! mistake shown on many pages (a link in a template, in a summary on every list) is one
//! diagnostic, naming how many pages show it.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::{Base, Broken, Problem, Resolved, ids, internal_hrefs, resolve};
use crate::diagnostic::{Code, Diagnostic, LineIndex, Location, did_you_mean};
use crate::model::{Absent, Site, link_to_draft};
use crate::plan::{Origin, Traced};
use crate::render::set_members;
use crate::source::{SourceFile, TemplateFile};

/// What `report` needs to know of a site to say where its broken links were written.
pub struct Attribution<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its content files, sorted by path (to turn offsets into lines).
    pub files: &'a [SourceFile],
    /// Its templates.
    pub templates: &'a [TemplateFile],
    /// Where it is published.
    pub base: &'a Base,
    /// Every output path, for suggestions.
    pub outputs: &'a [&'a str],
    /// The pages given to `find_broken`, in the same order: output path, template, source.
    pub pages: &'a [(&'a str, Option<&'a str>, &'a Path)],
    /// Render page `i` again with a tracing planner: its HTML and the links the planner put
    /// into it, with where each was written.
    pub render: &'a (dyn Fn(usize) -> Option<(String, Vec<Traced>)> + Sync),
}

/// One broken link as written once, and the pages that show it.
struct Found {
    /// The link as written (in content), or as a page shows it (from a template).
    href: String,
    target: String,
    /// The folder page a path without a slash may mean.
    alt: Option<String>,
    fragment: Option<String>,
    pages: Vec<usize>,
    /// Written in content: one place, however many pages show it.
    in_content: bool,
}

/// Diagnostics for `broken` (from `find_broken`), each at the place the link was written.
pub fn report(broken: &[Broken], at: &Attribution<'_>) -> Vec<Diagnostic> {
    let mut by_page: BTreeMap<usize, Vec<&Broken>> = BTreeMap::new();
    for b in broken {
        by_page.entry(b.page).or_default().push(b);
    }
    let members = set_members(at.templates);
    let mut found: BTreeMap<(Option<Location>, Problem, String), Found> = BTreeMap::new();
    let mut drafts: BTreeMap<(Option<Location>, String), Found> = BTreeMap::new();
    for (page, list) in by_page {
        let (path, template, source) = at.pages[page];
        let Some((html, traced)) = (at.render)(page) else {
            continue;
        };
        let hrefs = internal_hrefs(path, &html, at.base);
        // Each traced link explains one link of the page: two links written to the same
        // place are two entries, used in order.
        let mut used = vec![false; traced.len()];
        for b in list {
            let Some((href, _)) = hrefs.get(b.link) else {
                continue;
            };
            let resolved = resolve(path, href, at.base);
            let (target, alt, fragment) = match &resolved {
                Resolved::Internal {
                    path,
                    alt,
                    fragment,
                } => (path.clone(), alt.clone(), fragment.clone()),
                _ => (String::new(), None, None),
            };
            // An unused entry first; a template may also show one link twice (a menu in the
            // header and the footer).
            let same = |i: &usize| resolve(path, &traced[*i].href, at.base) == resolved;
            let matched = (0..traced.len())
                .filter(same)
                .find(|&i| !used[i])
                .or_else(|| (0..traced.len()).find(same));
            if let Some(i) = matched {
                used[i] = true;
            }
            let origin = matched.map(|i| &traced[i].origin);
            let absent = at.site.absent_at(&display_path(&target));
            match (absent, origin) {
                // The page's own problem is reported; a link to it is noise.
                (Some(Absent::Broken), _)
                // Links written in content to drafts are reported by the model, and menu
                // entries when the site is planned.
                | (Some(Absent::Draft), Some(Origin::Text { .. }))
                | (_, Some(Origin::Menu(_))) => continue,
                _ => {}
            }
            let (location, written) = match origin {
                Some(Origin::Text { owner, offset }) => (
                    Some(at.site.locate(*owner, *offset, at.files)),
                    at.site.written_at(*owner, *offset),
                ),
                Some(Origin::Field(location) | Origin::Menu(location)) => {
                    (Some(location.clone()), None)
                }
                None => match template_location(href, template, &members, at.templates) {
                    Some((location, raw)) => (Some(location), Some(raw)),
                    None => (real_file(source), None),
                },
            };
            let in_content = matches!(origin, Some(Origin::Text { .. }));
            let entry = Found {
                in_content,
                href: written.unwrap_or_else(|| href.clone()),
                target: target.clone(),
                alt,
                fragment: fragment.clone(),
                pages: Vec::new(),
            };
            let slot = if absent == Some(Absent::Draft) {
                drafts.entry((location, target)).or_insert(entry)
            } else {
                // A link to an id of the page itself, from a template, is one mistake however
                // many pages show it.
                let target_key = if href.starts_with('#') && !in_content {
                    String::new()
                } else {
                    target.clone()
                };
                let key = (
                    location,
                    b.problem,
                    format!("{target_key}#{}", fragment.unwrap_or_default()),
                );
                found.entry(key).or_insert(entry)
            };
            if slot.pages.last() != Some(&page) {
                slot.pages.push(page);
            }
        }
    }

    let mut diagnostics = Vec::new();
    let mut target_ids: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for ((location, problem, _), f) in found {
        let shown = if f.in_content {
            String::new()
        } else {
            on_pages(&f.pages, at)
        };
        let d = match problem {
            Problem::Outside => Diagnostic::new(
                Code::LinkBroken,
                location,
                format!("broken link `{}`: it leads outside the site{shown}", f.href),
            )
            .with_hint(format!(
                "links are relative to the page that shows them, and a link from the root must start with the site's path `{}`",
                at.base.path
            )),
            Problem::Missing => Diagnostic::new(
                Code::LinkBroken,
                location,
                format!(
                    "broken link `{}`: nothing is published at /{}{shown}",
                    f.href,
                    display_path(&f.target)
                ),
            )
            .with_hint(missing_hint(&f.target, at.outputs)),
            Problem::Fragment if f.href.starts_with('#') && !f.in_content => {
                let fragment = f.fragment.clone().unwrap_or_default();
                Diagnostic::new(
                    Code::LinkBrokenAnchor,
                    location,
                    format!(
                        "broken link `{}`: the page that shows it has no element with the id `{fragment}`{shown}",
                        f.href
                    ),
                )
                .with_hint("give an element of the page that id, or remove the link")
            }
            Problem::Fragment => {
                let fragment = f.fragment.clone().unwrap_or_default();
                let ids = target_ids.entry(f.target.clone()).or_insert_with(|| {
                    target_page_ids(&f.target, at)
                        .or_else(|| f.alt.as_deref().and_then(|alt| target_page_ids(alt, at)))
                        .unwrap_or_default()
                });
                let hint = match did_you_mean(&fragment, ids.iter().map(String::as_str)) {
                    Some(id) => format!("did you mean `#{id}`?"),
                    None if ids.is_empty() => "the page has no ids to link to".to_string(),
                    None => format!(
                        "its headings and elements have the ids {}",
                        first_few(ids, 12)
                    ),
                };
                Diagnostic::new(
                    Code::LinkBrokenAnchor,
                    location,
                    format!(
                        "broken link `{}`: /{} has no element with the id `{fragment}`{shown}",
                        f.href,
                        display_path(page_of(&f, at.outputs))
                    ),
                )
                .with_hint(hint)
            }
        };
        diagnostics.push(d);
    }
    for ((location, _), f) in drafts {
        let shown = if f.in_content {
            String::new()
        } else {
            on_pages(&f.pages, at)
        };
        diagnostics.push(link_to_draft(location, &f.href).with_message_suffix(&shown));
    }
    diagnostics
}

/// The output a link leads to: its path, or the folder page a path without a slash means.
fn page_of<'f>(found: &'f Found, outputs: &[&str]) -> &'f str {
    match &found.alt {
        Some(alt) if !outputs.contains(&found.target.as_str()) => alt,
        _ => &found.target,
    }
}

/// The site path of an output path (`guides/a/index.html` is `guides/a/`).
fn site_path(output: &str) -> Option<String> {
    if output == "index.html" {
        return Some(String::new());
    }
    output.strip_suffix("/index.html").map(|p| format!("{p}/"))
}

/// An output path as a reader knows it: `guides/a/` for `guides/a/index.html`.
fn display_path(output: &str) -> String {
    site_path(output).unwrap_or_else(|| output.to_string())
}

/// " (on /a/, /b/ and 3 more pages)", or nothing for one page.
fn on_pages(pages: &[usize], at: &Attribution<'_>) -> String {
    if pages.len() < 2 {
        return String::new();
    }
    let names: Vec<String> = pages
        .iter()
        .take(2)
        .map(|&p| format!("/{}", display_path(at.pages[p].0)))
        .collect();
    let more = pages.len() - names.len();
    if more == 0 {
        format!(" (on {} and {})", names[0], names[1])
    } else {
        format!(
            " (on {}, {} and {more} more page{})",
            names[0],
            names[1],
            if more == 1 { "" } else { "s" }
        )
    }
}

/// A hint for a link to nothing: in the nearest folder that has outputs, the entry closest to
/// the one the link names, if the path through it exists.
fn missing_hint(target: &str, outputs: &[&str]) -> String {
    let wanted = display_path(target);
    let fallback = if wanted.rsplit('/').next().is_some_and(|n| n.contains('.')) {
        "check the path; files in static/ are published as they are (static/img/a.png at /img/a.png)"
    } else {
        "link to a page that exists (a relative link starts from the URL of the page that shows it); to keep an old URL of a moved page working, list it in that page's `aliases:`"
    };
    let mut cut = wanted.trim_end_matches('/').len();
    while let Some(slash) = wanted[..cut].rfind('/') {
        let folder = &wanted[..=slash];
        let (segment, rest) = wanted[slash + 1..]
            .split_once('/')
            .map_or((&wanted[slash + 1..], ""), |(s, r)| (s, r));
        if let Some(hint) = closest(folder, segment, rest, outputs) {
            return hint;
        }
        if outputs.iter().any(|o| o.starts_with(folder)) {
            return fallback.to_string();
        }
        cut = slash;
    }
    closest(
        "",
        wanted.split('/').next().unwrap_or(""),
        wanted.split_once('/').map_or("", |(_, r)| r),
        outputs,
    )
    .unwrap_or_else(|| fallback.to_string())
}

/// `did you mean` for `segment` among the entries of `folder` whose path with `rest` exists.
fn closest(folder: &str, segment: &str, rest: &str, outputs: &[&str]) -> Option<String> {
    let entries: std::collections::BTreeSet<&str> = outputs
        .iter()
        .filter_map(|o| o.strip_prefix(folder))
        .map(|r| r.split('/').next().unwrap_or(r))
        .filter(|e| *e != "index.html" && *e != segment)
        .collect();
    let best = did_you_mean(segment, entries.iter().copied())?;
    let candidate = if rest.is_empty() && !segment.contains('.') && !best.contains('.') {
        format!("{folder}{best}/")
    } else if rest.is_empty() {
        format!("{folder}{best}")
    } else {
        format!("{folder}{best}/{rest}")
    };
    let output = if candidate.is_empty() || candidate.ends_with('/') {
        format!("{candidate}index.html")
    } else {
        candidate.clone()
    };
    outputs
        .contains(&output.as_str())
        .then(|| format!("did you mean `/{candidate}`?"))
}

fn first_few(items: &[String], n: usize) -> String {
    let mut text: Vec<String> = items.iter().take(n).map(|i| format!("`#{i}`")).collect();
    if items.len() > n {
        text.push(format!("and {} more", items.len() - n));
    }
    text.join(", ")
}

/// The ids of the page at the output path `target`, rendered again; `None` when there is no
/// such page.
fn target_page_ids(target: &str, at: &Attribution<'_>) -> Option<Vec<String>> {
    at.pages
        .iter()
        .position(|(path, _, _)| *path == target)
        .and_then(|i| (at.render)(i))
        .map(|(html, _)| ids(&html))
}

/// `source` as a location, unless it names a generated output (`(tags)`).
fn real_file(source: &Path) -> Option<Location> {
    (!source.to_string_lossy().starts_with('(')).then(|| Location::file(source))
}

/// Where `href` is written in the templates a page of `template` draws on, and how: the
/// `href` or `src` attribute whose literal text (after its last `{{ ... }}`) ends the href, the
/// longest such.
fn template_location(
    href: &str,
    template: Option<&str>,
    members: &std::collections::HashMap<String, Vec<String>>,
    templates: &[TemplateFile],
) -> Option<(Location, String)> {
    let set = members.get(template?)?;
    let mut best: Option<(usize, Location, String)> = None;
    for file in templates.iter().filter(|f| set.contains(&f.name)) {
        crate::html::attributes(&file.text, |a| {
            if !(a.is("href") || a.is("src")) {
                return;
            }
            let raw = a.raw;
            let literal = ["}}", "%}"]
                .iter()
                .filter_map(|close| raw.rfind(close).map(|i| i + close.len()))
                .max()
                .map_or(raw, |i| &raw[i..]);
            let literal = crate::html::decode(literal);
            if literal.is_empty() || !href.ends_with(literal.as_ref()) {
                return;
            }
            if best.as_ref().is_none_or(|(len, _, _)| literal.len() > *len) {
                let (line, col) = LineIndex::new(&file.text).line_col(&file.text, a.offset);
                best = Some((
                    literal.len(),
                    Location::new(&file.site_path, line, col),
                    raw.to_string(),
                ));
            }
        });
    }
    best.map(|(_, location, raw)| (location, raw))
}
