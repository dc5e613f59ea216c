//! Program data from spreadsheet exports: `data/programs/<specialty>.csv` read like the YAML
//! file. The `csv-export` fixture is modelled on a real export: a BOM, CRLF line ends,
//! capitalised headers with spaces and aliases (`ACGME Program ID`, `% IMG`), no sponsor
//! column, decimals and `%` in the IMG share, `$68,500`, yes/no flags, `;` lists, a quoted cell
//! with commas, quotes and a line break, a short row and trailing empty rows. Its pediatrics
//! file is a YAML export without sponsors and with a decimal share. The tests build it with
//! the repository's own theme.

use matchpress::{Code, Diagnostic, Severity};
use serde_json::{Value, json};

use crate::support::{Site, place};

const IM_CSV: &str = "data/programs/internal-medicine.csv";
const BROOKLYN: &str =
    "programs/internal-medicine/internal-medicine-residency-brooklyn-campus-1403521292/index.html";
const LOS_ANGELES: &str =
    "programs/internal-medicine/internal-medicine-residency-1400500010/index.html";
const HOUSTON: &str = "programs/internal-medicine/internal-medicine-program-1404800001/index.html";

fn built() -> Site {
    let site = Site::fixture_with_default_theme("csv-export");
    let raw = std::fs::read(site.path(IM_CSV)).expect("the fixture's CSV");
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF") && raw.windows(2).any(|w| w == b"\r\n"),
        "the fixture keeps its BOM and CRLF (see .gitattributes)"
    );
    let report = site.build_ok();
    assert!(
        report.warnings.is_empty(),
        "the fixture is clean: {:?}",
        report.warnings
    );
    site
}

