//! Slugs and URLs: a page's URL comes from its file name or its `slug:`, transliterated to ASCII;
//! a slug cannot leave its section, and two sources for one URL is an error naming both.

use crate::support::{Site, only_error, place};

#[test]
fn slug_comes_from_the_file_name() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/Rank List Strategy.md",
        "---\ntitle: Ranking programs\n---\n\nRank where you want to train.\n",
    );
    site.build_ok();
    assert!(
        site.main_of("guides/rank-list-strategy/index.html")
            .contains("<h1>Ranking programs</h1>")
    );
    assert!(
        !site.exists("guides/ranking-programs/index.html"),
        "the title is not the slug"
    );
}

#[test]
fn slug_field_overrides_the_file_name() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/old-file-name.md",
        "---\ntitle: Renamed\nslug: Shiny New Name\n---\n\nBody.\n",
    );
    site.build_ok();
    assert!(
        site.main_of("guides/shiny-new-name/index.html")
            .contains("<h1>Renamed</h1>")
    );
    assert!(!site.exists("guides/old-file-name/index.html"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.test/docs/guides/shiny-new-name/</loc>")
    );
}

#[test]
fn non_ascii_file_name_is_transliterated() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/résumé-tips.md",
        "---\ntitle: Résumé tips\n---\n\nKeep it to two pages.\n",
    );
    site.build_ok();
    assert!(
        site.main_of("guides/resume-tips/index.html")
            .contains("<h1>Résumé tips</h1>")
    );
    assert!(
        site.read("guides/index.html")
            .contains("guides/resume-tips/index.html")
    );
}

#[test]
fn slug_that_leaves_the_section_is_an_error_at_the_value() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/escape.md",
        "---\ntitle: Escape\nslug: ../x\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/escape.md".to_string(), 3, 7));
    assert!(d.message.contains("`../x`"), "{d}");
    assert!(!site.exists("x/index.html"));
    assert!(!site.exists("guides/x/index.html"));
}

#[test]
fn slug_with_a_slash_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/nested.md",
        "---\ntitle: Nested\nslug: a/b\n---\n\nBody.\n",
    );
    let error = site.build_err();
    assert_eq!(
        place(only_error(&error)),
        ("content/guides/nested.md".to_string(), 3, 7)
    );
}

#[test]
fn slug_without_letters_or_digits_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/dashes.md",
        "---\ntitle: Dashes\nslug: '---'\n---\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d).0, "content/guides/dashes.md");
    assert!(d.message.contains("empty"), "{d}");
}

#[test]
fn two_pages_with_one_url_is_an_error_naming_both_files() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/alpha-copy.md",
        "---\ntitle: Alpha again\nslug: alpha\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert!(d.message.contains("/guides/alpha/"), "{d}");
    assert!(d.message.contains("content/guides/alpha.md"), "{d}");
    assert!(d.message.contains("content/guides/alpha-copy.md"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn two_file_names_with_one_slug_is_an_error_naming_both_files() {
    let site = Site::fixture("basic");
    // `gamma_` slugifies to `gamma`, like gamma.md.
    site.file(
        "content/guides/gamma_.md",
        "---\ntitle: Gamma underscore\n---\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert!(d.message.contains("content/guides/gamma_.md"), "{d}");
    assert!(d.message.contains("content/guides/gamma.md"), "{d}");
}

#[test]
fn page_slug_that_equals_a_section_is_an_error() {
    let site = Site::fixture("basic");
    site.file("content/guides/exams.md", "---\ntitle: Exams page\n---\n");
    let error = site.build_err();
    let d = only_error(&error);
    assert!(d.message.contains("/guides/exams/"), "{d}");
    assert!(d.message.contains("content/guides/exams.md"), "{d}");
    assert!(d.message.contains("content/guides/exams/_index.md"), "{d}");
}

#[test]
fn alias_that_is_another_page_url_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma Guide\ndate: 2026-03-05\naliases: [/guides/beta/]\n---\n\nGamma.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::UrlAliasClash);
    // At the alias, naming the page whose URL it is.
    assert_eq!(
        place(d),
        ("content/guides/gamma.md".to_string(), 4, 11),
        "{d}"
    );
    assert!(d.message.contains("content/guides/beta.md"), "{d}");
    assert_eq!(d.related[0].location.path_text(), "content/guides/beta.md");
}
