//! The command line: `--version` and `--help`, the one summary line of `build`, and the
//! documented exit codes (0 ok, 1 problems in the site, 2 usage or config error).

use crate::support::{Site, run_in};

#[test]
fn version_exits_0_and_prints_the_version() {
    let run = run_in(std::env::temp_dir().as_path(), &["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        concat!("matchpress ", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_exits_0_and_lists_build() {
    let run = run_in(std::env::temp_dir().as_path(), &["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Usage: matchpress"), "{}", run.stdout);
    assert!(run.stdout.contains("build"), "{}", run.stdout);
}

#[test]
fn build_help_lists_its_options() {
    let run = run_in(std::env::temp_dir().as_path(), &["build", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for option in ["--root", "--output", "--base-url", "--drafts", "--force"] {
        assert!(run.stdout.contains(option), "{option}: {}", run.stdout);
    }
}

#[test]
fn unknown_command_or_option_exits_2() {
    let dir = std::env::temp_dir();
    assert_eq!(run_in(&dir, &["frobnicate"]).code, 2);
    assert_eq!(run_in(&dir, &["build", "--fast"]).code, 2);
    assert_eq!(run_in(&dir, &[]).code, 2, "a command is required");
}

#[test]
fn build_prints_one_summary_line_with_counts() {
    let site = Site::fixture("basic");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "no warnings in the fixture");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let line = lines[0];
    assert!(
        line.starts_with(
            "built 5 pages, 2 section pages, 3 tags: 24 files written, 0 unchanged, 0 removed in "
        ),
        "{line}"
    );
    assert!(line.contains(" ms -> "), "{line}");
    assert!(line.ends_with("public"), "{line}");

    let again = site.run(&["build"]);
    assert!(
        again
            .stdout
            .contains(": 0 files written, 24 unchanged, 0 removed in "),
        "{}",
        again.stdout
    );
}

#[test]
fn build_prints_warnings_on_stderr_and_still_exits_0() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/pic.md",
        "---\ntitle: Pic\n---\n\n![](/x.png)\n",
    )
    .file("static/x.png", b"\x89PNG");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "warning[markdown/missing-alt]: content/guides/pic.md:5:1: an image without alt text"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn site_problems_exit_1_with_numbered_diagnostics() {
    let site = Site::fixture("basic");
    site.file("content/guides/one.md", "---\ndescription: x\n---\n")
        .file("content/guides/two.md", "---\ntitle: Two\nweight: x\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("  1. error[front-matter/missing-field]: content/guides/one.md:1:1:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  2. error[front-matter/wrong-type]: content/guides/two.md:3:9:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("build failed: 2 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/wip.md",
        "---\ntitle: WIP\ndraft: true\n---\n\nSoon.\n",
    );
    site.run(&["build"]);
    assert!(!site.exists("guides/wip/index.html"));
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.exists("guides/wip/index.html"));
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = Site::fixture("basic");
    let out = site.scratch().join("dist");
    let run = site.run(&["build", "--output", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(out.join("guides/alpha/index.html").is_file());
    assert!(run.stdout.trim_end().ends_with("dist"), "{}", run.stdout);
}

#[test]
fn build_timings_prints_one_line_per_phase_before_the_summary() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--timings"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let phases: Vec<&str> = lines
        .iter()
        .filter(|l| l.ends_with('%'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        phases,
        vec![
            "load", "parse", "model", "plan", "cache", "compare", "render", "index", "links",
            "write"
        ]
    );
    assert!(
        lines.iter().any(|l| l.contains("summed over threads")),
        "{}",
        run.stdout
    );
    assert!(
        lines.last().is_some_and(|l| l.starts_with("built ")),
        "{}",
        run.stdout
    );
}
