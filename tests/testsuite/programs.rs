//! The program directory: `/programs/`, a page per specialty (statistics and a table ordered
//! by state then name), a page per program (facts, checklist, JSON-LD) and
//! `/programs/<specialty>.json`. The `directory` fixture's five internal medicine programs
//! cover every field known, every optional field null, `visas: []`, `pct_img: 0` and
//! `first_attempt_only: false`, so that these tests can tell "unknown" from "no".

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

use crate::support::{Site, elements, folders, follow, href_of_link, hrefs, tree};

const SPECIALTY_PAGE: &str = "programs/internal-medicine/index.html";
const JSON_FILE: &str = "programs/internal-medicine.json";
/// Every field known.
const BROOKLYN: &str =
    "programs/internal-medicine/brooklyn-example-medical-center-1403521292/index.html";
/// Every optional field null.
const HOUSTON: &str = "programs/internal-medicine/houston-quiet-hospital-1404800001/index.html";
/// `visas: []`, `pct_img: 0`, `first_attempt_only: false`, `eras: false`.
const PACIFIC: &str =
    "programs/internal-medicine/pacific-university-hospital-1400500010/index.html";

fn built() -> Site {
    let site = Site::fixture("directory");
    let report = site.build_ok();
    assert!(
        report.warnings.is_empty(),
        "the fixture is clean: {:?}",
        report.warnings
    );
    site
}

/// The rows of the specialty page's program table (the header row left out), each as the
/// text of its cells with tags removed.
fn rows(main: &str) -> Vec<Vec<String>> {
    let table = main
        .split("<table class=\"programs\">")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the page has the program table");
    elements(table, "tr")
        .into_iter()
        .filter(|row| !row.contains("<th>"))
        .map(|row| elements(row, "td").into_iter().map(strip_tags).collect())
        .collect()
}

/// The row of the program sponsored by `sponsor`.
fn row_of(rows: &[Vec<String>], sponsor: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r[1] == sponsor)
        .unwrap_or_else(|| panic!("no row for {sponsor}: {rows:?}"))
        .clone()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The definition (`<dd>`) that follows the term `<dt>term</dt>` on a page.
fn fact(main: &str, term: &str) -> String {
    let open = format!("<dt>{term}</dt><dd>");
    let rest = main
        .split(open.as_str())
        .nth(1)
        .unwrap_or_else(|| panic!("no fact {term:?} in:\n{main}"));
    strip_tags(rest.split("</dd>").next().expect("the <dd> is closed"))
}

/// The checklist items of a program page, as (known, "label: text").
fn checklist(main: &str) -> Vec<(bool, String)> {
    let list = main
        .split("<ul class=\"checklist\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("the page has the checklist");
    list.split("<li class=\"")
        .skip(1)
        .map(|item| {
            let (class, rest) = item.split_once("\">").expect("a class attribute");
            let text = rest.split("</li>").next().expect("the item is closed");
            (class == "known", text.to_string())
        })
        .collect()
}

#[test]
fn directory_page_counts_programs_positions_and_visas_per_specialty() {
    let site = built();
    let main = site.main_of("programs/index.html");
    assert!(
        main.contains("<p class=\"notice\">Demo data.</p>"),
        "{main}"
    );
    assert!(
        main.contains("7 programs, 96 first-year positions"),
        "5 + 2 programs; 70 + 26 positions, the unknown count left out:\n{main}"
    );
    let lines: Vec<&str> = main.lines().filter(|l| l.starts_with("<tr>")).collect();
    assert_eq!(lines.len(), 3, "one row per specialty, by name:\n{main}");
    assert!(lines[0].contains(">Internal Medicine</a>"), "{}", lines[0]);
    for cell in [
        "5 programs",
        "70 positions",
        "J-1: 3",
        "H-1B: 2",
        // At least 30% IMGs, by default whatever the visa: Brooklyn (41%) and Albany (75%);
        // not Dallas (10%), not Los Angeles (0%), not Houston (unknown).
        "IMG-friendly: 2",
    ] {
        assert!(
            lines[0].contains(&format!("<td>{cell}</td>")),
            "{cell}: {}",
            lines[0]
        );
    }
    assert!(lines[1].contains(">Pediatrics</a>"), "{}", lines[1]);
    assert!(lines[1].contains("<td>2 programs</td>"), "{}", lines[1]);
    assert!(
        lines[1].contains("<td>IMG-friendly: 1</td>"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains(">Transitional Year</a>"), "{}", lines[2]);
    assert!(lines[2].contains("<td>0 programs</td>"), "{}", lines[2]);
    for (text, target) in [
        ("Internal Medicine", SPECIALTY_PAGE),
        ("Transitional Year", "programs/transitional-year/index.html"),
    ] {
        let href = href_of_link(&main, text);
        assert_eq!(follow("programs/index.html", &href), target);
        assert!(site.exists(target), "{target}");
    }
    insta::assert_snapshot!(main);
}

/// The rows of the default theme's directory table: (specialty name, ACGME code,
/// IMG-friendly count), the last as written ("" for a specialty with no programs).
fn directory_rows(main: &str) -> Vec<(String, String, String)> {
    let body = main
        .split("<tbody>")
        .nth(1)
        .and_then(|rest| rest.split("</tbody>").next())
        .expect("the directory table has a body");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let name = row
                .split("</a>")
                .next()
                .and_then(|a| a.rsplit('>').next())
                .expect("the row links its specialty");
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .filter_map(|cell| cell.split_once('>'))
                .filter_map(|(_, rest)| rest.split("</td>").next())
                .map(strip_tags)
                .collect();
            let img_friendly = if cells.len() == 6 {
                cells[5].clone()
            } else {
                String::new()
            };
            (name.to_string(), cells[0].clone(), img_friendly)
        })
        .collect()
}

