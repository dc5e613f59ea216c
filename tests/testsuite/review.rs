//! Sources and review: `sources:`, `reviewed_by` and `last_reviewed` in front matter, what the
//! default theme and the JSON-LD show of them, the `review/stale` and `review/missing-sources`
//! warnings (the build's date fixed with `SOURCE_DATE_EPOCH`), and the "Report an error" and
//! "Suggest a correction" links that `contact:` of `site.yaml` adds.

use serde_json::Value;

use crate::support::{Site, run_in_env};

/// 2026-12-01 00:00:00 UTC.
const DECEMBER_1_2026: &str = "1796083200";
/// 2027-03-02 00:00:00 UTC.
const MARCH_2_2027: &str = "1803945600";

const REVIEWED: &str = "---
title: Reviewed Guide
description: A guide with its sources.
date: 2026-01-10
updated: 2026-02-01
reviewed_by: Dr. A. Reviewer
last_reviewed: 2026-03-01
sources:
  - title: \"ECFMG: Requirements for ECFMG Certification\"
    url: https://www.ecfmg.org/certification/requirements-for-certification.html
    accessed: 2026-03-01
  - title: \"NRMP: Match calendar <2027>\"
    url: https://www.nrmp.org/match-calendars/
---

Body text.
";

/// The diagnostics `check --format json` reports on `site` on the day `epoch` (seconds).
fn check_on(site: &Site, epoch: &str) -> Vec<Value> {
    let run = run_in_env(
        site.root(),
        &["check", "--format", "json"],
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {run:?}"));
    report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .clone()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn sources_and_review_render_as_a_sources_section_and_a_review_line() {
    let site = Site::fixture_with_default_theme("basic");
    site.file("content/guides/reviewed.md", REVIEWED);
    site.edit_text(
        "site.yaml",
        "author:",
        "contact:\n  email: editors@example.test\nauthor:",
    );
    site.build_ok();
    let main = site.main_of("guides/reviewed/index.html");
    let header = main
        .split("<header class=\"guide__header\">")
        .nth(1)
        .and_then(|rest| rest.split("</header>").next())
        .expect("the guide's header");
    assert!(
        header.contains("<p class=\"guide__review\">Last reviewed <time datetime=\"2026-03-01\">March 1, 2026</time> by Dr. A. Reviewer.</p>"),
        "{header}"
    );
    let sources = main
        .split("<section class=\"guide__extra guide__sources\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the sources section");
    insta::assert_snapshot!(sources);
    // Escaped like every text an author writes.
    assert!(sources.contains("Match calendar &lt;2027&gt;"), "{sources}");

    let html = site.read("guides/reviewed/index.html");
    let ld = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("JSON-LD");
    let ld: Value = serde_json::from_str(ld).expect("JSON-LD is JSON");
    let article = &ld["@graph"][0];
    assert_eq!(article["@type"], "Article");
    assert_eq!(article["dateModified"], "2026-02-01");
    assert_eq!(article["author"]["name"], "Fixture Author");
    assert_eq!(article["reviewedBy"]["name"], "Dr. A. Reviewer");
    assert_eq!(article["lastReviewed"], "2026-03-01");
    assert_eq!(
        article["citation"][0]["url"],
        "https://www.ecfmg.org/certification/requirements-for-certification.html"
    );
    assert_eq!(
        article["citation"][1]["name"],
        "NRMP: Match calendar <2027>"
    );

    // A guide without any of it shows none of it, and its JSON-LD has no such keys.
    let plain = site.main_of("guides/alpha/index.html");
    assert!(!plain.contains("Last reviewed"), "{plain}");
    assert!(!plain.contains("Sources</h2>"), "{plain}");
    assert!(plain.contains("Report an error on this page"), "{plain}");
    let html = site.read("guides/alpha/index.html");
    assert!(!html.contains("reviewedBy"), "{html}");
    assert!(!html.contains("citation"), "{html}");
}

#[test]
fn a_review_older_than_the_site_allows_is_a_warning_at_its_date() {
    let site = Site::fixture("basic");
    site.file("content/guides/reviewed.md", REVIEWED);
    // Nine months after the review: current.
    let diagnostics = check_on(&site, DECEMBER_1_2026);
    assert!(
        with_code(&diagnostics, "review/stale").is_empty(),
        "{diagnostics:?}"
    );
    // A year and a day after it: stale, at the date, saying how old it is.
    let diagnostics = check_on(&site, MARCH_2_2027);
    let stale = with_code(&diagnostics, "review/stale");
    assert_eq!(stale.len(), 1, "{diagnostics:?}");
    let d = stale[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/guides/reviewed.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(16))
    );
    let message = d["message"].as_str().expect("a message");
    assert!(
        message.contains("March 1, 2026") && message.contains("12 months ago"),
        "{message}"
    );
    assert!(
        d["hint"]
            .as_str()
            .is_some_and(|h| h.contains("last_reviewed")),
        "{d}"
    );
    // The site sets the age: two years keeps it current; 0 never warns.
    site.edit_text(
        "site.yaml",
        "author:",
        "review:\n  max_age_months: 24\nauthor:",
    );
    assert!(with_code(&check_on(&site, MARCH_2_2027), "review/stale").is_empty());
    site.edit_text("site.yaml", "max_age_months: 24", "max_age_months: 2");
    assert_eq!(
        with_code(&check_on(&site, DECEMBER_1_2026), "review/stale").len(),
        1
    );
    site.edit_text("site.yaml", "max_age_months: 2", "max_age_months: 0");
    assert!(with_code(&check_on(&site, MARCH_2_2027), "review/stale").is_empty());
    // A warning does not fail the build, and `--deny-warnings` makes it fail.
    site.edit_text("site.yaml", "max_age_months: 0", "max_age_months: 12");
    let run = run_in_env(
        site.root(),
        &["build"],
        &[("SOURCE_DATE_EPOCH", MARCH_2_2027)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("review/stale"), "{run:?}");
}

#[test]
fn a_guide_without_sources_in_a_section_that_requires_them_is_a_warning() {
    let site = Site::fixture("basic");
    // Nothing is required unless a section says so.
    assert!(with_code(&check_on(&site, DECEMBER_1_2026), "review/missing-sources").is_empty());
    site.edit_text(
        "content/guides/_index.md",
        "title:",
        "sources_required: true\ntitle:",
    );
    site.file("content/guides/reviewed.md", REVIEWED);
    let diagnostics = check_on(&site, DECEMBER_1_2026);
    let missing: Vec<&str> = with_code(&diagnostics, "review/missing-sources")
        .iter()
        .map(|d| d["file"].as_str().expect("a file"))
        .collect();
    // Every guide of the section and of its subsection, but not the one with sources, nor
    // the plain page outside it.
    assert_eq!(
        missing,
        [
            "content/guides/alpha.md",
            "content/guides/beta.md",
            "content/guides/exams/delta.md",
            "content/guides/gamma.md",
        ],
        "{diagnostics:?}"
    );
    let first = with_code(&diagnostics, "review/missing-sources")[0];
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["related"][0]["file"], "content/guides/_index.md");
    // A subsection may say otherwise for itself.
    site.edit_text(
        "content/guides/exams/_index.md",
        "title:",
        "sources_required: false\ntitle:",
    );
    let missing = with_code(&check_on(&site, DECEMBER_1_2026), "review/missing-sources").len();
    assert_eq!(missing, 3);
}

#[test]
fn a_source_that_is_not_a_titled_web_address_is_reported_at_its_place() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/bad.md",
        "---\ntitle: Bad\nlast_reviewed: 2026-13-01\nsources:\n  - title: A file\n    url: file:///etc/passwd\n  - url: https://www.nrmp.org/\n  - just text\n  - [a, list]\n---\n\nBody.\n",
    );
    let diagnostics = check_on(&site, DECEMBER_1_2026);
    let mine: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["file"] == "content/guides/bad.md")
        .map(|d| {
            (
                d["code"].as_str().expect("a code").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        mine,
        [
            ("front-matter/invalid-date".to_string(), 3, 16),
            ("front-matter/invalid-value".to_string(), 6, 10),
            ("front-matter/missing-field".to_string(), 7, 5),
            ("front-matter/invalid-value".to_string(), 8, 5),
            ("front-matter/wrong-type".to_string(), 9, 5),
        ],
        "{diagnostics:?}"
    );
}

#[test]
fn contact_adds_prefilled_report_links_to_guides_pages_and_programs() {
    let site = Site::fixture_with_default_theme("directory");
    site.edit_text(
        "site.yaml",
        "title:",
        "contact:\n  issue_url: https://github.com/example/site/issues/new\ntitle:",
    );
    site.build_ok();
    let programs = site.outputs();
    let program = programs
        .iter()
        .find(|p| {
            p.starts_with("programs/internal-medicine/")
                && p.ends_with("/index.html")
                && p.matches('/').count() == 3
        })
        .expect("a program page");
    let main = site.main_of(program);
    // As the browser reads the attribute.
    let href = crate::support::href_of_link(&main, "Suggest a correction").replace("&amp;", "&");
    assert!(
        href.starts_with("https://github.com/example/site/issues/new?title=Correction%20to%3A%20"),
        "{href}"
    );
    // The body names the page's canonical URL; the title, its ACGME ID.
    assert!(
        href.contains("&body=Page%3A%20https%3A%2F%2F") && href.contains("ACGME%20"),
        "{href}"
    );
    // Without `contact:`, no such link.
    site.edit_text(
        "site.yaml",
        "contact:\n  issue_url: https://github.com/example/site/issues/new\n",
        "",
    );
    site.build_ok();
    assert!(!site.main_of(program).contains("Suggest a correction"));
}

#[test]
fn a_rebuild_on_another_day_is_not_replayed_from_the_cache() {
    let site = Site::fixture("basic");
    site.file("content/guides/reviewed.md", REVIEWED);
    site.settle();
    let build = |epoch: &str| run_in_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", epoch)]);
    let first = build(DECEMBER_1_2026);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(!first.stderr.contains("review/stale"), "{first:?}");
    // The same day, nothing changed: replayed.
    let again = build(DECEMBER_1_2026);
    assert!(
        again
            .stdout
            .contains("(no input changed since the last build)"),
        "{again:?}"
    );
    // Months later, nothing changed but the date: the review is stale, and the build says so.
    let later = build(MARCH_2_2027);
    assert!(!later.stdout.contains("no input changed"), "{later:?}");
    assert!(later.stderr.contains("review/stale"), "{later:?}");
}

#[test]
fn sources_written_as_bare_addresses_as_other_generators_write_them_are_read() {
    let site = Site::fixture_with_default_theme("basic");
    site.file(
        "content/guides/moved.md",
        "---\ntitle: Moved from Hugo\nsources:\n  - https://www.nrmp.org/match-calendars/\n  - https://www.ecfmg.org/\n---\n\nBody.\n",
    );
    let diagnostics = check_on(&site, DECEMBER_1_2026);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["file"] != "content/guides/moved.md"),
        "{diagnostics:?}"
    );
    site.build_ok();
    let main = site.main_of("guides/moved/index.html");
    assert!(
        main.contains("<li><a href=\"https://www.nrmp.org/match-calendars/\">https://www.nrmp.org/match-calendars/</a></li>"),
        "{main}"
    );
}
