//! `matchpress check`: every problem of a site in one run, counted, numbered, folded when one
//! kind fires many times, as text for people, JSON for scripts or GitHub annotations; the exit
//! code says whether there are errors (or warnings, with `--deny-warnings`); nothing is written.

use std::fmt::Write as _;

use matchpress::Code;

use crate::support::{Site, place};

/// `n` pediatrics programs without a city (which a program cannot stand without), one every
/// 7 lines from line 3.
fn programs_without_city(n: usize) -> String {
    let mut text = String::from("specialty: pediatrics\nprograms:\n");
    for i in 0..n {
        let _ = write!(
            text,
            "  - acgme_id: \"32035{i:05}\"\n    name: Program {i}\n    sponsor: Albany Hospital\n    state: NY\n    pct_img: 10\n    visas: []\n    eras: true\n"
        );
    }
    text
}

#[test]
fn a_clean_site_checks_with_exit_0_and_writes_nothing() {
    let site = Site::fixture("directory");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("checked ") && run.stdout.trim_end().ends_with(": no problems"),
        "{}",
        run.stdout
    );
    assert!(
        !site.path("public").exists(),
        "check creates no output folder"
    );
    assert!(
        !site.path(".matchpress-cache").exists(),
        "nor a cache without --external"
    );
    // The same site passes with warnings denied.
    assert_eq!(site.run(&["check", "--deny-warnings"]).code, 0);
}

#[test]
fn every_kind_of_problem_is_reported_in_one_run() {
    let site = Site::fixture("directory");
    // Front matter with several problems in one block.
    site.file(
        "content/guides/many.md",
        "---\ntitle: Many\ndate: 2026-02-30\ntags: visas\ndraft: maybe\nweight: heavy\ncolour: blue\n---\n\nSee [nothing](/guides/nothing/).\n",
    );
    // A duplicate ID beside a field error, in another file.
    site.edit_text(
        "data/programs/pediatrics.yaml",
        "acgme_id: \"3201600777\"",
        "acgme_id: \"3203512345\"",
    )
    .edit_text(
        "data/programs/pediatrics.yaml",
        "pct_img: 30",
        "pct_img: 300",
    );
    // A template that does not parse, and another that renders a missing field.
    site.edit_text("themes/default/templates/tag.html", "{{", "{{ {{")
        .edit_text(
            "themes/default/templates/page.html",
            "{{ page.title }}",
            "{{ page.subtitle }}",
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.stdout;
    for (code, place) in [
        ("front-matter/invalid-date", "content/guides/many.md:3:7"),
        ("front-matter/wrong-type", "content/guides/many.md:4:7"),
        ("front-matter/wrong-type", "content/guides/many.md:5:8"),
        ("front-matter/wrong-type", "content/guides/many.md:6:9"),
        ("front-matter/unknown-key", "content/guides/many.md:7:1"),
        ("link/broken", "content/guides/many.md:10:5"),
        ("program/duplicate-id", "data/programs/pediatrics.yaml:19:5"),
        (
            "program/invalid-value",
            "data/programs/pediatrics.yaml:11:14",
        ),
        ("template/syntax", "themes/default/templates/tag.html"),
        ("template/render", "themes/default/templates/page.html"),
    ] {
        assert!(
            report.contains(&format!("[{code}]: {place}")),
            "{code} at {place} missing from:\n{report}"
        );
    }
    // Counted and numbered, errors first, with a table by code. An unknown front matter key
    // is a warning: its value is kept for templates.
    assert!(report.contains("  9. error["), "{report}");
    assert!(
        report.contains(" 10. warning[front-matter/unknown-key]"),
        "{report}"
    );
    assert!(report.contains("\ncode "), "{report}");
    assert!(report.contains("9 errors and 2 warnings"), "{report}");
    assert!(!site.path("public").exists());
}

#[test]
fn many_problems_of_one_kind_fold_into_one_line_and_verbose_lists_them() {
    let site = Site::fixture("directory");
    site.file("data/programs/pediatrics.yaml", programs_without_city(40));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let out = &run.stdout;
    assert_eq!(out.matches("has no `city`").count(), 3, "{out}");
    assert!(
        out.contains("program/missing-field: 37 more errors like these, at data/programs/pediatrics.yaml:24:5, :31:5, :38:5, :45:5, :52:5 and 32 more places (--verbose lists them all)"),
        "{out}"
    );
    assert!(
        out.contains("program/missing-field      40         0"),
        "{out}"
    );
    let verbose = site.run(&["check", "--verbose"]);
    assert_eq!(verbose.stdout.matches("has no `city`").count(), 40);
    // build reports the same way, on stderr.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("37 more errors like these"),
        "{}",
        build.stderr
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let site = Site::fixture("directory");
    site.file("data/programs/pediatrics.yaml", programs_without_city(5));
    site.file(
        "content/guides/dup.md",
        "---\ntitle: Dup\naliases: [/guides/step2/]\n---\n\nText.\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["schema"], "matchpress.check/1");
    assert_eq!(report["errors"], 6);
    assert_eq!(report["warnings"], 0);
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), 6, "never folded in JSON");
    let alias = diagnostics
        .iter()
        .find(|d| d["code"] == "url/alias-clash")
        .expect("the alias clash");
    assert_eq!(alias["severity"], "error");
    assert_eq!(alias["file"], "content/guides/dup.md");
    assert_eq!(
        (alias["line"].as_u64(), alias["column"].as_u64()),
        (Some(3), Some(11))
    );
    assert!(
        alias["message"]
            .as_str()
            .is_some_and(|m| m.contains("/guides/step2/"))
    );
    assert!(alias["hint"].is_string());
    assert_eq!(alias["related"][0]["file"], "content/guides/step2.md");
    assert!(alias["related"][0]["line"].is_null());
    let first = &diagnostics[0];
    for key in [
        "code", "severity", "file", "line", "column", "message", "hint", "related",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
}

#[test]
fn github_format_prints_workflow_annotations() {
    let site = Site::fixture("directory");
    site.file("data/programs/pediatrics.yaml", programs_without_city(5))
        .file(
            "content/guides/pic.md",
            "---\ntitle: Pic\n---\n\n![](/style.css)\n",
        );
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.contains(&"::warning file=content/guides/pic.md,line=5,col=1,title=markdown/missing-alt::an image without alt text%0Ahint: describe the image between the brackets: `![what it shows](...)`"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("::error file=data/programs/pediatrics.yaml,line="))
            .count(),
        3,
        "{}",
        run.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error title=program/missing-field::2 more like these")),
        "{}",
        run.stdout
    );
}

