//! Links: every link of every rendered page, checked. A page is scanned once, as it is
//! rendered (`scan`): its ids, and each `href` and `src` resolved against the page's own URL to
//! the output file it leads to (kept as hashes, so a large site costs little memory). Once every
//! page is scanned, `find_broken` checks each link against the outputs and each `#fragment`
//! against the ids of its target page. Only then, for the few links that are broken, does
//! `report` say where each was written (a markdown file's line, a data field, a template's
//! line) and turn them into diagnostics. External links are checked by `external`, on demand.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

pub mod external;
mod report;

pub use report::{Attribution, report};

/// Where the site is published, for telling links into it from links out of it.
#[derive(Debug, Clone)]
pub struct Base {
    /// The absolute URL, ending in `/` (`https://example.org/sub/`).
    pub url: String,
    /// Its path, starting and ending in `/` (`/sub/`).
    pub path: String,
}

impl Base {
    /// The base of a site published at `url` (ending in `/`).
    pub fn new(url: &str) -> Self {
        let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        Self {
            url: url.to_string(),
            path: path.to_string(),
        }
    }
}

/// A hash of an output path (`guides/a/index.html`), the key links are checked by.
pub fn path_hash(path: &str) -> u64 {
    xxh3_64(path.as_bytes())
}

/// A hash of an id or fragment, as decoded text.
fn id_hash(id: &str) -> u64 {
    // Never 0, which marks "no fragment".
    xxh3_64(id.as_bytes()).max(1)
}

/// What one page links to and what it holds, as far as link checking needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageLinks {
    /// Hashes of the page's ids (`id`, and `name` of `<a>`), sorted.
    ids: Vec<u64>,
    /// The page's links into the site, in the order they appear.
    links: Vec<LinkRef>,
    /// For the links whose path has no slash and no extension (`../guides/a`), by index in
    /// `links`: the hash of the folder page they may mean (`guides/a/index.html`).
    alternates: Vec<(u32, u64)>,
    /// Links to other sites, in the order they appear (only when asked for).
    pub external: Vec<String>,
}

impl PageLinks {
    /// How many links into the site the page has.
    pub fn internal_count(&self) -> usize {
        self.links.len()
    }

    /// Whether the page holds the same ids as `other`.
    pub fn same_ids(&self, other: &Self) -> bool {
        self.ids == other.ids
    }

    /// Whether the page holds the id `id`.
    fn has_id(&self, hash: u64) -> bool {
        self.ids.binary_search(&hash).is_ok()
    }

    fn alternate(&self, index: usize) -> Option<u64> {
        let index = u32::try_from(index).ok()?;
        self.alternates
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|i| self.alternates[i].1)
    }
}

/// One link into the site: the output it leads to and its fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct LinkRef {
    /// Hash of the output path the link names (`guides/a/index.html` for `guides/a/`); 0 when
    /// the link leaves the site.
    target: u64,
    /// Hash of the decoded fragment; 0 when there is none.
    fragment: u64,
}

/// Where a link leads, from the page that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// To an output of the site: its path (decoded, relative to the output folder), the
    /// folder page a path without a slash may mean, and the decoded fragment.
    Internal {
        /// `guides/a/index.html`, `style.css`.
        path: String,
        /// `guides/a/index.html` for a link to `guides/a`.
        alt: Option<String>,
        /// The fragment after `#`, decoded; `None` when there is none (or it is empty).
        fragment: Option<String>,
    },
    /// Out of the site through its root: climbing above it, or a root path outside the
    /// base path.
    Outside,
    /// To another site: the absolute URL (`//host` links get `https:`).
    External(String),
    /// Nothing to check (`mailto:`, `tel:`, `javascript:`, `data:`, an empty href).
    Skip,
}

