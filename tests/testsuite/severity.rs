//! The site's choice of severities (`diagnostics:` in `site.yaml`): a downgraded error publishes
//! what still stands, a value that fails reads as "Not published", what cannot stand is left
//! out and listed, ignored codes are not reported but what they leave out still is, and codes
//! with no sound way on cannot be lowered.

use matchpress::Severity;
use matchpress::diagnostic::Code;
use matchpress::model::LeftOutKind;

use crate::support::{Site, place};

const BROKEN_YAML: &str = "---\ntitle: [unclosed\n---\nBody.\n";
const NO_TITLE: &str = "---\ndescription: Nothing to call it.\n---\nBody without a heading.\n";

/// The directory fixture with two pages and three programs that cannot stand (bad YAML, no
/// title; no name, no ID, a duplicate ID) and one program with a value that fails.
fn migrating_site(diagnostics: &str) -> Site {
    let site = Site::fixture("directory");
    site.file("content/guides/broken.md", BROKEN_YAML)
        .file("content/guides/untitled.md", NO_TITLE)
        .edit_text(
            "data/programs/internal-medicine.yaml",
            "programs:\n",
            "programs:\n  - acgme_id: \"1403500001\"\n    sponsor: Nameless Hospital\n    city: Albany\n    state: NY\n  - name: No ID Residency\n    sponsor: Idless Hospital\n    city: Albany\n    state: NY\n  - acgme_id: \"1403500077\"\n    name: Fuzzy Share Residency\n    sponsor: Fuzzy Hospital\n    city: Albany\n    state: NY\n    pct_img: lots\n",
        );
    let programs = site.text("data/programs/internal-medicine.yaml");
    site.file(
        "data/programs/internal-medicine.yaml",
        format!("{programs}  - acgme_id: \"1403521292\"\n    name: Second Claimant\n    sponsor: Claimant Hospital\n    city: Albany\n    state: NY\n"),
    );
    if !diagnostics.is_empty() {
        let config = site.text("site.yaml");
        site.file("site.yaml", format!("{config}diagnostics:\n{diagnostics}"));
    }
    site
}

#[test]
fn by_default_the_same_site_fails_with_every_problem() {
    let site = migrating_site("");
    let error = site.build_err();
    let codes: Vec<Code> = error.diagnostics().iter().map(|d| d.code).collect();
    for code in [
        Code::FrontMatterSyntax,
        Code::FrontMatterMissingField,
        Code::ProgramMissingField,
        Code::ProgramDuplicateId,
        Code::ProgramWrongType,
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(
        !site.path("public").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn downgraded_errors_publish_what_stands_and_list_what_is_left_out() {
    let site = migrating_site("  front-matter/: warning\n  program/: warning\n");
    let report = site.build_ok();
    let lines = site
        .text("data/programs/internal-medicine.yaml")
        .lines()
        .count()
        - 5;
    assert!(
        report
            .warnings
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:?}",
        report.warnings
    );
    let listed: Vec<(LeftOutKind, String, usize, Code)> = report
        .left_out
        .iter()
        .map(|l| (l.kind, l.location.path_text(), l.location.line, l.reason))
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                LeftOutKind::Page,
                "content/guides/broken.md".to_string(),
                0,
                Code::FrontMatterSyntax
            ),
            (
                LeftOutKind::Page,
                "content/guides/untitled.md".to_string(),
                0,
                Code::FrontMatterMissingField
            ),
            (
                LeftOutKind::Program,
                "data/programs/internal-medicine.yaml".to_string(),
                4,
                Code::ProgramMissingField
            ),
            (
                LeftOutKind::Program,
                "data/programs/internal-medicine.yaml".to_string(),
                8,
                Code::ProgramMissingField
            ),
            (
                LeftOutKind::Program,
                "data/programs/internal-medicine.yaml".to_string(),
                lines + 1,
                Code::ProgramDuplicateId
            ),
        ]
    );
    assert_eq!(report.left_out[3].name, "No ID Residency");
    assert_eq!(report.left_out[4].name, "Second Claimant (1403521292)");
    assert!(!site.exists("guides/broken/index.html"));
    assert!(!site.exists("guides/untitled/index.html"));
    // The first of two programs with one ID stands; the second is left out.
    let first = site.main_of(
        "programs/internal-medicine/brooklyn-example-medical-center-1403521292/index.html",
    );
    assert!(first.contains("Internal Medicine Residency"));
    assert!(
        !site
            .read("programs/internal-medicine/index.html")
            .contains("Second Claimant")
    );
    // A value that fails reads as unknown: the program stands, its share is not published.
    let fuzzy = site.main_of("programs/internal-medicine/fuzzy-hospital-1403500077/index.html");
    assert!(fuzzy.contains("Fuzzy Share Residency"));
    assert!(fuzzy.contains("Not published"), "{fuzzy}");
}