/// The `<dd>` of the fact `<dt>term</dt>` on a page of the built-in theme, tags removed.
fn fact(html: &str, term: &str) -> String {
    let open = format!("<dt>{term}</dt><dd>");
    let rest = html
        .split(open.as_str())
        .nth(1)
        .unwrap_or_else(|| panic!("no fact {term:?} in:\n{html}"));
    let dd = rest.split("</dd>").next().expect("the <dd> is closed");
    let mut out = String::new();
    let mut in_tag = false;
    for c in dd.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn json_of(site: &Site, specialty: &str) -> Value {
    serde_json::from_str(&site.read(&format!("programs/{specialty}.json"))).expect("valid JSON")
}

/// (code, line, col) of every diagnostic, in report order.
fn places(problems: &[Diagnostic]) -> Vec<(Severity, Code, usize, usize)> {
    problems
        .iter()
        .map(|d| {
            let (_, line, col) = place(d);
            (d.severity, d.code, line, col)
        })
        .collect()
}

#[test]
fn a_spreadsheet_export_builds_and_its_pages_show_its_values() {
    let site = built();
    let main = site.main_of(BROOKLYN);
    // No sponsor: the page leads with the place, and the URL is made from the name.
    assert!(
        main.contains("<p class=\"lead\">Brooklyn, NY</p>"),
        "{main}"
    );
    assert!(
        site.read(BROOKLYN)
            .contains("<title>Internal Medicine Residency, Brooklyn Campus, Brooklyn, NY"),
        "the quoted name keeps its comma"
    );
    for (term, value) in [
        ("Program type", "Community, university-affiliated"),
        ("First-year positions", "12"),
        ("First-year salary", "$68,500 a year"),
        ("Residents who are IMGs", "41.7%"),
        ("Visas sponsored", "J-1, H-1B"),
        ("Applications through", "ERAS"),
        ("Application deadline", "October 15, 2026"),
        ("Interview season", "October to January"),
        ("Interview format", "Virtual"),
        ("Interviews offered", "240"),
        ("Last verified", "March 28, 2026"),
    ] {
        assert_eq!(fact(&main, term), value, "{term}");
    }
    assert!(
        main.contains(
            "<a href=\"https://example.org/im/facts\" rel=\"nofollow noopener\">Source</a>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<p>Ask about the “research” track.</p>"),
        "a cell with a line break and doubled quotes is one cell of markdown: {main}"
    );
    for text in [
        "Preferred (3+ months)",
        "Step 3 must be passed for H-1B sponsorship",
        "Do not count as US clinical experience",
    ] {
        assert!(main.contains(text), "{text}: {main}");
    }

    // Zero and "none" are answers; a short row's missing cells are not published.
    let la = site.main_of(LOS_ANGELES);
    assert_eq!(fact(&la, "Residents who are IMGs"), "0%");
    assert_eq!(fact(&la, "Visas sponsored"), "None");
    assert_eq!(fact(&la, "First-year salary"), "$72,000 a year");
    // `eras: no` says "not ERAS", not which service: another one.
    assert!(
        fact(&la, "Applications through").starts_with("Another service"),
        "{la}"
    );
    let houston = site.main_of(HOUSTON);
    for term in [
        "Residents who are IMGs",
        "First-year salary",
        "Visas sponsored",
        "Interview season",
    ] {
        assert_eq!(fact(&houston, term), "Not published", "{term}");
    }

    // The specialty page: one decimal in the cell and in the data the filters read.
    let table = site.main_of("programs/internal-medicine/index.html");
    assert!(
        table.contains("data-img=\"41.7\""),
        "the filter reads the decimal"
    );
    assert!(
        table.contains("<td class=\"num\" data-label=\"% IMG\" data-v=\"41.7\">41.7%</td>"),
        "{table}"
    );
    assert!(
        table.contains(
            "<td class=\"num\" data-label=\"PGY-1 salary\" data-v=\"68500\">$68,500</td>"
        ),
        "{table}"
    );
    assert!(
        !table.contains("data-table__sub"),
        "no sponsor line without a sponsor"
    );

    let json = json_of(&site, "internal-medicine");
    assert_eq!(json["count"], 3, "the empty rows are no programs");
    let ids: Vec<&str> = json["programs"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["acgme_id"].as_str().expect("text"))
        .collect();
    assert_eq!(
        ids,
        vec!["1400500010", "1403521292", "1404800001"],
        "by state, then name"
    );
    let brooklyn = &json["programs"][1];
    assert_eq!(brooklyn["sponsor"], Value::Null);
    assert_eq!(brooklyn["pct_img"], json!(41.7));
    assert_eq!(brooklyn["salary_pgy1"], json!(68500));
    assert_eq!(brooklyn["visas"], json!(["J-1", "H-1B"]));
    assert_eq!(
        brooklyn["interview_months"],
        json!(["oct", "nov", "dec", "jan"])
    );
    assert_eq!(brooklyn["requirements"]["usce"], "preferred");
    assert_eq!(brooklyn["requirements"]["accepts_do"], json!(true));
    assert_eq!(
        brooklyn["requirements"]["observership_as_usce"],
        json!(false)
    );
    assert_eq!(json["programs"][0]["visas"], json!([]));
    assert_eq!(json["programs"][0]["pct_img"], json!(0));
    assert_eq!(json["programs"][2]["requirements"]["usce"], Value::Null);
    assert_eq!(json["programs"][2]["application_service"], Value::Null);
    assert_eq!(json["programs"][0]["application_service"], json!("other"));
}

#[test]
fn a_yaml_export_without_sponsors_and_with_a_decimal_share_builds() {
    let site = built();
    let page = "programs/pediatrics/pediatrics-residency-3203512345/index.html";
    let main = site.main_of(page);
    assert_eq!(fact(&main, "Residents who are IMGs"), "33.3%");
    assert!(
        main.contains("<p class=\"lead\">New York, NY</p>"),
        "{main}"
    );
    let html = site.read(page);
    assert!(
        html.contains("Pediatrics residency in New York, NY: requirements"),
        "the description names no sponsor"
    );
    let ld_start =
        html.find("application/ld+json\">").expect("JSON-LD") + "application/ld+json\">".len();
    let ld_end = html[ld_start..].find("</script>").expect("closed") + ld_start;
    let ld: Value = serde_json::from_str(&html[ld_start..ld_end]).expect("JSON-LD parses");
    assert_eq!(ld[0]["name"], "Pediatrics Residency");
    assert!(
        ld[0]["provider"].get("name").is_none(),
        "no sponsor, no provider name: {ld}"
    );
    assert_eq!(ld[0]["provider"]["address"]["addressLocality"], "New York");
    assert_eq!(
        json_of(&site, "pediatrics")["programs"][0]["pct_img"],
        json!(33.3)
    );
    // 33.3% is at least 30%: IMG-friendly (the last column of its row).
    let directory = site.main_of("programs/index.html");
    let row = directory
        .split(">Pediatrics</a>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the pediatrics row");
    let cells: Vec<&str> = row
        .split("<td class=\"num\">")
        .skip(1)
        .filter_map(|c| c.split("</td>").next())
        .collect();
    assert_eq!(cells.first(), Some(&"1"), "one program: {row}");
    assert_eq!(cells.last(), Some(&"1"), "IMG-friendly: {row}");
}

#[test]
fn errors_of_a_spreadsheet_are_reported_at_their_row_and_column_in_one_run() {
    let site = Site::fixture_with_default_theme("csv-export");
    // Row 2 holds a line break in a quoted cell, and row 4 is empty: rows are the
    // spreadsheet's, not the file's lines.
    let csv = "acgme_id,Program Name,City,State,PGY-1 Positions,Last Verified,Notes,Director\r\n\
               0402400001,Anesthesiology Residency,Boston,MA,8,2026-01-05,\"Two\r\nlines\",Dr. A\r\n\
               0402400002,Second Residency,Boston,Mass.,8,2026-01-05,,Dr. B\r\n\
               \r\n\
               0402400003,Third Residency,Boston,MA,twelve,2026-01-05,,\r\n\
               0402400004,Fourth Residency,Boston,MA,8,2026-02-30,,\r\n\
               402400005,Fifth Residency,Boston,MA,8,,,\r\n";
    site.file("data/programs/anesthesiology.csv", csv);
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(
        places(error.diagnostics()),
        vec![
            (Severity::Error, Code::ProgramInvalidValue, 3, 4), // Mass.
            (Severity::Error, Code::ProgramWrongType, 5, 5),    // twelve
            (Severity::Error, Code::ProgramInvalidDate, 6, 6),  // 2026-02-30
            (Severity::Error, Code::ProgramInvalidId, 7, 1),    // 9 digits
            (Severity::Warning, Code::ProgramUnknownKey, 1, 8), // Director, once
        ],
        "{text}"
    );
    let d = &error.diagnostics()[3];
    assert_eq!(
        d.message,
        "`acgme_id` must be 10 digits; found 9 digits: 402400005"
    );
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains("leading zero")
            && h.contains("0402400005")
            && h.contains("as text")),
        "{d}"
    );
    assert!(
        !text.contains("unquoted-id"),
        "an ID in a cell is text: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn rows_after_mixed_line_ends_are_counted_as_a_spreadsheet_counts_them() {
    let site = Site::fixture_with_default_theme("csv-export");
    // `\r\r\n` is two line ends (an empty row 3), and a lone `\r` one.
    site.file(
        "data/programs/anesthesiology.csv",
        "acgme_id,name,city,state,pct_img\n0402400001,A,Boston,MA,500\r\r\n0402400002,B,Boston,MA,600\r0402400003,C,Boston,MA,700\n",
    );
    let error = site.build_err();
    let rows: Vec<usize> = places(error.diagnostics())
        .iter()
        .map(|&(_, _, row, _)| row)
        .collect();
    assert_eq!(rows, vec![2, 4, 5], "{}", site.diagnostics_text(&error));
}

