//! A site moved to matchpress from other generators, as it is on the first day: a Jekyll post
//! (`layout`, `categories`, `permalink`, a date with a time and an offset, a Liquid tag), a Hugo
//! page (`lastmod`, `toc`, `summary`, a shortcode, a GitHub alert, root links), `MkDocs` pages
//! without front matter (ATX and setext titles, `.md` links), and a program list exported from a
//! spreadsheet (BOM, CRLF, capitalised headers, no sponsor, a decimal share, a column matchpress
//! does not know). It builds on the first run with warnings; made errors, the same codes fail.

use std::collections::BTreeSet;

use matchpress::{Code, Severity};

use crate::support::{Site, follow, href_of_link};

fn migrated() -> Site {
    Site::fixture_with_default_theme("migrated")
}

#[test]
fn a_site_moved_from_other_generators_builds_on_the_first_run_with_warnings() {
    let site = migrated();
    let report = site.build_ok();
    let codes: BTreeSet<Code> = report.warnings.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        BTreeSet::from([
            Code::FrontMatterUnknownKey,
            Code::MarkdownForeignSyntax,
            Code::ProgramUnknownKey
        ])
    );
    assert!(
        report
            .warnings
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    assert_eq!((report.pages, report.programs), (4, 3));

    // Jekyll: the post is listed under its date as written, the Liquid tag stays text.
    let post = site.main_of("posts/2007-01-01-welcome/index.html");
    assert!(post.contains("<h1>Welcome to the handbook</h1>"), "{post}");
    assert!(post.contains("{% include signup.html %}"), "{post}");
    assert!(
        site.read("posts/index.html")
            .contains("datetime=\"2007-01-01\"")
    );
    // Hugo: the alert is a callout, root links lead to the pages (a section named like the
    // base path included).
    let hugo = site.main_of("docs/exams/step-2/index.html");
    assert!(hugo.contains("callout-tip"), "{hugo}");
    for (text, target) in [
        ("Welcome", "posts/2007-01-01-welcome/index.html"),
        ("Visas", "handbook/visas/index.html"),
    ] {
        assert_eq!(
            follow("docs/exams/step-2/index.html", &href_of_link(&hugo, text)),
            target
        );
    }
    // MkDocs: titled by the first heading, which is not repeated; `.md` links resolve.
    let visas = site.main_of("handbook/visas/index.html");
    assert_eq!(visas.matches("<h1").count(), 1, "{visas}");
    assert!(visas.contains("<h1>Visas for residency</h1>"), "{visas}");
    assert_eq!(
        follow(
            "handbook/visas/index.html",
            &href_of_link(&visas, "the Step 2 CK page")
        ),
        "docs/exams/step-2/index.html"
    );
    assert!(
        site.read("handbook/getting-started/index.html")
            .contains("<title>Getting started · Residency Handbook</title>")
    );
    // The export: no sponsor (URLs from the name and ID), a decimal share.
    let program = site
        .main_of("programs/internal-medicine/internal-medicine-residency-1403521292/index.html");
    assert!(program.contains("41.7%"), "{program}");
}

#[test]
fn with_those_codes_made_errors_the_same_build_fails_listing_every_one() {
    let site = migrated();
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!(
            "{config}diagnostics:\n  front-matter/unknown-key: error\n  markdown/foreign-syntax: error\n  program/unknown-key: error\n"
        ),
    );
    let error = site.build_err();
    let diagnostics = error.diagnostics();
    assert_eq!(diagnostics.len(), 11, "{error}");
    assert!(diagnostics.iter().all(matchpress::Diagnostic::is_error));
    assert!(!site.path("public").exists(), "nothing is written");
}

#[test]
fn check_lists_what_to_fix_grouped_by_code() {
    let site = migrated();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for line in [
        "front-matter/unknown-key       0         8",
        "markdown/foreign-syntax        0         2",
        "program/unknown-key            0         1",
    ] {
        assert!(run.stdout.contains(line), "{line} in {}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("front-matter/unknown-key: 5 more warnings like these"),
        "{}",
        run.stdout
    );
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1, "a CI that denies warnings sees them");
}

#[test]
fn a_root_link_to_a_left_out_page_of_a_section_named_like_the_base_path_is_not_reported() {
    let site = migrated();
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  front-matter/syntax: warning\n"),
    )
    .file(
        "content/handbook/broken.md",
        "---\ntitle: [unclosed\n---\nBody.\n",
    )
    .file(
        "content/handbook/soon.md",
        "---\ntitle: Soon\ndraft: true\n---\nBody.\n",
    )
    .file(
        "content/handbook/links.md",
        "# Links\n\n[broken](/handbook/broken/) and [soon](/handbook/soon/)\n",
    );
    let error = site.build_err();
    let found: Vec<(Code, String)> = error
        .diagnostics()
        .iter()
        .filter(|d| d.code.as_str().starts_with("link/"))
        .map(|d| (d.code, d.message.clone()))
        .collect();
    // The left-out page is not reported again; the draft is a link to a draft, not a broken
    // link to `/soon/`.
    assert_eq!(
        found,
        vec![(
            Code::LinkToDraft,
            matchpress::model::link_to_draft(None, "/handbook/soon/").message
        )]
    );
}