/// Where `href`, shown on the output `page` (`guides/a/index.html`), leads.
pub fn resolve(page: &str, href: &str, base: &Base) -> Resolved {
    let href = href.trim();
    if href.is_empty() {
        return Resolved::Skip;
    }
    if let Some(rest) = href.strip_prefix("//") {
        return Resolved::External(format!("https://{rest}"));
    }
    if let Some(scheme) = crate::html::url_scheme(href) {
        if let Some(inside) = href.strip_prefix(base.url.as_str()) {
            return resolve(page, &format!("{}{inside}", base.path), base);
        }
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            Resolved::External(href.to_string())
        } else {
            Resolved::Skip
        };
    }
    let (before_fragment, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let path = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(p, _)| p);
    let fragment = fragment
        .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned())
        .filter(|f| !f.is_empty() && f != "top");
    let path: Cow<'_, str> = percent_decode_str(path).decode_utf8_lossy();
    let joined = if path.is_empty() {
        page.to_string()
    } else if let Some(rooted) = path.strip_prefix('/') {
        match rooted.strip_prefix(base.path.trim_start_matches('/')) {
            Some(inside) => inside.to_string(),
            None => return Resolved::Outside,
        }
    } else {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]);
        format!("{dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Resolved::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    let last = joined.rsplit('/').next().unwrap_or("");
    let folder = path.is_empty() || matches!(last, "" | "." | "..");
    let alt = if folder {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
        None
    } else if parts.last().is_some_and(|name| name.contains('.')) {
        None
    } else {
        Some(format!("{path}/index.html"))
    };
    Resolved::Internal {
        path,
        alt,
        fragment,
    }
}

/// Scan the rendered page at the output path `page`: its ids and its links (and the links to
/// other sites, when `external`).
pub fn scan(page: &str, html: &str, base: &Base, external: bool) -> PageLinks {
    let mut out = PageLinks::default();
    let mut hrefs = HrefHasher::new(page, base);
    crate::html::attributes(html, |a| {
        if a.is("id") || (a.is("name") && a.tag.eq_ignore_ascii_case("a")) {
            out.ids.push(id_hash(&a.value()));
            return;
        }
        if !(a.is("href") || a.is("src")) {
            return;
        }
        match hrefs.hash(&a.value()) {
            Hashed::Internal {
                target,
                alt,
                fragment,
            } => {
                if let Some(alt) = alt {
                    let index = u32::try_from(out.links.len()).unwrap_or(u32::MAX);
                    out.alternates.push((index, alt));
                }
                out.links.push(LinkRef { target, fragment });
            }
            Hashed::Outside => out.links.push(LinkRef {
                target: 0,
                fragment: 0,
            }),
            // `<link>` tags name resources (`preconnect`, feeds), not pages to visit.
            Hashed::External if external && !a.tag.eq_ignore_ascii_case("link") => {
                if let Resolved::External(url) = resolve(page, &a.value(), base) {
                    out.external.push(url);
                }
            }
            Hashed::External | Hashed::Skip => {}
        }
    });
    out.ids.sort_unstable();
    out.ids.dedup();
    out
}

/// What `HrefHasher::hash` found: `resolve`'s answer, as hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hashed {
    Internal {
        target: u64,
        alt: Option<u64>,
        fragment: u64,
    },
    Outside,
    External,
    Skip,
}

impl From<Resolved> for Hashed {
    fn from(resolved: Resolved) -> Self {
        match resolved {
            Resolved::Internal {
                path,
                alt,
                fragment,
            } => Self::Internal {
                target: path_hash(&path),
                alt: alt.as_deref().map(path_hash),
                fragment: fragment.as_deref().map_or(0, id_hash),
            },
            Resolved::Outside => Self::Outside,
            Resolved::External(_) => Self::External,
            Resolved::Skip => Self::Skip,
        }
    }
}

/// Resolves the hrefs of one page straight to hashes, with one reused buffer: the hot path of
/// link checking, which `resolve` describes in plain strings (a test keeps the two in step).
struct HrefHasher<'a> {
    page: &'a str,
    /// The page's folder, ending in `/` (empty at the root).
    dir: &'a str,
    base: &'a Base,
    buffer: String,
    /// Where each segment of `buffer` starts.
    starts: Vec<usize>,
}

impl<'a> HrefHasher<'a> {
    /// An href with a scheme (`https:`, `mailto:`): rare on pages, resolved the plain way.
    fn slow(&self, href: &str) -> Hashed {
        Hashed::from(resolve(self.page, href, self.base))
    }

    fn new(page: &'a str, base: &'a Base) -> Self {
        Self {
            page,
            dir: page.rfind('/').map_or("", |i| &page[..=i]),
            base,
            buffer: String::with_capacity(128),
            starts: Vec::with_capacity(16),
        }
    }