#[test]
fn ignored_codes_are_not_reported_but_what_they_leave_out_is_listed() {
    let site = migrating_site(
        "  front-matter/: warning\n  program/: warning\n  program/missing-field: ignore\n",
    );
    let report = site.build_ok();
    assert!(
        !report
            .warnings
            .iter()
            .any(|d| d.code == Code::ProgramMissingField),
        "the code is ignored"
    );
    assert_eq!(report.ignored, 2, "two programs lack a field");
    assert!(
        report
            .warnings
            .iter()
            .any(|d| d.code == Code::ProgramDuplicateId),
        "a family's rule still applies to the codes a precise rule does not name"
    );
    let programs = report
        .left_out
        .iter()
        .filter(|l| l.kind == LeftOutKind::Program)
        .count();
    assert_eq!(programs, 3, "ignored, but still listed as left out");
}

#[test]
fn an_ignored_format_conflict_still_lists_the_file_not_read() {
    let site = Site::fixture_with_default_theme("csv-export");
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  data/format-conflict: ignore\n"),
    )
    .file(
        "data/programs/pediatrics.csv",
        "acgme_id,name,city,state\n3203500001,Other Pediatrics,Albany,NY\n",
    );
    let report = site.build_ok();
    assert_eq!(report.ignored, 1);
    let listed: Vec<(LeftOutKind, String, Code)> = report
        .left_out
        .iter()
        .map(|l| (l.kind, l.location.path_text(), l.reason))
        .collect();
    assert_eq!(
        listed,
        vec![(
            LeftOutKind::DataFile,
            "data/programs/pediatrics.csv".to_string(),
            Code::DataFormatConflict
        )]
    );
}

#[test]
fn a_specialty_listed_twice_stands_once_when_the_duplicate_is_a_warning() {
    let site = Site::fixture_with_default_theme("csv-export");
    let config = site.text("site.yaml");
    let specialties = site.text("data/specialties.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  specialty/duplicate: warning\n"),
    )
    .file(
        "data/specialties.yaml",
        format!("{specialties}  - slug: pediatrics\n    name: Pediatrics Again\n    acgme_code: \"321\"\n"),
    );
    let report = site.build_ok();
    let codes: Vec<Code> = report.warnings.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::SpecialtyDuplicate], "no URL clash");
    let page = site.read("programs/pediatrics/index.html");
    assert!(!page.contains("Pediatrics Again"), "the first entry stands");
    assert!(
        !site
            .read("programs/index.html")
            .contains("Pediatrics Again")
    );
}

#[test]
fn a_precise_rule_beats_its_family_and_warnings_can_be_raised() {
    let site = migrating_site(
        "  front-matter/: warning\n  front-matter/syntax: error\n  program/: warning\n",
    );
    let error = site.build_err();
    let errors: Vec<Code> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(errors, vec![Code::FrontMatterSyntax]);

    let site = Site::fixture("directory");
    site.file(
        "content/guides/heading.md",
        "---\ntitle: Heading\n---\n# A second title\n\nText.\n",
    );
    assert!(
        site.build().is_ok(),
        "a level-1 heading is a warning by default"
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  markdown/h1: error\n"),
    );
    let error = site.build_err();
    assert!(
        error
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::MarkdownHeading1 && d.is_error()),
        "{error}"
    );
}

