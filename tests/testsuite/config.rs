//! `site.yaml`: a mistake is a config error (exit code 2) at its line, with a hint; a missing
//! file is one too.

use matchpress::Error;

use crate::support::{Site, place, run_in};

#[test]
fn unknown_key_is_a_config_error_with_did_you_mean() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: https://example.test/docs/\npaginte_by: 3\n",
    );
    let error = site.build_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert_eq!(error.exit_code(), 2);
    let d = &error.diagnostics()[0];
    assert_eq!(place(d), ("site.yaml".to_string(), 3, 1));
    assert_eq!(d.hint.as_deref(), Some("did you mean `paginate_by`?"));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn unknown_key_exits_2_from_the_binary_with_did_you_mean() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: https://example.test/docs/\nlink_styel: clean\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("site.yaml:3:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `link_style`?"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!site.exists("index.html"));
}

#[test]
fn missing_site_yaml_exits_2() {
    let site = Site::fixture("basic");
    site.remove("site.yaml");
    let error = site.build_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--root"),
        "the hint says how to point at the site: {}",
        run.stderr
    );
}

#[test]
fn root_option_finds_the_site_from_elsewhere() {
    let site = Site::fixture("basic");
    let root = site.root().to_string_lossy().into_owned();
    let run = run_in(site.scratch(), &["build", "--root", &root]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.exists("guides/alpha/index.html"));
}

#[test]
fn every_bad_value_of_site_yaml_is_reported_at_once() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: example.test\npaginate_by: 0\nlink_style: pretty\nfeed_limit: -1\n",
    );
    let error = site.build_err();
    let mut lines: Vec<usize> = error.diagnostics().iter().map(|d| place(d).1).collect();
    lines.sort_unstable();
    assert_eq!(lines, vec![2, 3, 4, 5], "{error}");
}

#[test]
fn base_url_option_overrides_site_yaml() {
    let site = Site::fixture("basic");
    site.build_with(|o| o.base_url = Some("https://other.test/x".to_string()))
        .expect("build");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://other.test/x/guides/alpha/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("example.test"), "{sitemap}");
}

#[test]
fn menu_entry_that_leads_nowhere_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: https://example.test/docs/\nmenu:\n  - title: Guides\n    path: /guide/\n",
    );
    let error = site.build_err();
    let d = &error.diagnostics()[0];
    assert_eq!(place(d), ("site.yaml".to_string(), 5, 11));
    assert_eq!(d.hint.as_deref(), Some("did you mean `/guides/`?"));
}

#[test]
fn missing_theme_is_a_config_error() {
    let site = Site::fixture("basic");
    site.file(
        "site.yaml",
        "title: Fixture Site\nbase_url: https://example.test/docs/\ntheme: fancy\n",
    );
    let error = site.build_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().contains("`fancy`"), "{error}");
}