    fn hash(&mut self, href: &str) -> Hashed {
        let href = href.trim();
        if href.is_empty() {
            return Hashed::Skip;
        }
        if href.starts_with("//") {
            return Hashed::External;
        }
        // One pass over the href: where its path ends, whether a scheme comes first, whether
        // anything needs decoding.
        let bytes = href.as_bytes();
        let mut path_end = bytes.len();
        let mut fragment_at = None;
        let mut percent = false;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b':' if path_end == bytes.len() && !href[..i].contains('/') => {
                    return self.slow(href);
                }
                b'?' if path_end == bytes.len() => path_end = i,
                b'#' => {
                    path_end = path_end.min(i);
                    fragment_at = Some(i + 1);
                    break;
                }
                b'%' => percent = true,
                _ => {}
            }
        }
        let path = &href[..path_end];
        let path: Cow<'_, str> = if percent && path.contains('%') {
            percent_decode_str(path).decode_utf8_lossy()
        } else {
            Cow::Borrowed(path)
        };
        let fragment = match fragment_at.map(|at| &href[at..]) {
            None | Some("" | "top") => 0,
            Some(f) if f.contains('%') => {
                let decoded = percent_decode_str(f).decode_utf8_lossy();
                if decoded == "top" {
                    0
                } else {
                    id_hash(&decoded)
                }
            }
            Some(f) => id_hash(f),
        };
        let buffer = &mut self.buffer;
        buffer.clear();

        if path.is_empty() {
            return Hashed::Internal {
                target: path_hash(self.page),
                alt: None,
                fragment,
            };
        }
        let rest = if let Some(rooted) = path.strip_prefix('/') {
            match rooted.strip_prefix(self.base.path.trim_start_matches('/')) {
                Some(inside) => inside,
                None => return Hashed::Outside,
            }
        } else {
            buffer.push_str(self.dir);
            &path
        };
        // The buffer holds segments, each followed by `/`; `starts` where each one starts.
        let starts = &mut self.starts;
        starts.clear();
        let mut at = 0;
        while let Some(slash) = buffer[at..].find('/') {
            starts.push(at);
            at += slash + 1;
        }
        let mut last_is_name = false;
        let mut last_start = 0;
        for segment in rest.split('/') {
            match segment {
                "" | "." => last_is_name = false,
                ".." => {
                    let Some(start) = starts.pop() else {
                        return Hashed::Outside;
                    };
                    buffer.truncate(start);
                    last_is_name = false;
                }
                name => {
                    last_start = buffer.len();
                    starts.push(last_start);
                    buffer.push_str(name);
                    buffer.push('/');
                    last_is_name = true;
                }
            }
        }
        let last_has_dot = last_is_name && buffer.as_bytes()[last_start..].contains(&b'.');
        let folder = !last_is_name || rest.ends_with('/');
        if folder {
            buffer.push_str("index.html");
            return Hashed::Internal {
                target: path_hash(buffer),
                alt: None,
                fragment,
            };
        }
        buffer.pop();
        let target = path_hash(buffer);
        let alt = (!last_has_dot).then(|| {
            buffer.push_str("/index.html");
            path_hash(buffer)
        });
        Hashed::Internal {
            target,
            alt,
            fragment,
        }
    }
}

/// Every output of the site, by path hash: files that exist, and the pages whose ids a
/// fragment can name (the index of their scan).
#[derive(Debug, Default)]
pub struct Known {
    files: FxHashSet<u64>,
}

impl Known {
    /// The outputs at `paths` (relative to the output folder).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            files: paths.into_iter().map(path_hash).collect(),
        }
    }

    /// Whether there is an output at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains(&path_hash(path))
    }
}

/// Why a link is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// No output at its path.
    Missing,
    /// It leaves the site.
    Outside,
    /// Its target has no element with its fragment as id.
    Fragment,
}

/// A broken link: the page that shows it, which of its links (in order), and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    /// The page, by index in the list given to `find_broken`.
    pub page: usize,
    /// The link, by its position among the page's links into the site.
    pub link: usize,
    /// What is wrong.
    pub problem: Problem,
}