/// The default theme's statement of the IMG-friendly rule above the directory table.
fn img_friendly_rule(main: &str) -> String {
    let (before, rule) = main
        .split_once("<p class=\"table-legend\" id=\"img-friendly-rule\">")
        .expect("the page states the rule");
    assert!(
        !before.contains("<table"),
        "the rule comes before the table:\n{main}"
    );
    strip_tags(rule.split("</p>").next().expect("the paragraph is closed"))
}

/// The short form of the rule under the IMG-friendly column's header.
fn img_friendly_header(main: &str) -> String {
    let head = main
        .split("<thead>")
        .nth(1)
        .and_then(|rest| rest.split("</thead>").next())
        .expect("the directory table has a header");
    let cell = head
        .split("<th ")
        .find(|th| th.contains("IMG-friendly"))
        .expect("an IMG-friendly column");
    strip_tags(
        cell.split_once('>')
            .expect("a tag")
            .1
            .split("</th>")
            .next()
            .expect("closed"),
    )
}

#[test]
fn directory_lists_specialties_by_name_whatever_their_case_with_their_acgme_codes() {
    let site = Site::fixture_with_default_theme("directory");
    // After the fixture's three, in ACGME code order: names that sort first, one in lower
    // case (after every capital in byte order), and two that differ only in case (kept in
    // the file's order).
    let extra = "  - slug: anesthesiology\n    name: Anesthesiology\n    acgme_code: \"040\"\n    length_years: 4\n\
                 \x20 - slug: dermatology\n    name: dermatology\n    acgme_code: \"080\"\n    length_years: 4\n\
                 \x20 - slug: nuclear-medicine\n    name: Nuclear Medicine\n    acgme_code: \"200\"\n    length_years: 3\n\
                 \x20 - slug: nuclear-medicine-b\n    name: Nuclear medicine\n    acgme_code: \"201\"\n    length_years: 3\n";
    let specialties = site.text("data/specialties.yaml");
    site.file("data/specialties.yaml", format!("{specialties}{extra}"));
    site.build_ok();
    let main = site.main_of("programs/index.html");
    let rows: Vec<(String, String)> = directory_rows(&main)
        .into_iter()
        .map(|(name, code, _)| (name, code))
        .collect();
    let expected = [
        ("Anesthesiology", "040"),
        ("dermatology", "080"),
        ("Internal Medicine", "140"),
        ("Nuclear Medicine", "200"),
        ("Nuclear medicine", "201"),
        ("Pediatrics", "320"),
        ("Transitional Year", "999"),
    ];
    assert_eq!(
        rows,
        expected.map(|(n, c)| (n.to_string(), c.to_string())),
        "{main}"
    );
    assert!(main.contains("<th scope=\"col\">ACGME code</th>"), "{main}");
}