#[test]
fn headers_are_compared_without_case_spaces_or_punctuation_as_the_readme_says() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiology.csv",
        "ProgramID,ProgramName,CITY,State,PGY1Positions,pgy_1_salary,MinStep2CK,AcceptsDO\n0402400001,Camel Case Residency,Boston,MA,8,\"$70,000\",230,yes\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let json = json_of(&site, "anesthesiology");
    let program = &json["programs"][0];
    assert_eq!(program["acgme_id"], "0402400001");
    assert_eq!(program["name"], "Camel Case Residency");
    assert_eq!(program["positions_pgy1"], 8);
    assert_eq!(program["salary_pgy1"], 70000);
    assert_eq!(program["requirements"]["min_step2_ck"], 230);
    assert_eq!(program["requirements"]["accepts_do"], true);
}

#[test]
fn an_unknown_column_is_one_warning_at_its_header_cell() {
    let site = Site::fixture_with_default_theme("csv-export");
    let text = site.text(IM_CSV);
    site.file(
        IM_CSV,
        text.replacen(",Notes\r\n", ",Notes,Program Director\r\n", 1),
    );
    let report = site.build_ok();
    assert_eq!(
        report.warnings.len(),
        1,
        "not one per row: {:?}",
        report.warnings
    );
    let w = &report.warnings[0];
    assert_eq!(place(w), (IM_CSV.to_string(), 1, 26));
    assert_eq!(
        w.message,
        "unknown column `Program Director` (column Z); its cells are ignored"
    );
}

#[test]
fn a_misspelled_column_gets_did_you_mean_and_a_repeated_one_an_error() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiology.csv",
        "ACGME ID,Name,City,State,Program Website,URL,Visass\n0402400001,A,Boston,MA,https://a.example,https://b.example,J-1\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let at = "data/programs/anesthesiology.csv".to_string();
    assert_eq!(
        places(error.diagnostics()),
        vec![
            (Severity::Error, Code::ProgramDuplicateKey, 1, 6),
            (Severity::Warning, Code::ProgramUnknownKey, 1, 7),
        ],
        "{text}"
    );
    let duplicate = &error.diagnostics()[0];
    assert_eq!(
        duplicate.message,
        "the columns E (`Program Website`) and F (`URL`) both hold `website`"
    );
    assert_eq!(duplicate.related[0].location.col, 5);
    assert_eq!(place(&error.diagnostics()[1]).0, at);
    assert_eq!(
        error.diagnostics()[1].hint.as_deref(),
        Some("did you mean `visas`?")
    );
}

