//! Drafts: left out of every output by default (page, lists, sitemap, feed, tags), included
//! with the `drafts` option, and a link to a left-out draft is an error with a hint.

use crate::support::{Site, elements, only_error, place};

const DRAFT: &str = "---\ntitle: Secret Draft\ndate: 2026-06-01\ntags: [draft-only, visas]\ndraft: true\n---\n\nNot ready yet.\n";

fn site_with_draft() -> Site {
    let site = Site::fixture("basic");
    site.file("content/guides/secret.md", DRAFT);
    site
}

#[test]
fn drafts_are_left_out_of_every_output_by_default() {
    let site = site_with_draft();
    let report = site.build_ok();
    assert_eq!(
        report.pages, 5,
        "the fixture's five pages, without the draft"
    );
    assert!(!site.exists("guides/secret/index.html"));
    assert!(
        !site.path("public/guides/secret").exists(),
        "no empty folder either"
    );
    for list in [
        "index.html",
        "guides/index.html",
        "tags/visas/index.html",
        "tags/index.html",
    ] {
        let html = site.read(list);
        assert!(!html.contains("Secret Draft"), "{list} lists the draft");
        assert!(!html.contains("secret/"), "{list} links to the draft");
    }
    assert!(!site.read("sitemap.xml").contains("secret"));
    assert!(!site.read("atom.xml").contains("Secret Draft"));
    assert!(
        !site.exists("tags/draft-only/index.html"),
        "a tag only drafts carry has no page"
    );
    assert!(!site.read("tags/index.html").contains("draft-only"));
    // The visas tag still counts only the two published guides.
    assert!(site.read("tags/index.html").contains(">visas</a> (2)"));
}

#[test]
fn drafts_option_includes_drafts_everywhere() {
    let site = site_with_draft();
    let report = site
        .build_with(|o| o.drafts = true)
        .expect("builds with drafts");
    assert_eq!(report.pages, 6);
    assert!(
        site.main_of("guides/secret/index.html")
            .contains("<h1>Secret Draft</h1>")
    );
    assert!(site.read("guides/index.html").contains("Secret Draft"));
    assert!(
        site.read("tags/draft-only/index.html")
            .contains("Secret Draft")
    );
    assert!(site.read("tags/index.html").contains(">visas</a> (3)"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.test/docs/guides/secret/</loc>")
    );
    let atom = site.read("atom.xml");
    assert_eq!(
        elements(&atom, "title")[1],
        "Secret Draft",
        "the newest guide comes first"
    );
}

#[test]
fn turning_drafts_off_again_removes_their_output() {
    let site = site_with_draft();
    site.build_with(|o| o.drafts = true)
        .expect("builds with drafts");
    assert!(site.exists("guides/secret/index.html"));
    let report = site.build_ok();
    assert!(!site.exists("guides/secret/index.html"));
    assert!(!site.exists("tags/draft-only/index.html"));
    assert!(report.files.removed >= 2, "{:?}", report.files);
}

#[test]
fn link_to_a_draft_is_an_error_with_a_hint_when_drafts_are_off() {
    let site = site_with_draft();
    site.file(
        "content/about.md",
        "---\ntitle: About\n---\n\nAbout this site.\n\nSoon: [the secret guide](@/guides/secret.md).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/about.md".to_string(), 7, 7));
    assert!(d.message.contains("@/guides/secret.md"), "{d}");
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains("draft")),
        "{d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn link_to_a_draft_builds_with_drafts_on() {
    let site = site_with_draft();
    site.file(
        "content/about.md",
        "---\ntitle: About\n---\n\nSoon: [the secret guide](@/guides/secret.md).\n",
    );
    site.build_with(|o| o.drafts = true)
        .expect("the draft is there to link to");
    assert!(
        site.read("about/index.html")
            .contains("<a href=\"../guides/secret/index.html\">the secret guide</a>")
    );
}