#[test]
fn img_friendly_counts_follow_the_share_and_visa_rule_of_site_yaml() {
    let site = Site::fixture_with_default_theme("directory");
    // Albany: 75% IMGs and no visa, as for IMGs who are citizens or permanent residents.
    // Internal medicine is then Brooklyn 41% (J-1, H-1B), Albany 75% (none), Dallas 10%
    // (J-1), Los Angeles 0% (none), Houston unknown; pediatrics Harbor 30% (J-1) and
    // Lakeside unknown.
    site.edit_text(
        "data/programs/internal-medicine.yaml",
        "visas: [H-1B, J-1]",
        "visas: []",
    );
    let site_yaml = site.text("site.yaml");
    let counts = |img_friendly: &str| -> (Vec<String>, String, String) {
        site.file("site.yaml", format!("{site_yaml}{img_friendly}"));
        let report = site.build_ok();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let main = site.main_of("programs/index.html");
        let counts = directory_rows(&main)
            .into_iter()
            .map(|(_, _, count)| count)
            .collect();
        (counts, img_friendly_rule(&main), img_friendly_header(&main))
    };

    // The default: at least 30%, whatever the visa.
    let (by_default, rule, header) = counts("");
    assert_eq!(by_default, ["2", "1", ""], "Brooklyn and Albany; Harbor");
    assert_eq!(
        rule,
        "IMG-friendly: a program counts when at least 30% of its residents are international \
         medical graduates (IMGs), whatever its visa policy, since IMGs who are US citizens or \
         permanent residents need no visa. Programs that don’t publish their share of IMG \
         residents are not counted."
    );
    assert_eq!(header, "IMG-friendlyat least 30% IMGs");
    let (written, ..) = counts("img_friendly:\n  min_img_pct: 30\n  visa: any\n");
    assert_eq!(
        written, by_default,
        "the defaults written out change nothing"
    );

    let (sponsors, rule, header) = counts("img_friendly:\n  visa: sponsors\n");
    assert_eq!(sponsors, ["1", "1", ""], "Albany sponsors no visa");
    assert!(
        rule.starts_with(
            "IMG-friendly: a program counts when at least 30% of its residents are \
             international medical graduates (IMGs) and it sponsors a visa (J-1, H-1B or F-1)."
        ),
        "{rule}"
    );
    assert_eq!(header, "IMG-friendlyat least 30% IMGs and a visa");

    let (low, rule, _) = counts("img_friendly:\n  min_img_pct: 10\n");
    assert_eq!(
        low,
        ["3", "1", ""],
        "Dallas's 10% counts; Los Angeles's 0% does not"
    );
    assert!(rule.contains("at least 10% of its residents"), "{rule}");
    let (low_sponsors, ..) = counts("img_friendly:\n  min_img_pct: 10\n  visa: sponsors\n");
    assert_eq!(low_sponsors, ["2", "1", ""], "Brooklyn and Dallas");

    let (exact, ..) = counts("img_friendly:\n  min_img_pct: 41\n");
    assert_eq!(exact, ["2", "0", ""], "41% is at least 41%; 30% is not");
    let (tenth_above, rule, _) = counts("img_friendly:\n  min_img_pct: 41.5\n");
    assert_eq!(tenth_above, ["1", "0", ""], "only Albany's 75%");
    assert!(rule.contains("at least 41.5% of its residents"), "{rule}");

    let (zero, rule, header) = counts("img_friendly:\n  min_img_pct: 0\n");
    assert_eq!(
        zero,
        ["4", "1", ""],
        "every program that publishes its share, 0% included; Houston and Lakeside do not"
    );
    assert!(
        rule.starts_with(
            "IMG-friendly: a program counts when it publishes its share of residents who are \
             international medical graduates (IMGs)"
        ),
        "{rule}"
    );
    assert_eq!(header, "IMG-friendlyIMG share published");
}

#[test]
fn a_wrong_img_friendly_setting_is_an_error_of_site_yaml_at_its_place() {
    let site = Site::fixture("directory");
    let site_yaml = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{site_yaml}img_friendly:\n  min_img_pct: 101\n  visa: citizens\n"),
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert!(
        text.contains(
            "error[config/invalid-value]: site.yaml:14:16: `min_img_pct` must be from 0 to 100, found 101"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "error[config/invalid-value]: site.yaml:15:9: `visa` must be `any` or `sponsors`; found `citizens`"
        ),
        "{text}"
    );
}

#[test]
fn specialty_page_main_as_snapshot() {
    let site = built();
    insta::assert_snapshot!(site.main_of(SPECIALTY_PAGE));
}

#[test]
fn program_page_with_every_field_known_as_snapshot() {
    let site = built();
    insta::assert_snapshot!(site.main_of(BROOKLYN));
}

#[test]
fn program_page_with_every_field_null_as_snapshot() {
    let site = built();
    insta::assert_snapshot!(site.main_of(HOUSTON));
}

#[test]
fn specialty_table_is_ordered_by_state_then_name() {
    let site = built();
    let rows = rows(&site.main_of(SPECIALTY_PAGE));
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[3].as_str(), r[0].as_str()))
        .collect();
    assert_eq!(
        order,
        vec![
            ("CA", "Internal Medicine Residency"),
            ("NY", "Community Internal Medicine Program"),
            ("NY", "Internal Medicine Residency"),
            ("TX", "Academic Internal Medicine"),
            ("TX", "Internal Medicine Program"),
        ],
        "the file lists them NY, TX, CA, NY, TX"
    );
    // The JSON keeps the same order.
    let json: Value = serde_json::from_str(&site.read(JSON_FILE)).expect("valid JSON");
    let sponsors: Vec<&str> = json["programs"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["sponsor"].as_str().expect("text"))
        .collect();
    let table_sponsors: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(sponsors, table_sponsors);
}

