//! Lists: paginated sections (page/2/, page/3/ with previous and next links) and tags
//! (/tags/ and /tags/<slug>/ listing the right guides, newest first).

use crate::support::{Site, follow, href_of_link, main_of};

/// The guide titles linked from a list page's `<ul class="guides">`, in order.
fn listed(html: &str) -> Vec<String> {
    let main = main_of(html);
    let list = main
        .split_once("<ul class=\"guides\">")
        .and_then(|(_, rest)| rest.split_once("</ul>"))
        .map_or("", |(list, _)| list);
    list.split("<li><a href=\"")
        .skip(1)
        .filter_map(|item| {
            let (_, after) = item.split_once("\">")?;
            after.split_once("</a>").map(|(title, _)| title.to_string())
        })
        .collect()
}

#[test]
fn five_guides_by_two_make_three_pages() {
    let site = Site::fixture("pagination");
    let report = site.build_ok();
    assert_eq!(report.pages, 5);
    assert_eq!(report.sections, 3, "three pages of the guides list");
    assert_eq!(
        listed(&site.read("guides/index.html")),
        ["Five Guide", "Four Guide"]
    );
    assert_eq!(
        listed(&site.read("guides/page/2/index.html")),
        ["Three Guide", "Two Guide"]
    );
    assert_eq!(
        listed(&site.read("guides/page/3/index.html")),
        ["One Guide"]
    );
    assert!(!site.exists("guides/page/4/index.html"));
    assert!(
        !site.exists("guides/page/1/index.html"),
        "page 1 is the section's own URL"
    );
}

#[test]
fn pages_link_to_their_previous_and_next_pages() {
    let site = Site::fixture("pagination");
    site.build_ok();
    let cases = [
        ("guides/index.html", None, Some("guides/page/2/index.html")),
        (
            "guides/page/2/index.html",
            Some("guides/index.html"),
            Some("guides/page/3/index.html"),
        ),
        (
            "guides/page/3/index.html",
            Some("guides/page/2/index.html"),
            None,
        ),
    ];
    for (page, prev, next) in cases {
        let html = site.main_of(page);
        let prev_found = html
            .contains(">Previous</a>")
            .then(|| follow(page, &href_of_link(&html, "Previous")));
        let next_found = html
            .contains(">Next</a>")
            .then(|| follow(page, &href_of_link(&html, "Next")));
        assert_eq!(prev_found.as_deref(), prev, "previous on {page}");
        assert_eq!(next_found.as_deref(), next, "next on {page}");
    }
    assert!(
        site.main_of("guides/page/2/index.html")
            .contains("page 2 of 3")
    );
}

#[test]
fn later_pages_have_their_own_title_and_canonical_url() {
    let site = Site::fixture("pagination");
    site.build_ok();
    let html = site.read("guides/page/3/index.html");
    assert!(
        html.contains("<title>Guides (page 3 of 3) · Pagination Fixture</title>"),
        "{html}"
    );
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.test/guides/page/3/\">"));
}

#[test]
fn removing_guides_removes_the_pages_no_longer_needed() {
    let site = Site::fixture("pagination");
    site.build_ok();
    site.remove("content/guides/one.md");
    let report = site.build_ok();
    assert!(!site.exists("guides/page/3/index.html"));
    assert!(!site.path("public/guides/page/3").exists());
    assert!(
        !site
            .main_of("guides/page/2/index.html")
            .contains(">Next</a>")
    );
    assert!(
        report.files.removed >= 2,
        "page 3 and guides/one: {:?}",
        report.files
    );
}

#[test]
fn site_wide_paginate_by_applies_to_sections_without_their_own() {
    let site = Site::fixture("pagination");
    site.file(
        "site.yaml",
        "title: Pagination Fixture\nbase_url: https://example.test/\npaginate_by: 4\n",
    )
    .file("content/guides/_index.md", "---\ntitle: Guides\n---\n");
    site.build_ok();
    assert_eq!(listed(&site.read("guides/index.html")).len(), 4);
    assert_eq!(
        listed(&site.read("guides/page/2/index.html")),
        ["One Guide"]
    );
    assert!(!site.exists("guides/page/3/index.html"));
}

#[test]
fn tags_index_lists_every_tag_with_its_count() {
    let site = Site::fixture("pagination");
    let report = site.build_ok();
    assert_eq!(report.tags, 3);
    let main = site.main_of("tags/index.html");
    for (name, slug, count) in [
        ("exams", "exams", 2),
        ("Match Day", "match-day", 1),
        ("visas", "visas", 3),
    ] {
        let href = href_of_link(&main, name);
        assert_eq!(
            follow("tags/index.html", &href),
            format!("tags/{slug}/index.html")
        );
        assert!(
            main.contains(&format!(">{name}</a> ({count})")),
            "{name}: {main}"
        );
    }
}

