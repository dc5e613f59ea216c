//! The outputs that are not pages: alias redirects, the Atom feed, robots.txt and the sitemap.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use super::linker::Linker;
use super::{Content, GENERATOR, Indexes, Planner};
use crate::config::LinkStyle;
use crate::markdown::escape;
use crate::model::{Date, Owner, Page};
use std::sync::OnceLock;

impl Planner<'_> {
    pub(super) fn redirect(&self, alias: &str, page: &Page) -> Content {
        let href = escape(&self.linker.href(alias, &page.path));
        let canonical = escape(&format!("{}{}", self.site.config.base_url, page.path));
        let title = escape(&page.title);
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
            lang = escape(&self.site.config.language),
        );
        Content::Bytes(html.into_bytes())
    }

    pub(super) fn feed(&self) -> Content {
        let config = &self.site.config;
        let guides: Vec<usize> = self
            .site
            .guides_by_date()
            .into_iter()
            .take(config.feed_limit)
            .collect();
        let stamp = |d: Option<Date>| {
            d.map_or_else(
                || "1970-01-01T00:00:00Z".to_string(),
                |d| format!("{}T00:00:00Z", d.iso()),
            )
        };
        let updated = guides
            .iter()
            .filter_map(|&i| {
                let p = &self.site.pages[i];
                p.updated.or(p.date)
            })
            .max();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = write!(
            xml,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n<link rel=\"self\" href=\"{base}atom.xml\"/>\n<link href=\"{base}\"/>\n<id>{base}</id>\n<updated>{updated}</updated>\n<generator>{GENERATOR}</generator>\n",
            lang = escape(&config.language),
            title = escape(&config.title),
            subtitle = escape(&config.description),
            base = escape(&config.base_url),
            updated = stamp(updated),
        );
        for i in guides {
            let page = &self.site.pages[i];
            let url = format!("{}{}", config.base_url, page.path);
            // Feed readers resolve links against the entry's absolute URL.
            let absolute = Planner {
                site: self.site,
                hash_only: self.hash_only,
                linker: Linker {
                    style: LinkStyle::Clean,
                    base_path: &config.base_url,
                },
                // Without indexes: no tag or specialty is looked up.
                indexes: OnceLock::from(Indexes::default()),
                traced: None,
                sitemap_limits: self.sitemap_limits,
                inline_style: None,
            };
            let summary =
                absolute.resolve(&page.path, &page.body.summary, &page.links, Owner::Page(i));
            let _ = write!(
                xml,
                "<entry>\n<title>{title}</title>\n<link href=\"{url}\"/>\n<id>{url}</id>\n<published>{published}</published>\n<updated>{updated}</updated>\n<author><name>{author}</name></author>\n<summary type=\"html\">{summary}</summary>\n</entry>\n",
                title = escape(&page.title),
                url = escape(&url),
                published = stamp(page.date),
                updated = stamp(page.updated.or(page.date)),
                author = escape(&config.author),
                summary = escape(&summary),
            );
        }
        xml.push_str("</feed>\n");
        Content::Bytes(xml.into_bytes())
    }

    /// `_redirects`: one line per alias, `/old/path/ /new/path/ 301`, both under the base
    /// URL's path. Hosts that read it answer an old URL with a real redirect; the redirect page
    /// written at the alias serves every other host.
    pub(super) fn host_redirects(&self) -> Content {
        let base_path = self.site.config.base_path();
        let mut text = String::from(
            "# Written by matchpress from the pages' `aliases`: old URL, new URL, status.\n",
        );
        for page in &self.site.pages {
            for alias in &page.aliases {
                let _ = writeln!(text, "{base_path}{alias} {base_path}{} 301", page.path);
            }
        }
        Content::Bytes(text.into_bytes())
    }

    pub(super) fn robots(&self) -> Content {
        // `sitemap.xml` is the sitemap or, for a site over one file's limits, the index of the
        // sitemap files: the name stays the same either way.
        let text = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}{SITEMAP}\n",
            self.site.config.base_url
        );
        Content::Bytes(text.into_bytes())
    }

    /// The sitemap files of `pages` (site paths, sorted): one `sitemap.xml` listing them all
    /// when they fit in one file's `limits`; otherwise `sitemap-1.xml`, `sitemap-2.xml`...,
    /// each within the limits, and `sitemap.xml` as their index. Every page is in exactly one
    /// file. Gives (output path, what it holds) pairs.
    pub(super) fn sitemap_files(
        &self,
        pages: Vec<String>,
        limits: SitemapLimits,
    ) -> Vec<(String, SitemapFile)> {
        let lastmod = self.lastmods();
        let base = &self.site.config.base_url;
        let mut entry = String::new();
        let sizes: Vec<usize> = pages
            .iter()
            .map(|path| {
                entry.clear();
                write_entry(&mut entry, base, path, lastmod.get(path.as_str()).copied());
                entry.len()
            })
            .collect();
        let runs = split(&sizes, limits);
        if runs.len() <= 1 {
            return vec![(SITEMAP.to_string(), SitemapFile::Urls(pages))];
        }
        let names: Vec<String> = (1..=runs.len())
            .map(|n| format!("sitemap-{n}.xml"))
            .collect();
        let mut files: Vec<(String, SitemapFile)> = names
            .iter()
            .zip(runs)
            .map(|(name, run)| (name.clone(), SitemapFile::Urls(pages[run].to_vec())))
            .collect();
        files.push((SITEMAP.to_string(), SitemapFile::Index(names)));
        files
    }

    /// The date each page was last changed, by site path.
    fn lastmods(&self) -> HashMap<&str, Date> {
        self.site
            .pages
            .iter()
            .filter_map(|p| p.updated.or(p.date).map(|d| (p.path.as_str(), d)))
            .collect()
    }

    pub(super) fn sitemap(&self, file: &SitemapFile) -> Content {
        let base = &self.site.config.base_url;
        let mut xml = String::new();
        match file {
            SitemapFile::Urls(pages) => {
                let lastmod = self.lastmods();
                xml.push_str(URLSET_HEAD);
                for path in pages {
                    write_entry(&mut xml, base, path, lastmod.get(path.as_str()).copied());
                }
                xml.push_str(URLSET_TAIL);
            }
            SitemapFile::Index(files) => {
                xml.push_str(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                );
                for name in files {
                    let _ = writeln!(
                        xml,
                        "<sitemap><loc>{}</loc></sitemap>",
                        escape(&format!("{base}{name}"))
                    );
                }
                xml.push_str("</sitemapindex>\n");
            }
        }
        Content::Bytes(xml.into_bytes())
    }
}