#[test]
fn programs_with_one_state_and_name_are_ordered_by_sponsor() {
    let site = Site::fixture("directory");
    let text = std::fs::read_to_string(site.path("data/programs/pediatrics.yaml"))
        .expect("the fixture's pediatrics file");
    // Move the Chicago program to New York: both are now "Pediatrics Residency" in NY.
    let moved = text.replace("\"3201600777\"", "\"3203500777\"").replace(
        "city: Chicago\n    state: IL",
        "city: Buffalo\n    state: NY",
    );
    assert_ne!(moved, text);
    site.file("data/programs/pediatrics.yaml", moved);
    site.build_ok();
    let rows = rows(&site.main_of("programs/pediatrics/index.html"));
    assert_eq!(rows.len(), 2);
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[3].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        order,
        vec![("NY", "New York"), ("NY", "Buffalo")],
        "{rows:?}"
    );
    assert!(
        rows[0][1].starts_with("Harbor"),
        "Harbor before Lakeside: {rows:?}"
    );
    assert!(
        rows[1][1].starts_with("Lakeside"),
        "Harbor before Lakeside: {rows:?}"
    );
}

#[test]
fn empty_visa_list_is_none_and_null_visas_are_not_published() {
    let site = built();
    let rows = rows(&site.main_of(SPECIALTY_PAGE));
    assert_eq!(
        row_of(&rows, "Pacific University Hospital")[7],
        "None [known: true; list: ]"
    );
    assert_eq!(
        row_of(&rows, "Houston Quiet Hospital")[7],
        "Not published [known: false; list: ]"
    );
    assert_eq!(
        row_of(&rows, "Albany Community Hospital")[7],
        "J-1, H-1B [known: true; list: J-1 H-1B]",
        "written [H-1B, J-1], shown in the one fixed order"
    );

    let pacific = site.main_of(PACIFIC);
    assert_eq!(fact(&pacific, "Visas"), "none");
    assert_eq!(
        checklist(&pacific)[0],
        (true, "Visa sponsorship: Does not sponsor visas".to_string())
    );
    let houston = site.main_of(HOUSTON);
    assert_eq!(fact(&houston, "Visas"), "not published");
    assert_eq!(
        checklist(&houston)[0],
        (false, "Visa sponsorship: Not published".to_string())
    );
    assert_eq!(
        checklist(&site.main_of(BROOKLYN))[0],
        (true, "Visa sponsorship: Sponsors J-1 and H-1B".to_string())
    );
}

#[test]
fn zero_percent_img_is_zero_and_null_is_not_published() {
    let site = built();
    let rows = rows(&site.main_of(SPECIALTY_PAGE));
    assert_eq!(row_of(&rows, "Pacific University Hospital")[6], "0%");
    assert_eq!(row_of(&rows, "Houston Quiet Hospital")[6], "not published");
    assert_eq!(fact(&site.main_of(PACIFIC), "IMG share"), "0%");
    assert_eq!(fact(&site.main_of(HOUSTON), "IMG share"), "not published");
}

#[test]
fn first_attempt_only_false_means_retakes_and_null_is_not_published() {
    let site = built();
    let attempts = |page: &str| checklist(&site.main_of(page))[4].clone();
    assert_eq!(
        attempts(PACIFIC),
        (
            true,
            "Exam attempts: Exam retakes are considered".to_string()
        )
    );
    assert_eq!(
        attempts(BROOKLYN),
        (true, "Exam attempts: First-attempt passes only".to_string())
    );
    assert_eq!(
        attempts(HOUSTON),
        (false, "Exam attempts: Not published".to_string())
    );
    // `usce: none` is an answer ("not required"); a missing `usce` is not.
    assert_eq!(
        checklist(&site.main_of(PACIFIC))[3],
        (true, "US clinical experience: Not required".to_string())
    );
    // `eras: false` (the older field) says "not through ERAS": another service.
    assert!(fact(&site.main_of(PACIFIC), "Applies through").starts_with("Another service"));
    assert_eq!(
        fact(&site.main_of(HOUSTON), "Applies through"),
        "not published"
    );
}

#[test]
fn application_interview_and_salary_facts_are_shown_and_null_is_not_published() {
    let site = built();
    let brooklyn = site.main_of(BROOKLYN);
    assert_eq!(fact(&brooklyn, "Salary"), "$68,500 (68500)");
    assert_eq!(fact(&brooklyn, "Deadline"), "October 15, 2026");
    assert_eq!(
        fact(&brooklyn, "Interview months"),
        "October to January",
        "written [jan, oct, nov, dec]: one season, in order"
    );
    assert_eq!(fact(&brooklyn, "Interview format"), "Virtual");
    assert_eq!(fact(&brooklyn, "Interviews offered"), "240");
    assert_eq!(
        href_of_link(&brooklyn, "Source"),
        "https://example.org/im/facts"
    );
    assert_eq!(
        checklist(&brooklyn)[5..],
        [
            (
                true,
                "Observerships: Count as US clinical experience".to_string()
            ),
            (
                true,
                "Step 3 for the H-1B: Step 3 must be passed for H-1B sponsorship".to_string()
            ),
            (true, "DO graduates: Considered".to_string()),
            (true, "COMLEX instead of USMLE: Accepted".to_string()),
        ]
    );
    // `false` is an answer, never shown as unknown.
    let pacific = site.main_of(PACIFIC);
    assert_eq!(
        checklist(&pacific)[5..],
        [
            (
                true,
                "Observerships: Do not count as US clinical experience".to_string()
            ),
            (
                true,
                "Step 3 for the H-1B: Not required for H-1B sponsorship".to_string()
            ),
            (true, "DO graduates: Not considered".to_string()),
            (
                true,
                "COMLEX instead of USMLE: Not accepted: USMLE scores required".to_string()
            ),
        ]
    );
    assert_eq!(fact(&pacific, "Interview format"), "In person");
    let houston = site.main_of(HOUSTON);
    for term in [
        "Salary",
        "Deadline",
        "Interview months",
        "Interview format",
        "Interviews offered",
        "Source",
    ] {
        assert_eq!(fact(&houston, term), "not published", "{term}");
    }
    assert!(checklist(&houston)[5..].iter().all(|(known, _)| !known));
    let rows = rows(&site.main_of(SPECIALTY_PAGE));
    assert_eq!(
        row_of(&rows, "Brooklyn Example Medical Center")[11],
        "$68,500"
    );
    assert_eq!(row_of(&rows, "Houston Quiet Hospital")[11], "not published");
}