#[test]
fn tag_pages_list_the_tagged_guides_newest_first() {
    let site = Site::fixture("pagination");
    site.build_ok();
    assert_eq!(
        listed(&site.read("tags/visas/index.html")),
        ["Five Guide", "Two Guide", "One Guide"]
    );
    assert_eq!(
        listed(&site.read("tags/exams/index.html")),
        ["Three Guide", "Two Guide"]
    );
    assert_eq!(
        listed(&site.read("tags/match-day/index.html")),
        ["Four Guide"]
    );
    assert!(
        site.main_of("tags/match-day/index.html")
            .contains("<h1>Match Day</h1>")
    );
    let from = "tags/visas/index.html";
    let href = href_of_link(&site.main_of(from), "Two Guide");
    assert_eq!(follow(from, &href), "guides/two/index.html");
}

#[test]
fn tags_that_differ_only_in_case_are_one_tag() {
    let site = Site::fixture("pagination");
    site.file(
        "content/guides/six.md",
        "---\ntitle: Six Guide\ndate: 2026-06-01\ntags: [Visas]\n---\n\nThe six guide.\n",
    );
    let report = site.build_ok();
    assert_eq!(report.tags, 3);
    assert_eq!(
        listed(&site.read("tags/visas/index.html")),
        ["Six Guide", "Five Guide", "Two Guide", "One Guide"]
    );
}

#[test]
fn guide_page_links_to_its_tags() {
    let site = Site::fixture("pagination");
    site.build_ok();
    let from = "guides/two/index.html";
    let main = site.main_of(from);
    assert_eq!(
        follow(from, &href_of_link(&main, "visas")),
        "tags/visas/index.html"
    );
    assert_eq!(
        follow(from, &href_of_link(&main, "exams")),
        "tags/exams/index.html"
    );
}

#[test]
fn site_without_tags_has_no_tag_pages() {
    let site = Site::fixture("markdown");
    let report = site.build_ok();
    assert_eq!(report.tags, 0);
    assert!(!site.exists("tags/index.html"));
}

#[test]
fn nested_section_lists_its_guides_and_its_parent_lists_it() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert_eq!(
        listed(&site.read("guides/exams/index.html")),
        ["Delta Guide"]
    );
    let main = site.main_of("guides/index.html");
    assert!(main.contains(">Exams</a> (1)"), "{main}");
    assert_eq!(
        listed(&site.read("guides/index.html")),
        ["Gamma Guide", "Beta Guide", "Alpha Guide", "Delta Guide"],
        "a section lists the guides of its subsections too, newest first"
    );
}

#[test]
fn middle_page_of_a_paginated_list_as_snapshot() {
    let site = Site::fixture("pagination");
    site.build_ok();
    insta::assert_snapshot!(site.main_of("guides/page/2/index.html"));
}

#[test]
fn guides_of_one_date_are_listed_by_title_whatever_its_case_then_by_file() {
    let site = Site::fixture("pagination");
    site.file(
        "content/guides/_index.md",
        "---\ntitle: Guides\npaginate_by: 20\n---\n",
    );
    for (file, title, date) in [
        ("tie-b.md", "beta tie", "2026-07-01"),
        ("tie-a.md", "Alpha tie", "2026-07-01"),
        ("tie-c.md", "Alpha tie", "2026-07-01"),
        ("tie-d.md", "ALPHA TIE", "2026-07-01"),
        ("later.md", "Zulu later", "2026-07-02"),
    ] {
        site.file(
            &format!("content/guides/{file}"),
            format!("---\ntitle: {title}\ndate: {date}\n---\n\nText.\n"),
        );
    }
    site.build_ok();
    let list = site.read("guides/index.html");
    let all = listed(&list);
    // Newest first; one day's guides by lowercased title, and equal titles by their files
    // (tie-a, tie-c, tie-d: "Alpha tie", "Alpha tie", "ALPHA TIE").
    assert_eq!(
        all[..5],
        [
            "Zulu later",
            "Alpha tie",
            "Alpha tie",
            "ALPHA TIE",
            "beta tie"
        ]
    );
    let (a, c) = (
        list.find("tie-a/").expect("tie-a is listed"),
        list.find("tie-c/").expect("tie-c is listed"),
    );
    assert!(a < c, "equal titles by their files");
}