/// Every broken link of `pages` (each an output path and its scan), against the outputs in
/// `known`.
pub fn find_broken(pages: &[(&str, &PageLinks)], known: &Known) -> Vec<Broken> {
    find_broken_where::<_, rustc_hash::FxBuildHasher>(
        pages,
        known,
        None,
        &FxHashSet::default(),
        None,
    )
}

/// The index in `pages` of each page, by the hash of its path: for `find_broken_where`.
pub fn page_index(pages: &[(&str, &PageLinks)]) -> FxHashMap<u64, usize> {
    (pages.iter().enumerate())
        .map(|(i, (path, _))| (path_hash(path), i))
        .collect()
}

/// `find_broken` after a change, when the outputs are those of a check that found nothing
/// broken: every link of the pages `changed` names (indexes in `pages`, ascending; `None`:
/// all), and, elsewhere, the links with a fragment into the pages (by path hash) whose ids
/// changed. Takes time in proportion to the changed pages' links when no ids changed, given
/// `index`, the `page_index` of `pages` (else made at the first link with a fragment).
pub fn find_broken_where<S: std::hash::BuildHasher + Sync, H: std::hash::BuildHasher + Sync>(
    pages: &[(&str, &PageLinks)],
    known: &Known,
    changed: Option<&[usize]>,
    new_ids: &std::collections::HashSet<u64, S>,
    index: Option<&std::collections::HashMap<u64, usize, H>>,
) -> Vec<Broken> {
    let made: std::sync::OnceLock<FxHashMap<u64, usize>> = std::sync::OnceLock::new();
    let all_of = |i: usize| changed.is_none_or(|c| c.binary_search(&i).is_ok());
    let in_page = |i: usize| -> Vec<Broken> {
        let mut broken = Vec::new();
        let Some((_, links)) = pages.get(i) else {
            return broken;
        };
        let all = all_of(i);
        if !all && new_ids.is_empty() {
            return broken;
        }
        for (k, link) in links.links.iter().enumerate() {
            if !all
                && (link.fragment == 0
                    || !(new_ids.contains(&link.target)
                        || links.alternate(k).is_some_and(|a| new_ids.contains(&a))))
            {
                continue;
            }
            let problem = if link.target == 0 {
                Some(Problem::Outside)
            } else {
                let target = if known.files.contains(&link.target) {
                    Some(link.target)
                } else {
                    links.alternate(k).filter(|alt| known.files.contains(alt))
                };
                match target {
                    None => Some(Problem::Missing),
                    Some(target) if link.fragment != 0 => {
                        let at = match index {
                            Some(index) => index.get(&target),
                            None => made.get_or_init(|| page_index(pages)).get(&target),
                        };
                        match at {
                            // Only pages have ids; a fragment of a file is not checked.
                            Some(&t) if !pages[t].1.has_id(link.fragment) => {
                                Some(Problem::Fragment)
                            }
                            _ => None,
                        }
                    }
                    Some(_) => None,
                }
            };
            if let Some(problem) = problem {
                broken.push(Broken {
                    page: i,
                    link: k,
                    problem,
                });
            }
        }
        broken
    };
    match changed {
        Some(changed) if new_ids.is_empty() => changed.iter().flat_map(|&i| in_page(i)).collect(),
        // Every page's links: a million at 10,000 guides and 13,000 programs, on every core
        // (in the pages' order).
        _ => (0..pages.len())
            .into_par_iter()
            .flat_map_iter(in_page)
            .collect(),
    }
}

/// The hrefs of the links into the site of a page, in the order `scan` counts them, each with
/// its byte offset in the page: to name a broken link found by `find_broken`.
pub fn internal_hrefs(page: &str, html: &str, base: &Base) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    crate::html::attributes(html, |a| {
        if (a.is("href") || a.is("src"))
            && matches!(
                resolve(page, &a.value(), base),
                Resolved::Internal { .. } | Resolved::Outside
            )
        {
            out.push((a.value().into_owned(), a.offset));
        }
    });
    out
}

