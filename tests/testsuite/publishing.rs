//! Publishing files: redirect pages for aliases, sitemap.xml with absolute URLs for every page,
//! atom.xml with guides newest first, robots.txt, and the 404 page.

use std::collections::BTreeMap;

use matchpress::pipeline::{self, BuildReport, Caches, Stopwatch};
use matchpress::plan::{Content, Planner, SITEMAP, SitemapLimits, What};

use crate::support::{Site, elements, follow};

#[test]
fn alias_produces_a_redirect_page_to_the_guide() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/alpha.md",
        "---\ntitle: Alpha Guide\ndate: 2026-01-10\naliases: [/old/alpha-guide/, old-alpha]\n---\n\nAlpha.\n",
    );
    site.build_ok();
    for alias in ["old/alpha-guide/index.html", "old-alpha/index.html"] {
        let html = site.read(alias);
        let refresh = html
            .split_once("http-equiv=\"refresh\" content=\"0; url=")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or_else(|| panic!("no refresh in {alias}:\n{html}"), |(url, _)| url);
        assert_eq!(
            follow(alias, refresh),
            "guides/alpha/index.html",
            "{alias}: {refresh}"
        );
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"https://example.test/docs/guides/alpha/\">"
            ),
            "{html}"
        );
        assert!(html.contains("noindex"), "{html}");
        assert!(
            html.contains(&format!("<a href=\"{refresh}\">Alpha Guide</a>")),
            "{html}"
        );
    }
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("old"),
        "redirects are not in the sitemap: {sitemap}"
    );
}

#[test]
fn alias_that_leaves_the_site_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/alpha.md",
        "---\ntitle: Alpha Guide\naliases: [../../etc/]\n---\n",
    );
    let error = site.build_err();
    assert!(
        error.to_string().contains("content/guides/alpha.md:3:"),
        "{error}"
    );
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = Site::fixture("basic");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset"));
    let locs = elements(&sitemap, "loc");
    let base = "https://example.test/docs/";
    let expected: Vec<String> = [
        "",
        "about/",
        "guides/",
        "guides/alpha/",
        "guides/beta/",
        "guides/exams/",
        "guides/exams/delta/",
        "guides/gamma/",
        "search/",
        "tags/",
        "tags/interviews/",
        "tags/step-2-ck/",
        "tags/visas/",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    assert_eq!(locs, expected);
    // Every HTML page of the output but the 404 page is in the sitemap.
    let mut pages: Vec<String> = site
        .outputs()
        .into_iter()
        .filter_map(|p| p.strip_suffix("index.html").map(|d| format!("{base}{d}")))
        .collect();
    pages.sort();
    assert_eq!(locs, pages);
    assert!(sitemap.contains(
        "<loc>https://example.test/docs/guides/beta/</loc><lastmod>2026-02-20</lastmod>"
    ));
}

#[test]
fn sitemap_uses_updated_over_date_for_lastmod() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/beta.md",
        "---\ntitle: Beta Guide\ndate: 2026-02-20\nupdated: 2026-05-02\n---\n\nBeta.\n",
    );
    site.build_ok();
    assert!(site.read("sitemap.xml").contains(
        "<loc>https://example.test/docs/guides/beta/</loc><lastmod>2026-05-02</lastmod>"
    ));
}

#[test]
fn atom_feed_lists_guides_newest_first_with_absolute_links() {
    let site = Site::fixture("basic");
    site.build_ok();
    let atom = site.read("atom.xml");
    let titles = elements(&atom, "title");
    assert_eq!(
        titles,
        [
            "Fixture Site",
            "Gamma Guide",
            "Beta Guide",
            "Alpha Guide",
            "Delta Guide"
        ]
    );
    let ids = elements(&atom, "id");
    assert_eq!(
        ids,
        [
            "https://example.test/docs/",
            "https://example.test/docs/guides/gamma/",
            "https://example.test/docs/guides/beta/",
            "https://example.test/docs/guides/alpha/",
            "https://example.test/docs/guides/exams/delta/",
        ]
    );
    assert!(atom.contains("<link rel=\"self\" href=\"https://example.test/docs/atom.xml\"/>"));
    assert_eq!(
        elements(&atom, "updated")[0],
        "2026-03-05T00:00:00Z",
        "the newest guide's date"
    );
    assert!(!atom.contains("About"), "plain pages are not in the feed");
}

#[test]
fn atom_feed_holds_at_most_feed_limit_guides() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: https://example.test/docs/\nfeed_limit: 2\n",
    );
    site.build_ok();
    let atom = site.read("atom.xml");
    assert_eq!(
        elements(&atom, "title"),
        ["Fixture Site", "Gamma Guide", "Beta Guide"]
    );
}