/// The sitemap's name: the file `robots.txt` names, and the one people and tools look for.
pub const SITEMAP: &str = "sitemap.xml";

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_TAIL: &str = "</urlset>\n";

/// What one sitemap file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SitemapFile {
    /// A `<urlset>` of these site paths.
    Urls(Vec<String>),
    /// A `<sitemapindex>` of these sitemap files (output paths).
    Index(Vec<String>),
}

/// The most one sitemap file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SitemapLimits {
    /// URLs in one file.
    pub urls: usize,
    /// Bytes of one file, uncompressed.
    pub bytes: usize,
}

impl SitemapLimits {
    /// The sitemaps.org protocol's limits: 50,000 URLs and 50 MB (52,428,800 bytes).
    pub const PROTOCOL: Self = Self {
        urls: 50_000,
        bytes: 50 * 1024 * 1024,
    };
}

impl Default for SitemapLimits {
    fn default() -> Self {
        Self::PROTOCOL
    }
}

/// One `<url>` of a sitemap, appended to `xml`.
fn write_entry(xml: &mut String, base: &str, path: &str, lastmod: Option<Date>) {
    let _ = write!(xml, "<url><loc>{}</loc>", escape(&format!("{base}{path}")));
    if let Some(date) = lastmod {
        let _ = write!(xml, "<lastmod>{}</lastmod>", date.iso());
    }
    xml.push_str("</url>\n");
}

