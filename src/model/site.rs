//! Site assembly: parsed content files and the program directory become a `Site`: sections
//! from folders, URLs assigned and checked for collisions, internal links resolved, lists and
//! tags collected, related guides chosen.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::front_matter::{ParseResult, Parsed, implicit_section, parent_dir, parse_file};
use super::related::{related_guides, related_key};
use super::{Directory, Link, Page, Section, Site, SortBy, Tag, Target, sort_pages};
use crate::config::Config;
use crate::error::{Diagnostic, LineIndex, Location, did_you_mean};
use crate::markdown::Rendered;
use crate::slug::slugify;
use crate::source::{SourceFile, split_front_matter};

/// The outcome of building the model: the site, and warnings worth showing.
#[derive(Debug)]
pub struct Built {
    /// The site.
    pub site: Site,
    /// Warnings (the build goes on).
    pub warnings: Vec<Diagnostic>,
    /// Time spent parsing front matter and rendering markdown (part of building the model).
    pub parse_time: std::time::Duration,
}

/// Build the site model from `config`, the files of `content/` and the program directory;
/// `drafts` keeps drafts.
pub fn build(
    config: Config,
    files: &[SourceFile],
    directory: Arc<Directory>,
    drafts: bool,
) -> Result<Built, Vec<Diagnostic>> {
    build_cached(config, files, directory, drafts, &mut ParseCache::default())
}

/// Content files parsed by earlier builds, by path: a file is parsed again only when its text,
/// the default pagination or the known specialties changed (what parsing depends on).
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<String, (u64, Arc<ParseResult>)>,
    /// The related guides of the last build, with the hash of what they were computed from.
    related: Option<(u64, Vec<Vec<usize>>)>,
}