#[test]
fn statistics_count_only_programs_that_publish_the_value() {
    let site = built();
    let main = site.main_of(SPECIALTY_PAGE);
    // Visas are published by 4 of 5 (Houston's are null): 3 sponsor the J-1 (Brooklyn,
    // Albany, Dallas), 2 the H-1B, none the F-1, and 1 (Los Angeles, `[]`) no visa.
    // Counting Houston as "no" would give 60% J-1.
    assert_eq!(fact(&main, "Visa data published by"), "4");
    assert_eq!(fact(&main, "J-1"), "3 (75%)");
    assert_eq!(fact(&main, "H-1B"), "2 (50%)");
    assert_eq!(fact(&main, "F-1"), "0 (0%)");
    assert_eq!(fact(&main, "No visa"), "1 (25%)");
    // Step 2 CK minimums 220, 240 and 230 are published; Houston and Dallas publish none.
    // Counting them as 0 would give a median of 220.
    assert_eq!(
        fact(&main, "Median Step 2 CK minimum"),
        "230 (published by 3)"
    );
    // IMG shares 41, 0, 75 and 10: median (10 + 41) / 2 = 25.5, shown with its decimal.
    assert_eq!(fact(&main, "Median IMG share"), "25.5% (published by 4)");
    assert_eq!(
        fact(&main, "IMG share"),
        "0–9.9%: 1 (20%); 10–24.9%: 1 (20%); 25–49.9%: 1 (20%); 50–74.9%: 0 (0%); 75–100%: 1 (20%); Not published: 1 (20%); "
    );
    // Positions 12 + 20 + 8 + 30; Houston's are not published.
    assert_eq!(fact(&main, "First-year positions"), "70 (published by 4)");
    assert_eq!(fact(&main, "Programs"), "5");
}

#[test]
fn specialty_without_programs_has_an_empty_page_and_json() {
    let site = built();
    let main = site.main_of("programs/transitional-year/index.html");
    assert_eq!(fact(&main, "Programs"), "0");
    assert_eq!(fact(&main, "J-1"), "0 (no data)");
    assert_eq!(
        fact(&main, "Median Step 2 CK minimum"),
        "not published (published by 0)"
    );
    assert!(rows(&main).is_empty(), "{main}");
    let json: Value =
        serde_json::from_str(&site.read("programs/transitional-year.json")).expect("valid JSON");
    assert_eq!(json["count"], json!(0));
    assert_eq!(json["programs"], json!([]));
}

#[test]
fn every_program_has_a_page_linked_from_its_specialty_page() {
    let site = built();
    let main = site.main_of(SPECIALTY_PAGE);
    let table = main
        .split("<table class=\"programs\">")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the program table");
    // Two programs share the name "Internal Medicine Residency": follow every href of the
    // table, in row order.
    let targets: Vec<String> = hrefs(table)
        .iter()
        .map(|href| follow(SPECIALTY_PAGE, href))
        .collect();
    assert_eq!(
        targets,
        vec![
            PACIFIC.to_string(),
            "programs/internal-medicine/albany-community-hospital-1403500002/index.html"
                .to_string(),
            BROOKLYN.to_string(),
            "programs/internal-medicine/texas-example-university-1404800003/index.html".to_string(),
            HOUSTON.to_string(),
        ]
    );
    for target in &targets {
        assert!(site.exists(target), "{target}");
        // And each program page links back to its specialty page.
        let back = href_of_link(&site.main_of(target), "Internal Medicine");
        assert_eq!(follow(target, &back), SPECIALTY_PAGE, "{target}");
    }
}