/// Cut entries of these sizes (bytes), in order, into runs that each fit one sitemap file
/// within `limits` (the `<urlset>` around them counted). Every entry is in exactly one run; an
/// entry too large for a file of its own still gets one (no URL is left out). Linear in the
/// number of entries; no runs for no entries.
fn split(sizes: &[usize], limits: SitemapLimits) -> Vec<Range<usize>> {
    let frame = URLSET_HEAD.len() + URLSET_TAIL.len();
    let max_urls = limits.urls.max(1);
    let mut runs = Vec::new();
    let mut start = 0;
    let mut bytes = frame;
    for (i, &size) in sizes.iter().enumerate() {
        let full = i - start == max_urls || (i > start && bytes + size > limits.bytes);
        if full {
            runs.push(start..i);
            start = i;
            bytes = frame;
        }
        bytes += size;
    }
    if start < sizes.len() {
        runs.push(start..sizes.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sizes: &[usize], limits: SitemapLimits) -> Vec<Range<usize>> {
        let runs = split(sizes, limits);
        let frame = URLSET_HEAD.len() + URLSET_TAIL.len();
        let mut next = 0;
        for run in &runs {
            assert_eq!(
                run.start, next,
                "runs are contiguous and in order: {runs:?}"
            );
            assert!(!run.is_empty(), "no empty file: {runs:?}");
            assert!(
                run.len() <= limits.urls,
                "{run:?} over {} URLs",
                limits.urls
            );
            let bytes: usize = frame + sizes[run.clone()].iter().sum::<usize>();
            assert!(
                bytes <= limits.bytes || run.len() == 1,
                "{run:?} is {bytes} bytes, over {}",
                limits.bytes
            );
            next = run.end;
        }
        assert_eq!(next, sizes.len(), "every entry is in a run");
        runs
    }

    #[test]
    fn a_site_within_the_limits_is_one_file() {
        assert_eq!(check(&[100; 3], SitemapLimits::PROTOCOL), vec![0..3]);
        assert!(split(&[], SitemapLimits::PROTOCOL).is_empty());
    }

    #[test]
    fn files_hold_at_most_the_url_limit() {
        let limits = SitemapLimits {
            urls: 2,
            bytes: 1 << 20,
        };
        assert_eq!(check(&[10; 5], limits), vec![0..2, 2..4, 4..5]);
        assert_eq!(check(&[10; 4], limits), vec![0..2, 2..4]);
    }

    #[test]
    fn files_hold_at_most_the_byte_limit() {
        let frame = URLSET_HEAD.len() + URLSET_TAIL.len();
        let limits = SitemapLimits {
            urls: 100,
            bytes: frame + 250,
        };
        assert_eq!(
            check(&[100, 100, 50, 1, 100, 100], limits),
            vec![0..3, 3..6]
        );
        // An entry larger than a file's limit still gets a file of its own.
        assert_eq!(check(&[10, 400, 10], limits), vec![0..1, 1..2, 2..3]);
    }

    #[test]
    fn the_protocol_limits_split_a_large_site() {
        // 120,001 URLs of a realistic length: two files of 50,000 and one of the rest.
        let runs = check(&vec![90; 120_001], SitemapLimits::PROTOCOL);
        assert_eq!(runs, vec![0..50_000, 50_000..100_000, 100_000..120_001]);
        // Long URLs (about 2 KB each) reach 50 MB before 50,000 URLs.
        let runs = check(&vec![2_100; 60_000], SitemapLimits::PROTOCOL);
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert!(runs[0].len() < 50_000 && runs[0].len() > 24_000, "{runs:?}");
    }
}