/// `build`, reusing and refreshing `cache`.
pub fn build_cached(
    config: Config,
    files: &[SourceFile],
    directory: Arc<Directory>,
    drafts: bool,
    cache: &mut ParseCache,
) -> Result<Built, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = Vec::new();

    // Parse front matter and render bodies, in parallel, one result per file.
    let known: Vec<&str> = directory
        .specialties
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    let parse_start = std::time::Instant::now();
    let mut settings = xxhash_rust::xxh3::Xxh3::new();
    settings.update(&config.paginate_by.to_le_bytes());
    for slug in &known {
        settings.update(slug.as_bytes());
        settings.update(&[0]);
    }
    let settings = settings.digest();
    let keyed: Vec<(u64, Arc<ParseResult>)> = files
        .par_iter()
        .map(|file| {
            let key = file.hash ^ settings.rotate_left(17);
            match cache.entries.get(&file.rel) {
                Some((cached, result)) if *cached == key => (key, Arc::clone(result)),
                _ => (key, Arc::new(parse_file(file, config.paginate_by, &known))),
            }
        })
        .collect();
    let parsed: Vec<ParseResult> = keyed
        .par_iter()
        .map(|(_, result)| ParseResult::clone(result))
        .collect();
    cache.entries = files
        .iter()
        .zip(keyed)
        .map(|(file, entry)| (file.rel.clone(), entry))
        .collect();
    let parse_time = parse_start.elapsed();
    let mut section_files = Vec::new();
    let mut page_files = Vec::new();
    // Files that are not in the site: links to them get a precise hint, or no second error.
    let mut absent: HashMap<&str, Absent> = HashMap::default();
    for (result, file) in parsed.into_iter().zip(files) {
        match result {
            Ok(Parsed::Section(s)) => section_files.push((s, file)),
            Ok(Parsed::Page(p)) if p.draft && !drafts => {
                absent.insert(&file.rel, Absent::Draft);
            }
            Ok(Parsed::Page(p)) => page_files.push((p, file)),
            Err(mut d) => {
                absent.insert(&file.rel, Absent::Broken);
                problems.append(&mut d);
            }
        }
    }

    // Sections: one per folder that has an `_index.md` or a page, and their ancestors.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (section, _) in section_files {
        sections.insert(section.dir.clone(), *section);
    }
    let mut dirs: Vec<String> = page_files.iter().map(|(p, _)| parent_dir(&p.rel)).collect();
    dirs.extend(sections.keys().cloned());
    for dir in dirs {
        let mut d = dir;
        loop {
            sections
                .entry(d.clone())
                .or_insert_with(|| implicit_section(&d, config.paginate_by));
            if d.is_empty() {
                break;
            }
            d = parent_dir(&d);
        }
    }
    sections
        .entry(String::new())
        .or_insert_with(|| implicit_section("", config.paginate_by));
    let mut sections: Vec<Section> = sections.into_values().collect();
    let section_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 0..sections.len() {
        if !sections[i].dir.is_empty() {
            let parent = section_index[&parent_dir(&sections[i].dir)];
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }
    }

    // Pages, with URLs.
    let mut pages: Vec<Page> = Vec::with_capacity(page_files.len());
    let mut texts: Vec<&SourceFile> = Vec::with_capacity(page_files.len());
    for (mut page, file) in page_files {
        page.section = section_index[&parent_dir(&page.rel)];
        page.path = format!("{}{}/", sections[page.section].path, page.slug);
        pages.push(*page);
        texts.push(file);
    }

    // Two sources for one URL is an error naming both.
    let mut owners: HashMap<&str, &Path> = HashMap::default();
    for (path, source) in sections
        .iter()
        .map(|s| (s.path.as_str(), s.source.as_path()))
        .chain(pages.iter().map(|p| (p.path.as_str(), p.source.as_path())))
        .chain(pages.iter().flat_map(|p| {
            p.aliases
                .iter()
                .map(move |a| (a.as_str(), p.source.as_path()))
        }))
    {
        if let Some(first) = owners.insert(path, source) {
            problems.push(
                Diagnostic::error(
                    Some(Location::new(source, 1, 1)),
                    format!(
                        "the URL /{path} is claimed twice: by {} and by {}",
                        display(first),
                        display(source)
                    ),
                )
                .with_hint("give one of them another file name or `slug:`"),
            );
        }
    }

    // Internal links: resolve, and check the anchors.
    let by_rel: HashMap<&str, Target> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), Target::Page(i)))
        .chain(sections.iter().enumerate().map(|(i, s)| {
            let rel = if s.dir.is_empty() {
                "_index.md"
            } else {
                s.source
                    .to_str()
                    .and_then(|p| p.strip_prefix("content/"))
                    .unwrap_or_default()
            };
            (rel, Target::Section(i))
        }))
        .collect();
    let anchors_of = |t: Target| -> &[String] {
        match t {
            Target::Page(i) => &pages[i].body.anchors,
            Target::Section(i) => &sections[i].body.anchors,
        }
    };
    let mut page_links: Vec<Vec<Link>> = Vec::with_capacity(pages.len());
    for (page, file) in pages.iter().zip(&texts) {
        page_links.push(resolve(
            &page.body,
            &body_locator(file, page.body_offset),
            &by_rel,
            &absent,
            &anchors_of,
            &mut problems,
        ));
    }
    let by_path: HashMap<&Path, &SourceFile> =
        files.iter().map(|f| (f.site_path.as_path(), f)).collect();
    let mut section_links: Vec<Vec<Link>> = Vec::with_capacity(sections.len());
    for section in &sections {
        let file = by_path.get(section.source.as_path()).copied();
        section_links.push(match file {
            Some(file) => resolve(
                &section.body,
                &body_locator(
                    file,
                    split_front_matter(&file.text, &file.site_path).map_or(0, |s| s.body_offset),
                ),
                &by_rel,
                &absent,
                &anchors_of,
                &mut problems,
            ),
            None => Vec::new(),
        });
    }
    // Program notes are markdown too: their links resolve against the same pages.
    let mut notes_links: Vec<Vec<Link>> = Vec::with_capacity(directory.programs.len());
    for program in &directory.programs {
        notes_links.push(match (&program.notes, &program.notes_location) {
            (Some(notes), Some(start)) => {
                // Notes are a few lines: pointing at their start is precise enough.
                let at_notes = |_: usize| start.clone();
                resolve(
                    notes,
                    &at_notes,
                    &by_rel,
                    &absent,
                    &anchors_of,
                    &mut problems,
                )
            }
            _ => Vec::new(),
        });
    }
    for (page, links) in pages.iter_mut().zip(page_links) {
        page.links = links;
    }
    for (section, links) in sections.iter_mut().zip(section_links) {
        section.links = links;
    }

    // Warnings from markdown (images without alt text, level-1 headings).
    let mut warnings = Vec::new();
    for (page, file) in pages.iter().zip(&texts) {
        let locate = body_locator(file, page.body_offset);
        for finding in &page.body.warnings {
            warnings.push(
                Diagnostic::warning(Some(locate(finding.offset)), finding.message.clone())
                    .with_hint(finding.hint.clone()),
            );
        }
    }

    if problems.iter().any(Diagnostic::is_error) {
        problems.sort();
        return Err(problems);
    }

    // Lists, tags, related guides.
    for i in 0..sections.len() {
        let mut listing: Vec<usize> = (0..pages.len())
            .filter(|&p| is_within(&pages[p].rel, &sections[i].dir))
            .collect();
        sort_pages(&mut listing, &pages, sections[i].sort_by);
        sections[i].listing = listing;
        let mut subsections = std::mem::take(&mut sections[i].subsections);
        subsections.sort_by(|&a, &b| {
            (sections[a].weight, &sections[a].title).cmp(&(sections[b].weight, &sections[b].title))
        });
        sections[i].subsections = subsections;
    }
    let tags = collect_tags(&pages);
    // Related guides depend only on what `related_key` hashes: reuse the last build's lists
    // when that did not change (the search is the costliest part of the model).
    let key = related_key(&pages);
    let related = match cache.related.take() {
        Some((cached, lists)) if cached == key => lists,
        _ => related_guides(&pages),
    };
    cache.related = Some((key, related.clone()));
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }

    Ok(Built {
        site: Site {
            config,
            sections,
            pages,
            tags,
            directory,
            notes_links,
        },
        warnings,
        parse_time,
    })
}