#[test]
fn guide_with_a_specialty_links_to_its_page_and_the_page_lists_the_guide() {
    let site = built();
    let guide = "guides/im-match/index.html";
    let href = href_of_link(&site.main_of(guide), "Internal Medicine");
    assert_eq!(follow(guide, &href), SPECIALTY_PAGE);
    assert!(site.exists(SPECIALTY_PAGE));

    let main = site.main_of(SPECIALTY_PAGE);
    let guides = main
        .split("<ul class=\"guides\">")
        .nth(1)
        .expect("the guide list");
    let back = href_of_link(guides, "Matching into Internal Medicine");
    assert_eq!(follow(SPECIALTY_PAGE, &back), guide);
    assert!(
        !guides.contains("Step 2 CK Basics"),
        "a guide without the specialty is not listed:\n{guides}"
    );
    assert!(
        !site
            .main_of("programs/pediatrics/index.html")
            .contains("Matching into Internal Medicine"),
        "nor is a guide on another specialty's page"
    );
}

#[test]
fn program_page_has_json_ld_for_an_educational_occupational_program() {
    let site = built();
    let html = site.read(BROOKLYN);
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = html[start..]
        .find("</script>")
        .expect("the script is closed")
        + start;
    let ld: Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses as JSON");
    let program = ld
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|i| i["@type"] == "EducationalOccupationalProgram")
        })
        .unwrap_or_else(|| panic!("no EducationalOccupationalProgram in {ld}"));
    assert_eq!(program["@context"], "https://schema.org");
    assert_eq!(
        program["name"],
        "Internal Medicine Residency (Brooklyn Example Medical Center)"
    );
    assert_eq!(
        program["url"],
        "https://example.test/docs/programs/internal-medicine/brooklyn-example-medical-center-1403521292/"
    );
    assert_eq!(program["identifier"]["value"], "1403521292");
    assert_eq!(
        program["provider"]["name"],
        "Brooklyn Example Medical Center"
    );
    assert_eq!(program["provider"]["address"]["addressRegion"], "NY");
    assert_eq!(program["timeToComplete"], "P3Y");
    assert_eq!(program["maximumEnrollment"], 12);
    assert_eq!(program["sameAs"], "https://example.org/im");

    // Unknown facts are left out, never written as null or 0.
    let html = site.read(HOUSTON);
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = html[start..]
        .find("</script>")
        .expect("the script is closed")
        + start;
    let ld: Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses as JSON");
    let program = &ld[0];
    assert_eq!(program["@type"], "EducationalOccupationalProgram");
    for absent in ["timeToComplete", "maximumEnrollment", "sameAs"] {
        assert!(program.get(absent).is_none(), "{absent} in {program}");
    }
}

#[test]
fn json_has_the_documented_shape_with_null_and_empty_list_kept() {
    let site = built();
    let text = site.read(JSON_FILE);
    let ordered: Ordered = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        ordered.keys(),
        vec!["schema", "specialty", "count", "programs"]
    );
    assert_eq!(
        ordered.get("specialty").keys(),
        vec!["slug", "name", "acgme_code", "length_years", "url"]
    );
    let Ordered::Array(programs) = ordered.get("programs") else {
        panic!("programs is a list")
    };
    for program in programs {
        // Every program has every key, in the documented order, whether known or not.
        assert_eq!(
            program.keys(),
            vec![
                "acgme_id",
                "nrmp_codes",
                "name",
                "sponsor",
                "city",
                "state",
                "program_type",
                "length_years",
                "positions_pgy1",
                "salary_pgy1",
                "pct_img",
                "visas",
                "requirements",
                "application_service",
                "application_deadline",
                "interview_months",
                "interview_format",
                "interviews_offered",
                "website",
                "source_url",
                "last_verified",
                "url",
            ]
        );
        assert_eq!(
            program.get("requirements").keys(),
            vec![
                "min_step2_ck",
                "first_attempt_only",
                "yog_cutoff_years",
                "usce",
                "usce_min_months",
                "observership_as_usce",
                "accepts_do",
                "accepts_comlex",
                "step3_for_h1b",
            ]
        );
    }

    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["schema"], "matchpress.programs/3");
    assert_eq!(json["count"], 5);
    assert_eq!(json["specialty"]["acgme_code"], "140");
    let by_id = |id: &str| -> Value {
        json["programs"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|p| p["acgme_id"] == id)
            .unwrap_or_else(|| panic!("no program {id}"))
            .clone()
    };
    // Every optional field null: null, never omitted, never false, 0 or [].
    let houston = by_id("1404800001");
    for key in [
        "nrmp_codes",
        "program_type",
        "length_years",
        "positions_pgy1",
        "salary_pgy1",
        "pct_img",
        "visas",
        "application_service",
        "application_deadline",
        "interview_months",
        "interview_format",
        "interviews_offered",
        "website",
        "source_url",
        "last_verified",
    ] {
        assert_eq!(houston[key], Value::Null, "{key}");
    }
    assert_eq!(
        houston["requirements"],
        json!({
            "min_step2_ck": null,
            "first_attempt_only": null,
            "yog_cutoff_years": null,
            "usce": null,
            "usce_min_months": null,
            "observership_as_usce": null,
            "accepts_do": null,
            "accepts_comlex": null,
            "step3_for_h1b": null,
        })
    );
    // No visa, no IMGs, retakes considered, no ERAS: the answers "no" and "0" are kept as such.
    let pacific = by_id("1400500010");
    assert_eq!(pacific["visas"], json!([]));
    assert_eq!(pacific["pct_img"], json!(0));
    assert_eq!(pacific["application_service"], json!("other"));
    assert_eq!(pacific["requirements"]["first_attempt_only"], json!(false));
    assert_eq!(pacific["requirements"]["usce"], json!("none"));
    assert_eq!(pacific["requirements"]["yog_cutoff_years"], Value::Null);
    for key in [
        "observership_as_usce",
        "accepts_do",
        "accepts_comlex",
        "step3_for_h1b",
    ] {
        assert_eq!(pacific["requirements"][key], json!(false), "{key}");
    }
    assert_eq!(pacific["interview_format"], "in-person");
    // Known values, in the file's spelling for enums and ISO dates.
    let brooklyn = by_id("1403521292");
    assert_eq!(brooklyn["program_type"], "community-university");
    assert_eq!(brooklyn["visas"], json!(["J-1", "H-1B"]));
    assert_eq!(brooklyn["nrmp_codes"], json!(["1234140C0", "1234140P0"]));
    assert_eq!(brooklyn["last_verified"], "2026-03-28");
    assert_eq!(brooklyn["salary_pgy1"], json!(68500));
    assert_eq!(brooklyn["application_deadline"], "2026-10-15");
    assert_eq!(
        brooklyn["interview_months"],
        json!(["oct", "nov", "dec", "jan"]),
        "written [jan, oct, nov, dec]: in the season's order"
    );
    assert_eq!(brooklyn["interview_format"], "virtual");
    assert_eq!(brooklyn["interviews_offered"], json!(240));
    assert_eq!(brooklyn["source_url"], "https://example.org/im/facts");
    assert_eq!(brooklyn["requirements"]["step3_for_h1b"], json!(true));
    assert_eq!(
        brooklyn["url"],
        "https://example.test/docs/programs/internal-medicine/brooklyn-example-medical-center-1403521292/"
    );
    assert_eq!(
        by_id("1403500002")["visas"],
        json!(["J-1", "H-1B"]),
        "written [H-1B, J-1]: one fixed order"
    );

    insta::assert_snapshot!(serde_json::to_string_pretty(&ordered).expect("serializable"));
}