#[test]
fn feed_escapes_titles() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: \"Q&A: <Interviews>\"\ndate: 2026-03-05\n---\n\nGamma.\n",
    );
    site.build_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<title>Q&amp;A: &lt;Interviews&gt;</title>"),
        "{atom}"
    );
}

/// The sitemap files of `site` planned with `limits`, by output path, and its robots.txt.
fn sitemaps(site: &Site, limits: SitemapLimits) -> (BTreeMap<String, String>, String) {
    let loaded = pipeline::load(site.root(), None).expect("load the site");
    let (prepared, _) = pipeline::prepare(
        &loaded.inputs,
        loaded.config,
        loaded.theme.as_ref(),
        false,
        &mut Caches::default(),
        &mut BuildReport::default(),
        &mut Stopwatch::start(),
    );
    let planner = Planner::new(&prepared.site).with_sitemap_limits(limits);
    let (plan, problems) = planner.plan();
    assert!(problems.is_empty(), "{problems:?}");
    let text = |job| match planner.content(job) {
        Content::Bytes(bytes) => String::from_utf8(bytes).expect("UTF-8"),
        Content::Template { .. } => panic!("{} is a page", job.path),
    };
    let mut files = BTreeMap::new();
    let mut robots = String::new();
    for job in &plan.jobs {
        match job.what {
            What::Sitemap(_) => {
                files.insert(job.path.clone(), text(job));
            }
            What::Robots => robots = text(job),
            _ => assert!(!job.path.starts_with("sitemap"), "{}", job.path),
        }
    }
    (files, robots)
}

/// The root element's name of `xml`, checked to be well-formed XML in the sitemap namespace.
fn sitemap_root(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.tag_name().name().to_string()
}

#[test]
fn a_site_within_the_limits_has_one_plain_sitemap() {
    let site = Site::fixture("directory");
    let (files, _) = sitemaps(&site, SitemapLimits::PROTOCOL);
    assert_eq!(files.keys().collect::<Vec<_>>(), [SITEMAP]);
    assert_eq!(sitemap_root(&files[SITEMAP]), "urlset");
}

#[test]
fn a_sitemap_over_the_limits_is_split_into_files_under_an_index() {
    let site = Site::fixture("directory");
    let (whole, _) = sitemaps(&site, SitemapLimits::PROTOCOL);
    let every_page = elements(&whole[SITEMAP], "loc").len();
    let base = "https://example.test/docs/";
    assert!(
        every_page > 12,
        "a site large enough to split: {every_page} pages"
    );
    // By count, then by size: at most 5 URLs, or files of at most 600 bytes.
    for limits in [
        SitemapLimits {
            urls: 5,
            bytes: 50 << 20,
        },
        SitemapLimits {
            urls: 50_000,
            bytes: 600,
        },
    ] {
        let (files, robots) = sitemaps(&site, limits);
        assert!(
            robots.ends_with(&format!("\nSitemap: {base}{SITEMAP}\n")),
            "robots.txt names the index: {robots}"
        );
        let index = &files[SITEMAP];
        assert_eq!(sitemap_root(index), "sitemapindex", "{index}");
        let listed = elements(index, "loc");
        let names: Vec<&str> = files
            .keys()
            .map(String::as_str)
            .filter(|n| *n != SITEMAP)
            .collect();
        assert!(names.len() >= 3, "{limits:?}: {names:?}");
        let mut expected: Vec<String> = names.iter().map(|n| format!("{base}{n}")).collect();
        expected.sort();
        let mut sorted: Vec<String> = listed.iter().map(ToString::to_string).collect();
        sorted.sort();
        assert_eq!(
            sorted, expected,
            "the index lists every file, and only them"
        );
        let mut locs: Vec<&str> = Vec::new();
        for name in &names {
            let xml = &files[*name];
            assert_eq!(sitemap_root(xml), "urlset", "{name}");
            let urls = elements(xml, "loc");
            assert!(
                !urls.is_empty() && urls.len() <= limits.urls,
                "{name}: {} URLs",
                urls.len()
            );
            assert!(xml.len() <= limits.bytes, "{name}: {} bytes", xml.len());
            locs.extend(urls);
        }
        let mut once = locs.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(once.len(), locs.len(), "no URL in two files");
        let mut all = elements(&whole[SITEMAP], "loc");
        all.sort_unstable();
        assert_eq!(once, all, "every page is in one of the files");
    }
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.test/docs/sitemap.xml\n"
    );
}

#[test]
fn not_found_page_links_from_the_site_root_path() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.read("404.html");
    // It is served at any URL, so its links cannot be relative to one folder.
    assert!(html.contains("<a href=\"/docs/\">Home</a>"), "{html}");
    assert!(html.contains("href=\"/docs/style.css\""), "{html}");
}