/// The ids of a page, as text, for "did you mean".
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    crate::html::attributes(html, |a| {
        if a.is("id") || (a.is("name") && a.tag.eq_ignore_ascii_case("a")) {
            out.push(a.value().into_owned());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Base {
        Base::new("https://example.org/sub/")
    }

    fn internal(path: &str, alt: Option<&str>, fragment: Option<&str>) -> Resolved {
        Resolved::Internal {
            path: path.to_string(),
            alt: alt.map(str::to_string),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn hrefs_resolve_from_the_page_that_shows_them() {
        let page = "guides/a/index.html";
        let b = base();
        assert_eq!(
            resolve(page, "../b/", &b),
            internal("guides/b/index.html", None, None)
        );
        assert_eq!(
            resolve(page, "../b/index.html#x", &b),
            internal("guides/b/index.html", None, Some("x"))
        );
        assert_eq!(
            resolve(page, "../b", &b),
            internal("guides/b", Some("guides/b/index.html"), None)
        );
        assert_eq!(resolve(page, "#top", &b), internal(page, None, None));
        assert_eq!(
            resolve(page, "#caf%C3%A9", &b),
            internal(page, None, Some("café"))
        );
        assert_eq!(
            resolve(page, "/sub/tags/", &b),
            internal("tags/index.html", None, None)
        );
        assert_eq!(
            resolve(page, "https://example.org/sub/style.css?v=2", &b),
            internal("style.css", None, None)
        );
        assert_eq!(resolve(page, "/elsewhere/", &b), Resolved::Outside);
        assert_eq!(resolve(page, "../../../x/", &b), Resolved::Outside);
        assert_eq!(
            resolve(page, "https://nrmp.org/x", &b),
            Resolved::External("https://nrmp.org/x".to_string())
        );
        assert_eq!(
            resolve(page, "//cdn.example/x.js", &b),
            Resolved::External("https://cdn.example/x.js".to_string())
        );
        assert_eq!(resolve(page, "mailto:a@b.org", &b), Resolved::Skip);
        assert_eq!(
            resolve("index.html", "guides/", &b),
            internal("guides/index.html", None, None)
        );
    }

    #[test]
    fn the_hot_path_hashes_what_resolve_says() {
        let b = base();
        let hrefs = [
            "../b/",
            "../b/index.html#x",
            "../b",
            "#top",
            "#one",
            "#caf%C3%A9",
            "/sub/tags/",
            "/sub/",
            "/elsewhere/",
            "../../../x/",
            "https://example.org/sub/style.css?v=2",
            "https://nrmp.org/x",
            "//cdn.example/x.js",
            "mailto:a@b.org",
            "",
            "style.css",
            "./c/./d/../e.png",
            "x%20y.pdf",
            "..",
            ".",
            "../..",
            "a//b/",
            "?q=1",
            "index.html",
        ];
        for page in [
            "guides/a/index.html",
            "index.html",
            "404.html",
            "guides/a/b/c/index.html",
        ] {
            let mut hasher = HrefHasher::new(page, &b);
            for href in hrefs {
                let expected = Hashed::from(resolve(page, href, &b));
                assert_eq!(hasher.hash(href), expected, "{href} on {page}");
            }
        }
    }

    #[test]
    fn broken_links_and_fragments_are_found() {
        let b = base();
        let a = scan(
            "a/index.html",
            "<h2 id=\"one\">1</h2><a href=\"../b/\">b</a><a href=\"../b/#two\">b2</a><a href=\"../b/#nope\">x</a><a href=\"../c/\">c</a><a href=\"#one\">1</a><a href=\"style.css\">s</a><a href=\"../../up/\">u</a>",
            &b,
            false,
        );
        let bpage = scan("b/index.html", "<p id=two>", &b, false);
        let known = Known::new(["a/index.html", "b/index.html", "a/style.css"]);
        let broken = find_broken(&[("a/index.html", &a), ("b/index.html", &bpage)], &known);
        let found: Vec<(usize, Problem)> = broken.iter().map(|x| (x.link, x.problem)).collect();
        assert_eq!(
            found,
            vec![
                (2, Problem::Fragment),
                (3, Problem::Missing),
                (6, Problem::Outside)
            ]
        );
        let hrefs = internal_hrefs(
            "a/index.html",
            "<a href=\"../b/\">b</a><a href=\"https://x.org\">x</a><a href=\"#one\">",
            &b,
        );
        assert_eq!(
            hrefs.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
            ["../b/", "#one"]
        );
    }
}