#[test]
fn data_notice_is_on_every_directory_page() {
    let site = built();
    for page in ["programs/index.html", SPECIALTY_PAGE, BROOKLYN, HOUSTON] {
        assert!(
            site.main_of(page)
                .contains("<p class=\"notice\">Demo data.</p>"),
            "{page}"
        );
    }
}

#[test]
fn program_pages_are_in_the_sitemap() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    let locs = elements(&sitemap, "loc");
    for path in [
        "programs/",
        "programs/internal-medicine/",
        "programs/internal-medicine/houston-quiet-hospital-1404800001/",
        "programs/pediatrics/lakeside-childrens-hospital-3201600777/",
    ] {
        let url = format!("https://example.test/docs/{path}");
        assert!(locs.contains(&url.as_str()), "{url} in {locs:?}");
    }
}

#[test]
fn failed_data_build_leaves_the_previous_output_untouched() {
    let site = built();
    let before = tree(&site.path("public"));
    let folders_before = folders(&site.path("public"));
    assert!(before.contains_key(BROOKLYN));
    // A change that would rewrite pages, and a mistake that fails the build.
    let text = std::fs::read_to_string(site.path("data/programs/internal-medicine.yaml"))
        .expect("the fixture's file");
    let changed = text
        .replace("pct_img: 41", "pct_img: 45")
        .replace("pct_img: 75", "pct_img: 175");
    assert_ne!(changed, text);
    site.file("data/programs/internal-medicine.yaml", changed);
    site.remove("data/programs/pediatrics.yaml");
    let error = site.build_err();
    assert!(
        site.diagnostics_text(&error).contains("`pct_img` must be"),
        "{error}"
    );
    assert_eq!(
        tree(&site.path("public")),
        before,
        "bytes and mtimes unchanged"
    );
    assert_eq!(folders(&site.path("public")), folders_before);
}

#[test]
fn rebuild_with_unchanged_data_writes_nothing() {
    let site = built();
    let before = tree(&site.path("public"));
    let again = site.build_ok();
    assert_eq!(again.files.written, 0, "{:?}", again.files);
    assert_eq!(
        tree(&site.path("public")),
        before,
        "not even an mtime moved"
    );
}

