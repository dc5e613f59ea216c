//! Program data mistakes: every rule of `data/specialties.yaml` and `data/programs/*.yaml` is
//! an error (or, for the two the design allows, a warning that lets the build go on) at the
//! exact `file:line:col` of the value, with what was expected and a hint; every problem of
//! every data file is reported in one run.
//!
//! Most tests start from the `directory` fixture and replace its pediatrics file with
//! `ONE_PROGRAM` changed in one place.

use matchpress::{Diagnostic, Error, Location, Severity};

/// Short names for the severities in long expected lists.
const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

use crate::support::{Site, only_error, place};

const PEDIATRICS: &str = "data/programs/pediatrics.yaml";

/// A valid pediatrics file of one program. Lines, for the locations below: 3 `acgme_id`,
/// 4 `name`, 7 `state`, 8 `program_type`, 10 `positions_pgy1`, 11 `pct_img`, 12 `visas`,
/// 13 `requirements`, 14 `min_step2_ck`, 15 `usce`, 17 `website`, 19 `notes`.
const ONE_PROGRAM: &str = "\
specialty: pediatrics
programs:
  - acgme_id: \"3203512345\"
    name: Pediatrics Residency
    sponsor: Harbor Children's Hospital
    city: New York
    state: NY
    program_type: university
    length_years: 3
    positions_pgy1: 16
    pct_img: 30
    visas: [J-1]
    requirements:
      min_step2_ck: 225
      usce: preferred
    eras: true
    website: https://harbor.example.org/peds
    last_verified: 2026-02-14
    notes: Interviews in *November*.
";

/// The directory fixture with its pediatrics file replaced by `ONE_PROGRAM`, with `from`
/// replaced by `to` (which must be there).
fn pediatrics_with(from: &str, to: &str) -> Site {
    assert!(ONE_PROGRAM.contains(from), "{from:?} is not in ONE_PROGRAM");
    let site = Site::fixture("directory");
    site.file(PEDIATRICS, ONE_PROGRAM.replacen(from, to, 1));
    site
}

/// Build, expect exactly one error (and no warning) at `PEDIATRICS:line:col`; its text.
fn one_error_at(site: &Site, line: usize, col: usize) -> (Diagnostic, String) {
    let error = site.build_err();
    assert!(matches!(error, Error::Site(_)), "{error:?}");
    let d = only_error(&error).clone();
    assert_eq!(place(&d), (PEDIATRICS.to_string(), line, col), "{d}");
    assert_eq!(
        error.diagnostics().len(),
        1,
        "one problem only: {}",
        site.diagnostics_text(&error)
    );
    (d, site.diagnostics_text(&error))
}

/// Build, expect success with exactly one warning; the warning.
fn one_warning(site: &Site) -> Diagnostic {
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let w = report.warnings[0].clone();
    assert_eq!(w.severity, Severity::Warning, "{w}");
    w
}

#[test]
fn the_base_program_is_valid() {
    // Every test below changes one thing in it: the one problem each reports is that change.
    let site = pediatrics_with("", "");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(site.exists("programs/pediatrics/harbor-childrens-hospital-3203512345/index.html"));
}