#[test]
fn deny_warnings_fails_on_warnings_in_check_and_build() {
    let site = Site::fixture("directory");
    site.file(
        "content/guides/pic.md",
        "---\ntitle: Pic\n---\n\n![](/style.css)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "warnings alone pass: {run:?}");
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    assert_eq!(site.run(&["check", "--deny-warnings"]).code, 1);
    let build = site.run(&["build", "--deny-warnings"]);
    assert_eq!(build.code, 1, "{build:?}");
    assert!(
        build.stderr.contains("(warnings are denied)"),
        "{}",
        build.stderr
    );
    assert!(
        !site.path("public/index.html").exists(),
        "nothing is written"
    );
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.path("public/index.html").exists());
}

#[test]
fn a_problem_in_site_yaml_exits_2_and_the_rest_is_still_checked() {
    let site = Site::fixture("directory");
    site.edit_text("site.yaml", "author:", "paginte_by: 3\nauthor:")
        .file("content/guides/untitled.md", "---\ndescription: x\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("[config/unknown-key]: site.yaml:4:1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("[front-matter/missing-field]: content/guides/untitled.md:1:1"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_template_syntax_error_is_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.edit_text("themes/default/templates/tag.html", "{{", "{{ {{")
        .edit_text("themes/default/templates/tags.html", "{%", "{% nonsense");
    let error = site.build_err();
    let templates: Vec<String> = error
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::TemplateSyntax)
        .map(|d| place(d).0)
        .collect();
    assert_eq!(
        templates,
        [
            "themes/default/templates/tag.html",
            "themes/default/templates/tags.html"
        ],
        "{error}"
    );
    // The pages of the other templates still render: only these two are reported.
    assert_eq!(error.diagnostics().len(), 2, "{error}");
}

#[test]
fn a_mapping_where_a_date_belongs_says_so() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/when.md",
        "---\ntitle: When\ndate:\n  year: 2026\n  month: 3\n---\n",
    );
    let error = site.build_err();
    let d = crate::support::only_error(&error);
    assert_eq!(d.code, Code::FrontMatterInvalidDate);
    assert!(d.message.contains("found a mapping"), "{d}");
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("`date: 2026-03-28`")),
        "{d}"
    );
}

#[test]
fn yaml_limits_are_named_with_what_to_do() {
    let site = Site::fixture("basic");
    let deep = format!("{}x{}", "[".repeat(40), "]".repeat(40));
    site.file(
        "content/guides/deep.md",
        format!("---\ntitle: Deep\ntags: {deep}\n---\n"),
    );
    let error = site.build_err();
    let d = crate::support::only_error(&error);
    assert_eq!(d.code, Code::YamlLimit, "{d}");
    assert_eq!(place(d).0, "content/guides/deep.md");
    assert!(d.message.contains("nests more than 24 levels deep"), "{d}");
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains("limit")),
        "{d}"
    );
}

#[test]
fn a_missing_theme_says_what_to_do_without_a_themes_folder() {
    // Without themes/, `default` is the built-in theme; another name is missing.
    let site = Site::fixture("basic");
    site.remove_dir("themes");
    site.edit_text("site.yaml", "author:", "theme: journal\nauthor:");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains(
            "[config/missing-theme]: site.yaml:4:8: the theme `journal` is not in themes/"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("there is no themes/ folder"),
        "{}",
        run.stdout
    );
    // With a theme of another name, the hint names it.
    let site = Site::fixture("basic");
    site.edit_text("site.yaml", "author:", "theme: defualt\nauthor:");
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains("did you mean `theme: default`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("site.yaml:4:8"),
        "at the `theme:` value: {}",
        run.stdout
    );
}

/// The README's list of codes, as `Code::ALL` gives it.
fn code_table() -> String {
    let mut table = String::from(
        "| code | default | may be lowered | what it means |\n| --- | --- | --- | --- |\n",
    );
    for code in Code::ALL {
        let _ = writeln!(
            table,
            "| `{}` | {} | {} | {} |",
            code.as_str(),
            code.default_severity().as_str(),
            if code.adjustable() { "yes" } else { "no" },
            code.summary()
        );
    }
    table
}

#[test]
fn the_readme_lists_every_code_with_its_default_severity() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let start = readme
        .find("<!-- codes -->\n")
        .expect("a `<!-- codes -->` marker in the README")
        + "<!-- codes -->\n".len();
    let end = readme[start..]
        .find("<!-- /codes -->")
        .expect("a closing marker")
        + start;
    assert_eq!(
        &readme[start..end],
        code_table(),
        "the README's code list is out of date; it should read:\n{}",
        code_table()
    );
}