#[test]
fn editing_one_program_rewrites_its_page_its_specialty_page_and_the_json_only() {
    let site = built();
    let before = tree(&site.path("public"));
    let path = "data/programs/internal-medicine.yaml";
    let text = std::fs::read_to_string(site.path(path)).expect("the fixture's file");
    assert!(text.contains("pct_img: 41\n"));
    site.file(path, text.replace("pct_img: 41\n", "pct_img: 45\n"));
    let report = site.build_ok();
    let after = tree(&site.path("public"));
    let mut changed: Vec<&str> = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_none_or(|b| b.bytes != v.bytes))
        .map(|(k, _)| k.as_str())
        // The manifest records every file's hash, so it changes with any page.
        .filter(|k| *k != ".matchpress-manifest")
        .collect();
    changed.sort_unstable();
    assert_eq!(
        changed,
        vec![JSON_FILE, BROOKLYN, SPECIALTY_PAGE],
        "the directory page's counts are unchanged (45% is still IMG-friendly)"
    );
    assert_eq!(report.files.written, 3, "{:?}", report.files);
    assert_eq!(fact(&site.main_of(BROOKLYN), "IMG share"), "45%");
    assert_eq!(
        fact(&site.main_of(SPECIALTY_PAGE), "Median IMG share"),
        "27.5% (published by 4)",
        "(10 + 45) / 2 = 27.5"
    );
}

#[test]
fn data_file_with_crlf_line_endings_and_a_bom_builds_the_same() {
    let one = built();
    let two = Site::fixture("directory");
    for path in [
        "data/specialties.yaml",
        "data/programs/internal-medicine.yaml",
    ] {
        let text = std::fs::read_to_string(two.path(path)).expect("the fixture's file");
        two.file(path, format!("\u{feff}{}", text.replace('\n', "\r\n")));
    }
    two.build_ok();
    for page in [SPECIALTY_PAGE, BROOKLYN, JSON_FILE] {
        assert_eq!(one.read(page), two.read(page), "{page}");
    }
}

#[test]
fn notes_are_markdown_rendered_on_the_program_page() {
    let site = built();
    let main = site.main_of(BROOKLYN);
    assert!(
        main.contains("Interviews are <strong>virtual</strong>"),
        "{main}"
    );
    assert_eq!(
        href_of_link(&main, "the program’s page"),
        "https://example.org/im"
    );
}

#[test]
fn internal_link_in_notes_leads_to_the_guide_or_is_reported() {
    // Notes are markdown, and markdown elsewhere in the site links guides with `@/`. Either the
    // link resolves like in a guide, or the build says it cannot be used; it must never put
    // the renderer's private placeholders into the page.
    let site = Site::fixture("directory");
    let text = std::fs::read_to_string(site.path("data/programs/pediatrics.yaml"))
        .expect("the fixture's pediatrics file");
    site.file(
        "data/programs/pediatrics.yaml",
        format!("{text}    notes: Read [our guide](@/guides/im-match.md) first.\n"),
    );
    let page = "programs/pediatrics/lakeside-childrens-hospital-3201600777/index.html";
    match site.build() {
        Ok(_) => {
            let main = site.main_of(page);
            assert!(
                !main.contains('\u{E000}') && !main.contains('\u{E001}'),
                "a link placeholder reached the page:\n{main:?}"
            );
            let href = href_of_link(&main, "our guide");
            assert_eq!(follow(page, &href), "guides/im-match/index.html");
        }
        Err(error) => {
            let text = site.diagnostics_text(&error);
            assert!(
                text.contains("data/programs/pediatrics.yaml:"),
                "the error names the notes: {text}"
            );
        }
    }
}

#[test]
fn program_main_html_is_the_same_from_a_second_build() {
    // Statistics and tables must not depend on hash-map or thread order.
    let one = built();
    let two = built();
    for page in ["programs/index.html", SPECIALTY_PAGE, BROOKLYN, JSON_FILE] {
        assert_eq!(one.read(page), two.read(page), "{page}");
    }
}

/// JSON with objects kept in the order of the text (the `Value` of `serde_json` sorts keys).
#[derive(Debug, Clone, PartialEq)]
enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    /// The keys of an object, in order.
    fn keys(&self) -> Vec<&str> {
        match self {
            Self::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    /// The value of `key` in an object.
    fn get(&self, key: &str) -> &Ordered {
        match self {
            Self::Object(entries) => entries
                .iter()
                .find_map(|(k, v)| (k == key).then_some(v))
                .unwrap_or_else(|| panic!("no key {key}")),
            other => panic!("not an object: {other:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Ordered, E> {
                serde_json::Number::from_f64(v)
                    .map(Ordered::Number)
                    .ok_or_else(|| E::custom("a finite number"))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered::Object(entries))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Number(n) => n.serialize(serializer),
            Self::String(s) => serializer.serialize_str(s),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[test]
fn a_guide_without_specialties_points_to_the_directory_when_the_site_has_one() {
    let site = Site::fixture_with_default_theme("directory");
    site.file(
        "content/guides/general.md",
        "---\ntitle: General advice\n---\nText.\n",
    );
    site.build_ok();
    let html = site.main_of("guides/general/index.html");
    assert!(
        html.contains("Start from the <a href=\"../../programs/index.html\">program directory</a>"),
        "{html}"
    );
    assert!(!html.contains("on its way"), "{html}");
}
