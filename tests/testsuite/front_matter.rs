//! Front matter: every mistake is an error at the right `file:line:col` of the markdown file
//! (the YAML's lines count from the `---` line), with a message a person can act on.

use matchpress::Error;

use crate::support::{Site, only_error, place};

#[test]
fn missing_title_is_an_error_at_line_1_col_1() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/untitled.md",
        "---\ndescription: No title here.\n---\n\nBody.\n",
    );
    let error = site.build_err();
    assert!(matches!(error, Error::Site(_)), "{error:?}");
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/untitled.md".to_string(), 1, 1));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn file_without_front_matter_is_missing_its_title() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/bare.md",
        "# Just markdown\n\nNo front matter.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/bare.md".to_string(), 1, 1));
    assert!(d.message.contains("title"), "{d}");
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("---")), "{d}");
}

#[test]
fn bad_yaml_on_front_matter_line_2_is_reported_on_file_line_3() {
    let site = Site::fixture("basic");
    // YAML line 2 is indented under a scalar; the `---` line makes it file line 3.
    site.file(
        "content/guides/indented.md",
        "---\ntitle: Indented\n  description: too far in\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/indented.md".to_string(), 3, 14),
        "{d}"
    );
    assert!(d.message.starts_with("invalid YAML"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn second_colon_on_yaml_line_2_is_reported_on_file_line_3() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/colons.md",
        "---\ntitle: Colons\ndescription: Step 2: the exam\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(
        (path.as_str(), line),
        ("content/guides/colons.md", 3),
        "{d}"
    );
}

#[test]
fn unclosed_list_is_reported_where_the_parser_stops() {
    let site = Site::fixture("basic");
    // The `[` of YAML line 2 is never closed; the parser notices at the `:` of YAML line 3,
    // which is file line 4.
    site.file(
        "content/guides/broken.md",
        "---\ntitle: Broken\ntags: [visas, exams\ndescription: x\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/broken.md".to_string(), 4, 12),
        "{d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn unknown_field_says_did_you_mean_at_its_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/typo.md",
        "---\ntitle: Typo\ndesciption: A misspelt key.\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/typo.md".to_string(), 3, 1));
    assert_eq!(d.code, matchpress::Code::FrontMatterUnknownKey);
    assert_eq!(d.message, "unknown key `desciption` in the front matter");
    assert_eq!(d.hint.as_deref(), Some("did you mean `description`?"));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn wrong_type_says_what_was_expected_at_the_value() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/heavy.md",
        "---\ntitle: Heavy\nweight: heavy\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/heavy.md".to_string(), 3, 9));
    assert!(d.message.contains("whole number"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn list_where_text_is_expected_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/listy.md",
        "---\ntitle: Listy\ndescription:\n  - not\n  - text\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(path, "content/guides/listy.md");
    assert!(
        (3..=4).contains(&line),
        "the list starts on line 3 or 4: {d}"
    );
}

#[test]
fn invalid_date_is_an_error_at_the_value() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/leap.md",
        "---\ntitle: Leap\ndate: 2026-02-30\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/leap.md".to_string(), 3, 7));
    assert!(d.message.contains("2026-02-30"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn date_in_another_format_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/us-date.md",
        "---\ntitle: US date\nupdated: 03/28/2026\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/us-date.md".to_string(), 3, 10));
    assert!(d.message.starts_with("`updated` must be"), "{d}");
    assert!(d.message.contains("YYYY-MM-DD"), "{d}");
    assert!(d.message.contains("`03/28/2026`"), "{d}");
}

#[test]
fn unclosed_front_matter_is_an_error_at_line_1() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/open.md",
        "---\ntitle: Never closed\n\nThe body starts here.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/open.md".to_string(), 1, 1));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn section_index_front_matter_errors_are_located_too() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/exams/_index.md",
        "---\ntitle: Exams\nsort_by: newest\n---\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/exams/_index.md".to_string(), 3, 10)
    );
    assert!(d.message.contains("`newest`"), "{d}");
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.file("content/guides/one.md", "---\ndescription: no title\n---\n")
        .file("content/guides/two.md", "---\ntitle: Two\ntitel: x\n---\n")
        .file(
            "content/guides/three.md",
            "---\ntitle: Three\ndate: 2026-13-01\n---\n",
        )
        .file("content/guides/four.md", "---\ntitle: Four\n")
        .file(
            "content/guides/five.md",
            "---\ntitle: Five\ndate: yesterday\nupdated: tomorrow\n---\n",
        );
    let error = site.build_err();
    let errors: Vec<_> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let places: Vec<(String, usize, usize)> = errors.iter().map(|d| place(d)).collect();
    assert_eq!(
        places,
        vec![
            ("content/guides/five.md".to_string(), 3, 7),
            ("content/guides/five.md".to_string(), 4, 10),
            ("content/guides/four.md".to_string(), 1, 1),
            ("content/guides/one.md".to_string(), 1, 1),
            ("content/guides/three.md".to_string(), 3, 7),
            ("content/guides/two.md".to_string(), 3, 1),
        ],
        "six problems in five files, sorted by file and line:\n{error}"
    );
    assert!(error.to_string().ends_with("\n6 errors\n"), "{error}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn a_broken_page_does_not_hide_a_broken_link_elsewhere() {
    let site = Site::fixture("basic");
    site.file("content/guides/one.md", "---\ndescription: no title\n---\n")
        .file(
            "content/guides/two.md",
            "---\ntitle: Two\n---\n\nSee [nothing](@/guides/nothing.md).\n",
        );
    let error = site.build_err();
    let files: Vec<String> = error.diagnostics().iter().map(|d| place(d).0).collect();
    assert!(
        files.contains(&"content/guides/one.md".to_string()),
        "{error}"
    );
    assert!(
        files.contains(&"content/guides/two.md".to_string()),
        "{error}"
    );
}
