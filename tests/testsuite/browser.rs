//! Browser tests: the default site built, then checked in Chromium (Debian's package) by
//! `tests/browser/run.mjs` (playwright-core drives the browser, axe-core checks WCAG 2.2 A/AA).
//! They run with every `cargo test`: a machine without Node.js or Chromium fails them with what
//! to install, never skips them. The npm packages are installed from the lockfile on first use.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use matchpress::pipeline::{self, BuildOptions};

/// The folder of the runner and its npm packages.
fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Node.js, with the runner's packages installed (once per test process), or a panic that says
/// what to install.
fn runner() -> &'static Path {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let dir = browser_dir();
        let node = Command::new("node").arg("--version").output();
        if !node.is_ok_and(|o| o.status.success()) {
            return Err(
                "the browser tests need Node.js 18 or newer: apt-get install nodejs npm"
                    .to_string(),
            );
        }
        if !dir.join("node_modules/playwright-core").is_dir()
            || !dir.join("node_modules/axe-core").is_dir()
        {
            let installed = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .output();
            match installed {
                Ok(o) if o.status.success() => {}
                Ok(o) => {
                    return Err(format!(
                        "`npm ci` in tests/browser failed:\n{}",
                        String::from_utf8_lossy(&o.stderr)
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "the browser tests need npm ({e}): apt-get install npm"
                    ));
                }
            }
        }
        Ok(dir)
    });
    match ready {
        Ok(dir) => dir,
        Err(message) => panic!("{message}"),
    }
}

/// Run `run.mjs` with `args`; panic with its report unless every check passed.
fn run(args: &[&str]) -> String {
    let dir = runner();
    let output = Command::new("node")
        .arg(dir.join("run.mjs"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "browser checks failed:\n{report}");
    report
}

/// The repository's own site (every page kind of the default theme), built once per process.
fn default_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        pipeline::build(&BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: Some(out.clone()),
            base_url: Some("http://127.0.0.1/".to_string()),
            ..BuildOptions::default()
        })
        .unwrap_or_else(|e| panic!("the default site builds: {e}"));
        (dir, out)
    });
    out
}

/// The first page under `folder` whose output path has `depth` slashes
/// (`guides/visas/index.html`: 2), as a URL path.
fn first_page_under(site: &Path, folder: &str, depth: usize) -> String {
    // `tree` lists the files below a folder, sorted, with paths relative to it.
    let first = crate::support::tree(&site.join(folder))
        .into_keys()
        .map(|rel| format!("{folder}/{rel}"))
        .find(|p| p.ends_with("/index.html") && p.matches('/').count() == depth)
        .unwrap_or_else(|| panic!("a page {depth} levels down under {folder}"));
    format!("/{}", first.trim_end_matches("index.html"))
}

#[test]
fn every_page_kind_passes_axe_at_both_widths_in_both_schemes_and_fits_a_phone() {
    let site = default_site();
    let pages = [
        "/".to_string(),
        "/guides/".to_string(),
        first_page_under(site, "guides", 2), // a section: guides/visas/
        first_page_under(site, "guides/visas", 3), // a guide
        "/tags/".to_string(),
        first_page_under(site, "tags", 2),
        "/about/".to_string(),
        "/404.html".to_string(),
        "/programs/".to_string(),
        "/programs/internal-medicine/".to_string(),
        first_page_under(site, "programs/internal-medicine", 3),
        "/smart-pick/".to_string(),
        // With a profile: the ranked list, its tiers and reasons.
        "/smart-pick/#specialty=internal-medicine,family-medicine&step2=228&first_attempt=no&grad_year=2019&visa=j1&usce_months=4&states=NY,NJ,PA".to_string(),
        "/search/".to_string(),
        // With results: filters, excerpts, heading links.
        "/search/?q=visa".to_string(),
    ];
    let mut args = vec!["axe", site.to_str().expect("a UTF-8 path")];
    args.extend(pages.iter().map(String::as_str));
    let report = run(&args);
    assert!(
        report.contains(&format!(
            "{} runs of {} pages",
            pages.len() * 4,
            pages.len()
        )),
        "{report}"
    );
}

/// Run the scenario module `tests/browser/scenarios/<name>.mjs` on the default site.
fn scenario(name: &str) {
    let site = default_site();
    let file = browser_dir().join(format!("scenarios/{name}.mjs"));
    run(&[
        "script",
        site.to_str().expect("a UTF-8 path"),
        file.to_str().expect("a UTF-8 path"),
    ]);
}

#[test]
fn specialty_filters_read_and_write_the_url_query_and_show_the_rows_the_data_says() {
    scenario("filters_in_the_url");
}

#[test]
fn specialty_filters_back_and_forward_restore_earlier_views() {
    scenario("back_and_forward");
}

#[test]
fn specialty_table_sorts_by_the_data_with_unknowns_last_and_keeps_the_sort_in_the_url() {
    scenario("sort_order");
}

#[test]
fn specialty_compare_takes_four_programs_refuses_a_fifth_and_lists_every_fact() {
    scenario("compare_programs");
}

#[test]
fn specialty_csv_download_holds_the_filtered_rows_in_order_quoted() {
    scenario("csv_export");
}

#[test]
fn specialty_filters_and_compare_work_with_the_keyboard_alone() {
    scenario("keyboard_only");
}

#[test]
fn specialty_filters_and_compare_fit_a_390_px_phone() {
    scenario("phone_width");
}

#[test]
fn specialty_table_shows_a_page_of_rows_at_a_time_with_a_pager_in_the_url() {
    scenario("pages_of_rows");
}

#[test]
fn smart_pick_ranks_the_example_data_as_the_method_says_with_every_output() {
    scenario("smart_pick");
}

#[test]
fn smart_pick_works_by_keyboard_explains_its_method_and_says_what_it_needs_without_javascript() {
    scenario("smart_pick_access");
}

#[test]
fn shift_tab_up_the_program_table_never_hides_focus_under_its_sticky_header() {
    scenario("sticky_focus");
}

#[test]
fn search_finds_guides_and_programs_filters_them_keeps_the_query_in_the_url_and_works_by_keyboard()
{
    scenario("search");
}