#[test]
fn acgme_id_that_is_not_10_digits_is_an_error_at_the_value() {
    let site = pediatrics_with("\"3203512345\"", "\"32035123\"");
    let (d, text) = one_error_at(&site, 3, 15);
    assert!(d.message.contains("10 digits"), "{d}");
    assert!(d.message.contains("32035123"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn acgme_id_with_letters_is_an_error() {
    let site = pediatrics_with("\"3203512345\"", "\"32035I2345\"");
    let (d, _) = one_error_at(&site, 3, 15);
    assert!(d.message.contains("10 digits"), "{d}");
}

#[test]
fn unquoted_acgme_id_is_a_warning_that_says_to_quote_it() {
    let site = pediatrics_with("\"3203512345\"", "3203512345");
    let w = one_warning(&site);
    assert_eq!(place(&w), (PEDIATRICS.to_string(), 3, 15), "{w}");
    assert!(
        w.hint
            .as_deref()
            .is_some_and(|h| h.contains("\"3203512345\"")),
        "the hint shows the quoted ID: {w}"
    );
    insta::assert_snapshot!(site.redact(&w.to_string()));
    // The program is built with its ID.
    assert!(site.exists("programs/pediatrics/harbor-childrens-hospital-3203512345/index.html"));

    // The binary prints the warning and exits 0.
    let site = pediatrics_with("\"3203512345\"", "3203512345");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "warning[program/unquoted-id]: data/programs/pediatrics.yaml:3:15: the acgme_id 3203512345 is not quoted"
        ),
        "{run:?}"
    );
}

#[test]
fn unquoted_acgme_id_with_a_leading_zero_keeps_the_zero_and_warns() {
    let site = Site::fixture("directory");
    let specialties =
        std::fs::read_to_string(site.path("data/specialties.yaml")).expect("the fixture file");
    site.file(
        "data/specialties.yaml",
        format!(
            "{specialties}  - slug: allergy-immunology\n    name: Allergy and Immunology\n    acgme_code: \"020\"\n    length_years: 2\n    description: Asthma and allergic disease.\n"
        ),
    )
    .file(
        "data/programs/allergy-immunology.yaml",
        "specialty: allergy-immunology\nprograms:\n  - acgme_id: 0200521001\n    name: Allergy and Immunology Fellowship\n    sponsor: Coastal Allergy Institute\n    city: San Diego\n    state: CA\n",
    );
    let w = one_warning(&site);
    assert_eq!(
        place(&w),
        ("data/programs/allergy-immunology.yaml".to_string(), 3, 15),
        "{w}"
    );
    assert!(w.message.contains("0200521001"), "{w}");
    insta::assert_snapshot!(w.to_string());
    // Not 200521001, not the octal reading 33727489: the ID as written.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("programs/allergy-immunology.json")).expect("valid JSON");
    assert_eq!(json["programs"][0]["acgme_id"], "0200521001");
    assert!(
        site.exists("programs/allergy-immunology/coastal-allergy-institute-0200521001/index.html")
    );
}

#[test]
fn acgme_id_of_another_specialty_is_an_error() {
    let site = pediatrics_with("\"3203512345\"", "\"1403512345\"");
    let (d, text) = one_error_at(&site, 3, 15);
    assert!(d.message.contains("140"), "{d}");
    assert!(d.message.contains("320"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn acgme_state_code_that_disagrees_with_the_state_is_a_warning() {
    // 35 is New York; the program says New Jersey (33).
    let site = pediatrics_with("state: NY", "state: NJ");
    let w = one_warning(&site);
    assert_eq!(place(&w), (PEDIATRICS.to_string(), 3, 15), "{w}");
    assert!(w.message.contains("35 (NY)"), "{w}");
    assert!(w.message.contains("NJ (33)"), "{w}");
    insta::assert_snapshot!(w.to_string());
    let main = site.main_of("programs/pediatrics/harbor-childrens-hospital-3203512345/index.html");
    assert!(
        main.contains("New York, NJ"),
        "the program is built as written: {main}"
    );

    let site = pediatrics_with("state: NY", "state: NJ");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "a warning does not fail the build: {run:?}");
    assert!(
        run.stderr
            .contains("warning[program/id-state-mismatch]: data/programs/pediatrics.yaml:3:15:"),
        "{run:?}"
    );
}

#[test]
fn unknown_state_is_an_error_naming_the_accepted_codes() {
    let site = pediatrics_with("state: NY", "state: XX");
    let (d, text) = one_error_at(&site, 7, 12);
    assert!(d.message.contains("`XX`"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn lowercase_state_is_an_error_with_a_hint_to_capitalize() {
    let site = pediatrics_with("state: NY", "state: ny");
    let (d, text) = one_error_at(&site, 7, 12);
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("`NY`")), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn pct_img_above_100_is_an_error() {
    let site = pediatrics_with("pct_img: 30", "pct_img: 101");
    let (d, text) = one_error_at(&site, 11, 14);
    assert_eq!(d.message, "`pct_img` must be from 0 to 100, found 101");
    insta::assert_snapshot!(text);
}

#[test]
fn pct_img_below_0_is_an_error() {
    let site = pediatrics_with("pct_img: 30", "pct_img: -1");
    let (d, _) = one_error_at(&site, 11, 14);
    assert_eq!(d.message, "`pct_img` must be from 0 to 100, found -1");
}

#[test]
fn pct_img_as_words_is_a_type_error_at_the_value() {
    let site = pediatrics_with("pct_img: 30", "pct_img: \"forty\"");
    let (d, text) = one_error_at(&site, 11, 14);
    assert!(d.message.contains("must be a number from 0 to 100"), "{d}");
    assert!(d.message.contains("forty"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn min_step2_ck_below_the_scale_is_an_error() {
    let site = pediatrics_with("min_step2_ck: 225", "min_step2_ck: 150");
    let (d, text) = one_error_at(&site, 14, 21);
    assert!(d.message.contains("found 150"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn min_step2_ck_above_300_is_an_error() {
    let site = pediatrics_with("min_step2_ck: 225", "min_step2_ck: 301");
    let (d, _) = one_error_at(&site, 14, 21);
    assert!(d.message.contains("found 301"), "{d}");
    assert!(d.message.contains("300"), "{d}");
}

#[test]
fn negative_positions_are_an_error() {
    let site = pediatrics_with("positions_pgy1: 16", "positions_pgy1: -3");
    let (d, text) = one_error_at(&site, 10, 21);
    assert!(d.message.contains("found -3"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_visa_is_an_error_at_the_item_with_did_you_mean() {
    let site = pediatrics_with("visas: [J-1]", "visas: [H-1B, J1]");
    let (d, text) = one_error_at(&site, 12, 19);
    assert!(d.message.contains("`J1`"), "{d}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `J-1`?"));
    insta::assert_snapshot!(text);
}

#[test]
fn website_that_is_not_http_is_an_error() {
    let site = pediatrics_with(
        "website: https://harbor.example.org/peds",
        "website: ftp://harbor.example.org/peds",
    );
    let (d, text) = one_error_at(&site, 17, 14);
    assert!(d.message.contains("ftp://harbor.example.org/peds"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_program_type_is_an_error_naming_the_allowed_values() {
    let site = pediatrics_with("program_type: university", "program_type: academic");
    let (d, text) = one_error_at(&site, 8, 19);
    for allowed in [
        "university",
        "community-university",
        "community",
        "military",
        "other",
    ] {
        assert!(d.message.contains(allowed), "{allowed}: {d}");
    }
    assert!(d.message.contains("`academic`"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_usce_is_an_error_naming_the_allowed_values() {
    let site = pediatrics_with("usce: preferred", "usce: prefered");
    let (d, text) = one_error_at(&site, 15, 13);
    for allowed in ["none", "preferred", "required"] {
        assert!(d.message.contains(allowed), "{allowed}: {d}");
    }
    assert_eq!(d.hint.as_deref(), Some("did you mean `preferred`?"));
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_field_in_a_program_is_a_warning_with_did_you_mean() {
    // Exports carry extra columns; an unknown key is ignored, and said so.
    let site = pediatrics_with("pct_img: 30", "pctimg: 30");
    let w = one_warning(&site);
    assert_eq!(place(&w), (PEDIATRICS.to_string(), 11, 5), "{w}");
    assert_eq!(w.code, matchpress::Code::ProgramUnknownKey);
    assert!(w.message.contains("`pctimg`"), "{w}");
    assert_eq!(w.hint.as_deref(), Some("did you mean `pct_img`?"));
    insta::assert_snapshot!(site.redact(&w.to_string()));
    // The program is built, without the value.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("programs/pediatrics.json")).expect("valid JSON");
    assert_eq!(json["programs"][0]["pct_img"], serde_json::Value::Null);
}

#[test]
fn unknown_field_in_requirements_is_a_warning_with_did_you_mean() {
    let site = pediatrics_with("min_step2_ck: 225", "min_step2: 225");
    let w = one_warning(&site);
    assert_eq!(place(&w), (PEDIATRICS.to_string(), 14, 7), "{w}");
    assert!(w.message.contains("`min_step2`"), "{w}");
    assert_eq!(w.hint.as_deref(), Some("did you mean `min_step2_ck`?"));
    insta::assert_snapshot!(site.redact(&w.to_string()));
}

#[test]
fn raw_html_in_notes_is_an_error() {
    let site = pediatrics_with(
        "notes: Interviews in *November*.",
        "notes: Interviews in <b>November</b>.",
    );
    let (d, text) = one_error_at(&site, 19, 12);
    assert!(d.message.contains("HTML"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn raw_html_in_a_block_of_notes_is_an_error_at_the_notes() {
    let site = pediatrics_with(
        "notes: Interviews in *November*.",
        "notes: |\n      Interviews in November.\n\n      <script>alert(1)</script>",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(path, PEDIATRICS, "{d}");
    assert!((19..=22).contains(&line), "on the notes: {d}");
    assert!(d.message.contains("HTML"), "{d}");
}

#[test]
fn unknown_specialty_in_a_program_file_is_an_error_with_did_you_mean() {
    let site = Site::fixture("directory");
    let path = "data/programs/internal-medicine.yaml";
    let text = std::fs::read_to_string(site.path(path)).expect("the fixture file");
    assert!(text.contains("\nspecialty: internal-medicine\n"));
    site.file(
        path,
        text.replace(
            "\nspecialty: internal-medicine\n",
            "\nspecialty: internal-medecine\n",
        ),
    );
    let error = site.build_err();
    let d = only_error(&error);
    // Line 1 of the fixture's file is a comment.
    assert_eq!(place(d), (path.to_string(), 2, 12), "{d}");
    assert_eq!(d.message, "unknown specialty `internal-medecine`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `internal-medicine`?"));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn program_file_named_after_another_specialty_is_an_error() {
    let site = Site::fixture("directory");
    site.remove(PEDIATRICS)
        .file("data/programs/peds.yaml", ONE_PROGRAM);
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("data/programs/peds.yaml".to_string(), 1, 12),
        "{d}"
    );
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("data/programs/pediatrics.yaml")),
        "{d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn program_file_without_a_specialties_file_is_an_error() {
    let site = Site::fixture("directory");
    site.remove("data/specialties.yaml");
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("data/programs/internal-medicine.yaml".to_string(), 0, 0),
        "the file as a whole: {d}"
    );
    assert!(d.message.contains("data/specialties.yaml"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn unknown_specialty_in_a_guide_is_an_error_at_the_slug_with_did_you_mean() {
    let site = Site::fixture("directory");
    let path = "content/guides/im-match.md";
    let text = std::fs::read_to_string(site.path(path)).expect("the fixture guide");
    assert!(text.contains("specialties: [internal-medicine]"));
    site.file(
        path,
        text.replace(
            "specialties: [internal-medicine]",
            "specialties: [pediatrics, internal-medecine]",
        ),
    );
    let error = site.build_err();
    let d = only_error(&error);
    // `---` is line 1, so `specialties:` is on line 6; the slug starts in column 27.
    assert_eq!(place(d), (path.to_string(), 6, 27), "{d}");
    assert_eq!(d.message, "unknown specialty `internal-medecine`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `internal-medicine`?"));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn yaml_syntax_error_in_a_program_file_is_reported_at_its_line() {
    // A colon in an unquoted name: YAML reads a second mapping on one line.
    let site = pediatrics_with("name: Pediatrics Residency", "name: Pediatrics: Residency");
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!((path.as_str(), line), (PEDIATRICS, 4), "{d}");
    assert!(d.message.starts_with("invalid YAML"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn bad_indentation_in_a_program_file_is_reported_at_its_line() {
    let site = pediatrics_with(
        "    city: New York\n",
        "    city: New York\n   county: Kings\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(path, PEDIATRICS, "{d}");
    assert!((6..=7).contains(&line), "line 6 or 7: {d}");
}

#[test]
fn program_without_its_required_fields_gets_one_error_naming_them_all() {
    let site = Site::fixture("directory");
    site.file(
        PEDIATRICS,
        format!("{ONE_PROGRAM}  - positions_pgy1: 4\n    pct_img: 20\n"),
    );
    let error = site.build_err();
    let d = only_error(&error);
    // The entry starts on line 20, after `  - `.
    assert_eq!(place(d), (PEDIATRICS.to_string(), 20, 5), "{d}");
    assert_eq!(
        d.message,
        "this program has no `acgme_id`, `name`, `city` and `state`"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn required_field_written_as_null_is_an_error_at_the_value() {
    let site = pediatrics_with("name: Pediatrics Residency", "name: null");
    let (d, text) = one_error_at(&site, 4, 11);
    assert!(d.message.contains("`name`"), "{d}");
    insta::assert_snapshot!(text);
}

#[test]
fn one_acgme_id_twice_in_a_file_is_an_error_naming_both_places() {
    let site = Site::fixture("directory");
    let second = ONE_PROGRAM
        .split_once("programs:\n")
        .expect("a programs list")
        .1
        .replace("Harbor Children's Hospital", "Harbor Children's Annex");
    site.file(PEDIATRICS, format!("{ONE_PROGRAM}{second}"));
    let error = site.build_err();
    let d = only_error(&error);
    // The second entry starts on line 20.
    assert_eq!(place(d), (PEDIATRICS.to_string(), 20, 5), "{d}");
    assert_eq!(
        d.related[0].location,
        Location::new(PEDIATRICS, 3, 5),
        "names the first entry: {d}"
    );
    assert!(d.message.contains("3203512345"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn one_acgme_id_in_two_files_is_an_error_naming_both_places() {
    // The Brooklyn program of internal-medicine.yaml (line 5) copied into pediatrics.yaml: its
    // ID is also of the wrong specialty there, which is the second error.
    let site = pediatrics_with("\"3203512345\"", "\"1403521292\"");
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let errors: Vec<&Diagnostic> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 2, "{text}");
    let duplicate = errors
        .iter()
        .find(|d| d.message.contains("already used"))
        .unwrap_or_else(|| panic!("no duplicate error: {text}"));
    assert_eq!(
        place(duplicate),
        (PEDIATRICS.to_string(), 3, 5),
        "{duplicate}"
    );
    assert_eq!(
        duplicate.related[0].location,
        Location::new("data/programs/internal-medicine.yaml", 5, 5),
        "names the other file's entry: {duplicate}"
    );
    assert!(
        errors
            .iter()
            .any(|d| place(d) == (PEDIATRICS.to_string(), 3, 15)
                && d.message.contains("starts with 140")),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn bad_nrmp_code_is_an_error_at_the_item() {
    let site = pediatrics_with(
        "visas: [J-1]",
        "visas: [J-1]\n    nrmp_codes: [\"3205320C0\", \"32053\"]",
    );
    let (d, _) = one_error_at(&site, 13, 31);
    assert!(d.message.contains("`32053`"), "{d}");
}

#[test]
fn invalid_last_verified_date_is_an_error() {
    let site = pediatrics_with("last_verified: 2026-02-14", "last_verified: 2026-02-30");
    let (d, _) = one_error_at(&site, 18, 20);
    assert!(d.message.contains("2026-02-30"), "{d}");
}

#[test]
fn every_data_problem_is_reported_in_one_run() {
    let site = Site::fixture("directory");
    let specialties =
        std::fs::read_to_string(site.path("data/specialties.yaml")).expect("the fixture file");
    // Lines 17-21: a specialty whose code lost a digit.
    site.file(
        "data/specialties.yaml",
        format!(
            "{specialties}  - slug: family-medicine\n    name: Family Medicine\n    acgme_code: \"12\"\n    length_years: 3\n    description: Care for every age.\n"
        ),
    );
    let programs = "\
specialty: internal-medicine
programs:
  - acgme_id: \"14035212\"
    name: Short ID Program
    sponsor: Albany Hospital
    city: Albany
    state: NY
  - acgme_id: \"1403500004\"
    name: Typo Program
    sponsor: Buffalo Hospital
    city: Buffalo
    state: ny
    pct_img: 140
    visas: [J1, H-1B]
  - acgme_id: \"3203500005\"
    name: Wrong Prefix Program
    sponsor: Rochester Hospital
    city: Rochester
    state: NY
    websight: https://rochester.example.org
    requirements:
      min_step2_ck: 150
      usce: sometimes
  - acgme_id: \"1403500006\"
    name: No City Program
    sponsor: Syracuse Hospital
    state: NY
    program_type: academic
    notes: \"<em>raw</em>\"
  - acgme_id: \"1400500007\"
    name: Moved Program
    sponsor: Ithaca Hospital
    city: Ithaca
    state: NY
    positions_pgy1: many
";
    site.file("data/programs/internal-medicine.yaml", programs);
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let im = "data/programs/internal-medicine.yaml";
    let places: Vec<(Severity, (String, usize, usize))> = error
        .diagnostics()
        .iter()
        .map(|d| (d.severity, place(d)))
        .collect();
    let at = |line, col| (im.to_string(), line, col);
    assert_eq!(
        places,
        vec![
            (E, at(3, 15)),                                     // not 10 digits
            (E, at(12, 12)),                                    // lowercase state
            (E, at(13, 14)),                                    // pct_img 140
            (E, at(14, 13)),                                    // J1
            (E, at(15, 15)),                                    // 320 is not internal medicine
            (E, at(22, 21)),                                    // min_step2_ck 150
            (E, at(23, 13)),                                    // usce: sometimes
            (E, at(24, 5)),                                     // no city
            (E, at(28, 19)),                                    // program_type: academic
            (E, at(29, 12)),                                    // raw HTML in notes
            (E, at(35, 21)),                                    // positions_pgy1: many
            (E, ("data/specialties.yaml".to_string(), 19, 17)), // acgme_code "12"
            (W, at(20, 5)),  // websight: an unknown key is ignored
            (W, at(30, 15)), // 05 is California, the program is in New York
        ],
        "{text}"
    );
    assert!(
        error.to_string().ends_with("12 errors and 2 warnings\n"),
        "{error}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn data_errors_and_content_errors_are_reported_together() {
    let site = pediatrics_with("pct_img: 30", "pct_img: 300");
    site.file(
        "content/guides/untitled.md",
        "---\ndescription: no title\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let files: Vec<String> = error.diagnostics().iter().map(|d| place(d).0).collect();
    assert_eq!(
        files,
        vec![
            "content/guides/untitled.md".to_string(),
            PEDIATRICS.to_string()
        ],
        "{error}"
    );
}

#[test]
fn data_errors_exit_1_from_the_binary_with_every_problem_numbered() {
    let site = pediatrics_with("pct_img: 30", "pct_img: 101");
    site.file(
        "data/programs/internal-medicine.yaml",
        "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403500001\"\n    name: X\n    sponsor: Y\n    city: Z\n    state: XX\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "  1. error[program/invalid-value]: data/programs/internal-medicine.yaml:7:12: `state` must be a USPS state code, found `XX`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  2. error[program/invalid-value]: data/programs/pediatrics.yaml:11:14: `pct_img` must be from 0 to 100, found 101"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("build failed: 2 errors, 0 warnings"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("index.html"), "nothing written");
}

const SPECIALTIES: &str = "data/specialties.yaml";

/// Valid reference scores and list advice for internal medicine, from line 7 of the fixture's
/// specialties file. Lines: 7 `matched_img_step2_ck`, 8 `p25`, 9 `median`, 10 `p75`, 11 `year`,
/// 12 `source`, 13 `url`, 14 `list_advice`, 15 `text`, 16 `source`, 17 `url`.
const REFERENCE: &str = "    matched_img_step2_ck:
      p25: 229
      median: 238
      p75: 246
      year: 2024
      source: Demo figures
      url: https://example.org/charting
    list_advice:
      text: Apply widely.
      source: Demo advice
      url: https://example.org/advice
";

/// Each diagnostic of a failed build as its code and place, in the order reported.
fn codes_and_places(error: &Error) -> Vec<(matchpress::Code, (String, usize, usize))> {
    error
        .diagnostics()
        .iter()
        .map(|d| (d.code, place(d)))
        .collect()
}

/// The directory fixture with `REFERENCE`, `from` replaced by `to` (which must be there),
/// under internal medicine.
fn reference_with(from: &str, to: &str) -> Site {
    assert!(REFERENCE.contains(from), "{from:?} is not in REFERENCE");
    let site = Site::fixture("directory");
    let line = "    description: Adult medicine in hospital and clinic.\n";
    site.edit_text(
        SPECIALTIES,
        line,
        &format!("{line}{}", REFERENCE.replacen(from, to, 1)),
    );
    site
}

/// Build, expect exactly one problem, an error at `SPECIALTIES:line:col`; it and its text.
fn one_specialty_error_at(site: &Site, line: usize, col: usize) -> (Diagnostic, String) {
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(error.diagnostics().len(), 1, "one problem only: {text}");
    let d = only_error(&error).clone();
    assert_eq!(place(&d), (SPECIALTIES.to_string(), line, col), "{d}");
    assert!(d.hint.is_some(), "every problem has a hint: {d}");
    (d, text)
}

#[test]
fn reference_scores_and_list_advice_that_are_valid_build_without_a_warning() {
    let site = reference_with("", "");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn reference_score_above_300_is_an_error_at_the_value() {
    let site = reference_with("p75: 246", "p75: 346");
    let (d, _) = one_specialty_error_at(&site, 10, 12);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert_eq!(d.message, "`p75` must be from 1 to 300, found 346");
}

#[test]
fn reference_score_as_words_is_a_type_error_at_the_value() {
    let site = reference_with("p25: 229", "p25: high");
    let (d, _) = one_specialty_error_at(&site, 8, 12);
    assert_eq!(d.code, matchpress::Code::SpecialtyWrongType);
    assert!(d.message.contains("`high`"), "{d}");
}

#[test]
fn reference_scores_out_of_order_name_the_value_out_of_order() {
    // The median is above the 75th percentile: the error is at `p75` and names both.
    let site = reference_with("median: 238", "median: 250");
    let (d, text) = one_specialty_error_at(&site, 10, 12);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert!(
        d.message
            .starts_with("`p75` (246) is below `median` (250) in `matched_img_step2_ck`"),
        "{d}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn reference_quartiles_out_of_order_are_an_error_when_the_median_is_unknown() {
    let site = reference_with("      median: 238\n", "");
    let site_text = site.text(SPECIALTIES);
    site.edit_text(SPECIALTIES, "p75: 246", "p75: 220");
    assert!(site_text.contains("p25: 229"));
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let problems = codes_and_places(&error);
    assert_eq!(
        problems,
        vec![
            (
                matchpress::Code::SpecialtyMissingField,
                (SPECIALTIES.to_string(), 8, 7)
            ),
            (
                matchpress::Code::SpecialtyInvalidValue,
                (SPECIALTIES.to_string(), 9, 12)
            ),
        ],
        "{text}"
    );
    assert!(text.contains("`p75` (220) is below `p25` (229)"), "{text}");
}

#[test]
fn reference_year_before_2000_is_an_error_at_the_value() {
    let site = reference_with("year: 2024", "year: 1999");
    let (d, _) = one_specialty_error_at(&site, 11, 13);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert_eq!(d.message, "`year` must be from 2000 to 2100, found 1999");
}

#[test]
fn reference_without_its_source_is_an_error_naming_the_missing_field() {
    let site = reference_with("      source: Demo figures\n", "");
    let (d, _) = one_specialty_error_at(&site, 8, 7);
    assert_eq!(d.code, matchpress::Code::SpecialtyMissingField);
    assert_eq!(d.message, "`matched_img_step2_ck` has no `source`");
    assert_eq!(d.hint.as_deref(), Some("add the line `source: ...`"));
}

#[test]
fn reference_score_written_as_null_is_an_error_at_the_value() {
    let site = reference_with("p25: 229", "p25: null");
    let (d, _) = one_specialty_error_at(&site, 8, 12);
    assert_eq!(d.code, matchpress::Code::SpecialtyMissingField);
    assert!(d.message.contains("cannot be null"), "{d}");
}

#[test]
fn reference_url_that_is_not_http_is_an_error_at_the_value() {
    let site = reference_with(
        "url: https://example.org/charting",
        "url: ftp://example.org/c",
    );
    let (d, _) = one_specialty_error_at(&site, 13, 12);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert!(d.message.contains("http or https"), "{d}");
}

#[test]
fn reference_written_as_text_is_a_type_error() {
    let site = Site::fixture("directory");
    let line = "    description: Adult medicine in hospital and clinic.\n";
    site.edit_text(
        SPECIALTIES,
        line,
        &format!("{line}    matched_img_step2_ck: 238\n"),
    );
    let (d, _) = one_specialty_error_at(&site, 7, 27);
    assert_eq!(d.code, matchpress::Code::SpecialtyWrongType);
    assert!(d.message.contains("`matched_img_step2_ck`"), "{d}");
}

#[test]
fn unknown_key_in_the_reference_is_an_error_with_did_you_mean() {
    let site = reference_with("      year: 2024\n", "      year: 2024\n      yaer: 2023\n");
    let (d, text) = one_specialty_error_at(&site, 12, 7);
    assert_eq!(d.code, matchpress::Code::SpecialtyUnknownKey);
    assert_eq!(d.message, "unknown key `yaer` in `matched_img_step2_ck`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `year`?"));
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_key_in_list_advice_is_an_error_with_did_you_mean() {
    let site = reference_with("      text: Apply widely.\n", "      txt: Apply widely.\n");
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let problems = codes_and_places(&error);
    // The unknown key, and the `text` the advice then lacks.
    assert_eq!(
        problems,
        vec![
            (
                matchpress::Code::SpecialtyUnknownKey,
                (SPECIALTIES.to_string(), 15, 7)
            ),
            (
                matchpress::Code::SpecialtyMissingField,
                (SPECIALTIES.to_string(), 15, 7)
            ),
        ],
        "{text}"
    );
    assert!(text.contains("did you mean `text`?"), "{text}");
}

#[test]
fn list_advice_with_empty_text_is_an_error_at_the_value() {
    let site = reference_with("text: Apply widely.", "text: \"\"");
    let (d, _) = one_specialty_error_at(&site, 15, 13);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert!(d.message.contains("`text` is empty"), "{d}");
}

#[test]
fn list_advice_of_two_paragraphs_is_an_error_at_the_text() {
    let site = reference_with(
        "      text: Apply widely.\n",
        "      text: |\n        Apply widely.\n\n        And early.\n",
    );
    // A block scalar is located at its first line of text.
    let (d, _) = one_specialty_error_at(&site, 16, 9);
    assert_eq!(d.code, matchpress::Code::SpecialtyInvalidValue);
    assert!(d.message.contains("one paragraph"), "{d}");
}

#[test]
fn list_advice_without_a_source_is_an_error_naming_the_missing_field() {
    let site = reference_with("      source: Demo advice\n", "");
    let (d, _) = one_specialty_error_at(&site, 15, 7);
    assert_eq!(d.code, matchpress::Code::SpecialtyMissingField);
    assert_eq!(d.message, "`list_advice` has no `source`");
}

#[test]
fn every_problem_of_reference_and_advice_is_reported_in_one_run() {
    let site = reference_with("p25: 229", "p25: 0");
    site.edit_text(SPECIALTIES, "year: 2024", "year: 2200")
        .edit_text(
            SPECIALTIES,
            "url: https://example.org/charting",
            "url: charting",
        )
        .edit_text(SPECIALTIES, "text: Apply widely.", "text: null")
        .edit_text(SPECIALTIES, "url: https://example.org/advice", "urll: x");
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let places: Vec<(usize, usize)> = error
        .diagnostics()
        .iter()
        .map(|d| {
            let (_, line, col) = place(d);
            (line, col)
        })
        .collect();
    assert_eq!(
        places,
        vec![(8, 12), (11, 13), (13, 12), (15, 13), (17, 7)],
        "{text}"
    );
}