#[test]
fn a_header_without_a_required_column_is_one_error() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiology.csv",
        "ACGME ID,Name,State\n0402400001,A,MA\n0402400002,B,MA\n0402400003,C,MA\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(
        places(error.diagnostics()),
        vec![(Severity::Error, Code::ProgramMissingField, 1, 1)],
        "one error, not one per row: {text}"
    );
    assert_eq!(
        error.diagnostics()[0].message,
        "the header has no `city` column"
    );
}

#[test]
fn a_row_longer_than_the_header_is_an_error_at_its_first_extra_cell() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiology.csv",
        "acgme_id,name,city,state\n0402400001,A,Boston,MA\n0403500002,Mount Sinai, Beth Israel,New York,NY\n0402400003,C,Boston,MA,,\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(
        places(error.diagnostics()),
        vec![(Severity::Error, Code::DataSyntax, 3, 5)],
        "trailing empty cells are no problem: {text}"
    );
    assert!(
        error.diagnostics()[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("double quotes")),
        "{text}"
    );
}

#[test]
fn yaml_and_csv_files_of_one_specialty_are_an_error_naming_both() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/pediatrics.csv",
        "acgme_id,name,city,state\n3203500001,Other Pediatrics,Albany,NY\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let errors: Vec<&Diagnostic> = error.diagnostics().iter().collect();
    assert_eq!(errors.len(), 1, "{text}");
    let d = errors[0];
    assert_eq!(d.code, Code::DataFormatConflict);
    assert_eq!(
        d.location,
        Some(matchpress::Location::file("data/programs/pediatrics.csv"))
    );
    assert_eq!(
        d.related[0].location,
        matchpress::Location::file("data/programs/pediatrics.yaml")
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_csv_file_named_after_no_specialty_is_an_error_with_did_you_mean() {
    // A typo in the file name: the specialty is the name.
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiolgy.csv",
        "acgme_id,name,city,state\n0402400001,A,Boston,MA\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(
        places(error.diagnostics()),
        vec![(Severity::Error, Code::DataUnknownSpecialty, 0, 0)],
        "{text}"
    );
    assert!(
        error.diagnostics()[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("data/programs/anesthesiology.csv")),
        "{text}"
    );
}

#[test]
fn a_csv_that_is_not_utf8_is_reported_like_a_yaml_file() {
    let site = Site::fixture_with_default_theme("csv-export");
    // Windows-1252, as older Excel versions save "CSV": é is one byte, 0xE9.
    site.file(
        "data/programs/anesthesiology.csv",
        b"acgme_id,name,city,state\n0403521292,Anesth\xE9sie,Montr\xE9al,NY\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert_eq!(
        places(error.diagnostics()),
        vec![(Severity::Error, Code::FileNotUtf8, 2, 18)],
        "{text}"
    );
    assert!(
        error.diagnostics()[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("CSV UTF-8")),
        "{text}"
    );
}

#[test]
fn one_id_in_a_csv_and_a_yaml_file_names_the_first_without_a_sponsor() {
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(
        "data/programs/anesthesiology.csv",
        "acgme_id,name,city,state\n3203512345,Copied Row,Boston,MA\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    let duplicate = error
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::ProgramDuplicateId)
        .unwrap_or_else(|| panic!("no duplicate: {text}"));
    assert_eq!(
        place(duplicate),
        ("data/programs/pediatrics.yaml".to_string(), 4, 5),
        "{text}"
    );
    assert_eq!(
        duplicate.message,
        "the acgme_id 3203512345 is already used by Copied Row (Boston, MA)"
    );
    assert_eq!(duplicate.related[0].location.line, 2, "the CSV's row");
}

#[test]
fn editing_the_csv_rebuilds_its_pages() {
    let site = built();
    let text = site.text(IM_CSV);
    site.file(IM_CSV, text.replacen(",41.7%,", ",45.25%,", 1));
    site.build_ok();
    assert_eq!(
        fact(&site.main_of(BROOKLYN), "Residents who are IMGs"),
        "45.3%",
        "two decimals are rounded to one"
    );
}

#[test]
fn the_readme_csv_example_builds() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let example = readme
        .split("```csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a CSV example in the README");
    let site = Site::fixture_with_default_theme("csv-export");
    site.file(IM_CSV, example);
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let json = json_of(&site, "internal-medicine");
    assert_eq!(json["count"], 2);
    assert_eq!(json["programs"][0]["pct_img"], json!(41.7));
    assert_eq!(json["programs"][0]["salary_pgy1"], json!(68500));
    assert_eq!(json["programs"][1]["visas"], json!([]));
}
