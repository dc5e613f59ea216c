//! Property tests on the stable toolchain (proptest): random inputs made of the pieces that
//! matter to each reader (front matter fences, YAML and CSV punctuation, markdown syntax, other
//! generators' template tags, odd characters) for front matter splitting, the YAML tree, the
//! program loaders (YAML and CSV), the markdown renderer and a whole build of a small site.
//! Properties: no panic, the same output for the same input, and a build writes nothing outside
//! its output folder, and time grows with the input's size only. Each target runs a bounded number
//! of cases (2,000 for the readers, 150 whole builds, 12 timing comparisons: about 25 s in a debug
//! build, the CI's bounded fuzzing run);
//! a failure is shrunk and kept by proptest in `proptest-regressions/`, and its seed is replayed
//! on every later run.

use std::path::{Path, PathBuf};

use matchpress::Code;
use matchpress::model::programs;
use matchpress::source::{DataFile, split_front_matter};
use matchpress::yaml::{Origin, parse_tree};
use proptest::prelude::*;

use crate::support::{Site, tree};

/// Pieces that steer the readers into their interesting paths.
const PIECES: &[&str] = &[
    "---\n",
    "---",
    "+++\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    ":",
    ": ",
    "- ",
    "#",
    "# ",
    "## Notes\n",
    "===\n",
    "title: ",
    "date: ",
    "tags: [",
    "]",
    "{",
    "}",
    "[",
    "\"",
    "'",
    "&a",
    "*a",
    "<<: *a\n",
    "!!str ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "true",
    "2026-03-28",
    "2007-01-01 00:00:00 +0700",
    "> [!NOTE]\n",
    "> ",
    "```\n",
    "`",
    "{{< x >}}",
    "{% raw %}",
    "{{ site.baseurl }}",
    "[a](/b/)",
    "[x](@/guides/a.md#y)",
    "![i](/i.png)",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "\\",
    "|a|b|\n",
    "[^1]",
    "[^1]: n\n",
    "{#id}",
    ",",
    ";",
    "\"\"",
    "é",
    "\u{2028}",
    "\u{feff}",
    "\0",
    "🙂",
];

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "[a-z0-9 ]{0,12}",
            1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

/// `cases` cases, or as many as `PROPTEST_CASES` says (for a longer run by hand:
/// `PROPTEST_CASES=20000 cargo test --release --test testsuite properties`).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn front_matter_splitting_never_panics(text in pieces(40)) {
        let _ = split_front_matter(&text, Path::new("content/a.md"));
    }

    #[test]
    fn the_yaml_tree_never_panics(text in pieces(40)) {
        let origin = Origin { path: Path::new("data/a.yaml"), line_offset: 0 };
        let _ = parse_tree(&text, origin, Code::DataSyntax);
    }

    #[test]
    fn markdown_renders_the_same_twice_and_never_panics(text in pieces(60)) {
        let first = matchpress::markdown::render(&text);
        let second = matchpress::markdown::render(&text);
        prop_assert_eq!(first.html, second.html);
    }

    #[test]
    fn program_files_load_without_panic_as_yaml_and_as_csv(text in pieces(50)) {
        let specialties = DataFile::new(
            PathBuf::from("data/specialties.yaml"),
            "specialties:\n  - slug: internal-medicine\n    name: Internal Medicine\n    acgme_code: \"140\"\n".to_string(),
        );
        for (path, body) in [
            ("data/programs/internal-medicine.yaml", format!("specialty: internal-medicine\nprograms:\n  - {text}")),
            ("data/programs/internal-medicine.csv", format!("acgme_id,name,city,state,visas,notes\n{text}")),
        ] {
            let file = DataFile::new(PathBuf::from(path), body);
            let loaded = programs::load(&specialties, std::slice::from_ref(&file));
            let again = programs::load(&specialties, std::slice::from_ref(&file));
            prop_assert_eq!(loaded.problems, again.problems);
        }
    }
}

proptest! {
    // A whole build costs tens of milliseconds: fewer cases.
    #![proptest_config(config(150))]

    #[test]
    fn a_random_small_site_builds_or_fails_the_same_way_twice_writing_only_its_output(
        front in pieces(12),
        body in pieces(40),
        other in pieces(30),
    ) {
        let site = Site::fixture("basic");
        site.file("content/guides/random.md", format!("---\ntitle: Random\n{front}\n---\n{body}"))
            .file("content/guides/other.md", other.as_bytes());
        let before = tree(site.root());
        let first = site.build_with(|o| o.output = Some(site.root().join("public")));
        let after_first = tree(site.root());
        let second = site.build_with(|o| o.output = Some(site.root().join("public-2")));
        prop_assert_eq!(first.is_ok(), second.is_ok());
        // Nothing outside the output folders and the build cache changed.
        let outside = |t: &std::collections::BTreeMap<String, crate::support::FileState>| {
            t.iter()
                .filter(|(path, _)| {
                    !path.starts_with("public") && !path.starts_with(".matchpress-cache/")
                })
                .map(|(path, state)| (path.clone(), format!("{state:?}")))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(outside(&before), outside(&after_first));
        if first.is_ok() {
            let a = crate::support::site_files(&site.root().join("public"));
            let b = crate::support::site_files(&site.root().join("public-2"));
            prop_assert_eq!(a, b, "two builds of one input differ");
        }
    }
}

/// The fastest of three runs of `work`, in seconds.
fn fastest(mut work: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            work();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// `text` repeated to at least `bytes` bytes.
fn grown(text: &str, bytes: usize) -> String {
    text.repeat(bytes / text.len().max(1) + 1)
}

/// Whether `work` on 8 times the input took at most 24 times as long (linear is 8, a quadratic
/// step 64), with 2 ms of slack for the timer and the allocator.
fn scales_linearly(text: &str, mut work: impl FnMut(&str)) -> Result<(), String> {
    let small = grown(text, 16 * 1024);
    let large = grown(text, 8 * small.len());
    let t_small = fastest(|| work(&small));
    let t_large = fastest(|| work(&large));
    if t_large <= 24.0 * t_small + 0.002 {
        Ok(())
    } else {
        Err(format!(
            "{} bytes took {t_small:.4} s, {} bytes {t_large:.4} s",
            small.len(),
            large.len()
        ))
    }
}

proptest! {
    // Each case times two sizes three times: few cases, and the pieces repeat into large inputs.
    #![proptest_config(config(12))]

    #[test]
    fn markdown_time_grows_with_its_size_only(text in pieces(30).prop_filter("text", |t| !t.is_empty())) {
        let result = scales_linearly(&text, |body| {
            let _ = matchpress::markdown::render(body);
        });
        if let Err(e) = result {
            prop_assert!(false, "markdown of {:?}: {}", text, e);
        }
    }

    #[test]
    fn yaml_time_grows_with_its_size_only(text in pieces(30).prop_filter("text", |t| !t.is_empty())) {
        let origin = Origin { path: Path::new("data/a.yaml"), line_offset: 0 };
        let result = scales_linearly(&text, |body| {
            let _ = parse_tree(body, origin, Code::DataSyntax);
        });
        if let Err(e) = result {
            prop_assert!(false, "YAML of {:?}: {}", text, e);
        }
    }
}