#[test]
fn codes_without_a_sound_way_on_cannot_be_lowered_and_typos_are_caught() {
    let site = Site::fixture("directory");
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!(
            "{config}diagnostics:\n  template/: warning\n  template/syntax: ignore\n  link/brokn: warning\n  link/broken: loud\n  nonsense: error\n"
        ),
    );
    let error = site.build_err();
    let found: Vec<(Code, usize, String)> = error
        .diagnostics()
        .iter()
        .map(|d| (d.code, place(d).1, d.to_string()))
        .collect();
    let lines = config.lines().count();
    let at = |n: usize| {
        found
            .iter()
            .find(|(_, line, _)| *line == lines + n)
            .unwrap_or_else(|| panic!("a problem at line {}: {found:?}", lines + n))
    };
    assert!(at(2).2.contains("always an error"), "{}", at(2).2);
    assert!(at(3).2.contains("template/syntax"), "{}", at(3).2);
    assert!(
        at(4).2.contains("did you mean `link/broken`?"),
        "{}",
        at(4).2
    );
    assert!(
        at(5).2.contains("`error`, `warning` or `ignore`"),
        "{}",
        at(5).2
    );
    assert!(at(6).2.contains("not a diagnostic code"), "{}", at(6).2);
    assert!(
        found
            .iter()
            .all(|(code, ..)| *code == Code::ConfigInvalidValue)
    );
    assert_eq!(error.exit_code(), 2, "a problem of site.yaml");
}

#[test]
fn the_cli_lists_what_was_left_out_in_build_and_check() {
    let site = migrating_site("  front-matter/: warning\n  program/: warning\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("left out of the site: 2 pages and 3 programs\n  content/guides/broken.md: page (front-matter/syntax)\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "  data/programs/internal-medicine.yaml:8:5: program No ID Residency (program/missing-field)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("; left out 2 pages and 3 programs (listed above)"),
        "{}",
        run.stdout
    );

    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("left out of the site: 2 pages and 3 programs"),
        "{}",
        run.stdout
    );
    let run = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let left_out = json["left_out"].as_array().expect("a list");
    assert_eq!(left_out.len(), 5);
    assert_eq!(left_out[3]["kind"], "program");
    assert_eq!(left_out[3]["name"], "No ID Residency");
    assert_eq!(left_out[3]["line"], 8);
    assert_eq!(left_out[3]["reason"], "program/missing-field");
}

#[test]
fn serve_follows_the_site_severities_and_lists_what_it_leaves_out() {
    use matchpress::session::{Changes, Session, SessionOptions};
    let site = Site::fixture("directory");
    site.file("content/guides/broken.md", BROKEN_YAML);
    let mut session = Session::new(SessionOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        cache: matchpress::pipeline::CacheUse::Use,
        keep_bytes: 0,
    });
    assert!(
        session.rebuild(&Changes::Everything).is_err(),
        "an error by default"
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  front-matter/syntax: warning\n"),
    );
    let rebuilt = session
        .rebuild(&Changes::Paths(vec![site.path("site.yaml")]))
        .unwrap_or_else(|e| panic!("downgraded: {}", site.diagnostics_text(&e)));
    assert_eq!(rebuilt.report.warnings.len(), 1);
    assert_eq!(rebuilt.report.left_out.len(), 1);
    assert_eq!(
        rebuilt.report.left_out[0].location.path_text(),
        "content/guides/broken.md"
    );
    assert!(session.output().has("guides/index.html"));
}

#[test]
fn two_outputs_at_one_url_stay_an_error_whatever_the_site_says() {
    let site = Site::fixture("directory");
    site.file(
        "content/programs/internal-medicine.md",
        "---\ntitle: Takes the specialty page's URL\n---\nBody.\n",
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  url/: warning\n  url/clash: ignore\n  ~: warning\n"),
    );
    let error = site.build_err();
    let found: Vec<String> = error
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::ConfigInvalidValue)
        .map(ToString::to_string)
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("`url/clash` is always an error"),
        "{found:?}"
    );
    assert!(found[1].contains("names no code"), "{found:?}");
    assert!(
        error
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::UrlClash && d.is_error()),
        "the family's rule lowers the other url/ codes only: {error}"
    );
}

#[test]
fn a_file_of_another_format_among_the_program_files_is_said_not_read() {
    let site = Site::fixture("directory");
    site.file(
        "data/programs/pediatrics.xlsx",
        b"PK\x03\x04not really a workbook",
    );
    let report = site.build_ok();
    let ignored: Vec<(String, usize)> = report
        .warnings
        .iter()
        .filter(|d| d.code == Code::DataIgnoredFile)
        .map(|d| {
            let (file, line, _) = place(d);
            (file, line)
        })
        .collect();
    assert_eq!(
        ignored,
        vec![("data/programs/pediatrics.xlsx".to_string(), 0)]
    );
}