/// Why a content file is not in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Absent {
    Draft,
    Broken,
}

/// Resolve the internal links of a rendered body; report missing targets and anchors.
fn resolve<'a>(
    body: &Rendered,
    locate: &dyn Fn(usize) -> Location,
    by_rel: &HashMap<&str, Target>,
    absent: &HashMap<&str, Absent>,
    anchors_of: &dyn Fn(Target) -> &'a [String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let mut links = Vec::with_capacity(body.links.len());
    for link in &body.links {
        let target = link.target.trim_start_matches('/');
        let Some(&resolved) = by_rel.get(target) else {
            let hint = if absent.get(target) == Some(&Absent::Broken) {
                // The target's own errors are reported; a second error here is noise.
                links.push(Link {
                    target: Target::Section(0),
                    anchor: None,
                });
                continue;
            } else if absent.get(target) == Some(&Absent::Draft) {
                "that page is a draft: build with --drafts, or remove the link".to_string()
            } else {
                // Suggest only paths whose file name is itself close to the one written.
                let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
                let wanted = name(target);
                let known = by_rel
                    .keys()
                    .copied()
                    .filter(|k| did_you_mean(&wanted, [name(k).as_str()]).is_some());
                match did_you_mean(target, known) {
                    Some(s) => format!("did you mean `@/{s}`?"),
                    None => {
                        "write the path of a file under content/, like `@/guides/visas/j1-vs-h1b.md`"
                            .to_string()
                    }
                }
            };
            problems.push(
                Diagnostic::error(
                    Some(locate(link.offset)),
                    format!("broken internal link: no page `@/{target}`"),
                )
                .with_hint(hint),
            );
            // Keep placeholders aligned: point at home.
            links.push(Link {
                target: Target::Section(0),
                anchor: None,
            });
            continue;
        };
        if let Some(anchor) = &link.anchor {
            let anchors = anchors_of(resolved);
            if !anchors.iter().any(|a| a == anchor) {
                let hint = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None => format!(
                        "the headings of `@/{target}` have the ids: {}",
                        anchors.join(", ")
                    ),
                };
                problems.push(
                    Diagnostic::error(
                        Some(locate(link.offset)),
                        format!("broken internal link: `@/{target}` has no heading `#{anchor}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
        links.push(Link {
            target: resolved,
            anchor: link.anchor.clone(),
        });
    }
    links
}

/// Locates byte offsets of a page body in its file.
/// Only called for problems, so the line table is built then, not for every page.
fn body_locator(file: &SourceFile, body_offset: usize) -> impl Fn(usize) -> Location + '_ {
    move |offset| {
        let (line, col) = LineIndex::new(&file.text).line_col(&file.text, body_offset + offset);
        Location::new(&file.site_path, line, col)
    }
}

fn is_within(rel: &str, dir: &str) -> bool {
    dir.is_empty() || rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn collect_tags(pages: &[Page]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in &page.tags {
            let slug = slugify(name);
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug,
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    tags.into_values()
        .map(|mut tag| {
            tag.pages.dedup();
            sort_pages(&mut tag.pages, pages, SortBy::Date);
            tag
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_dirs_and_containment() {
        assert_eq!(parent_dir("guides/visas/a.md"), "guides/visas");
        assert_eq!(parent_dir("a.md"), "");
        assert!(is_within("guides/visas/a.md", "guides"));
        assert!(!is_within("guidesx/a.md", "guides"));
        assert!(is_within("a.md", ""));
    }
}
