//! The build cache (`.matchpress-cache/`): a build in a new process that finds no input
//! changed since the last build, and the output folder as that build left it, says so without
//! building, and repeats that build's warnings. Whatever differs (an input, an option, the
//! output, the cache itself) makes a full build, whose output is byte-identical to a clean
//! build of the same input.

use std::collections::BTreeMap;

use matchpress::pipeline::{self, BuildOptions, BuildReport, CacheUse, CheckOptions};

use crate::support::{Site, site_files, tree};

/// One edit of the site.
type Edit = dyn Fn(&Site);

const RECORD: &str = ".matchpress-cache/build.json";

/// The `incremental` fixture (guides, tags, programs, a theme of its own), its files settled.
fn settled() -> Site {
    let site = Site::fixture("incremental");
    site.settle();
    site
}

fn build(site: &Site) -> BuildReport {
    site.build_ok()
}

/// The output equals a clean build of the same input.
fn assert_like_clean(site: &Site) {
    let clean = site.clean_build().expect("a clean build");
    assert!(
        site_files(&site.path("public")) == clean,
        "the output differs from a clean build"
    );
}

#[test]
fn a_build_after_nothing_changed_writes_nothing_and_says_what_the_last_one_said() {
    let site = settled();
    // A warning the second build must repeat.
    site.file(
        "content/guides/typo.md",
        "---\ntitle: Typo\ntitel: x\n---\nBody.\n",
    )
    .settle();
    let first = build(&site);
    assert!(!first.unchanged);
    assert!(
        first
            .warnings
            .iter()
            .any(|d| d.code.as_str() == "front-matter/unknown-key"),
        "{:?}",
        first.warnings
    );
    assert!(site.path(RECORD).exists());
    let before = tree(&site.path("public"));

    let second = build(&site);
    assert!(second.unchanged, "the second build built again");
    assert_eq!(second.warnings, first.warnings);
    assert_eq!(second.left_out, first.left_out);
    assert_eq!(
        (
            second.pages,
            second.sections,
            second.tags,
            second.programs,
            second.links
        ),
        (
            first.pages,
            first.sections,
            first.tags,
            first.programs,
            first.links
        )
    );
    assert_eq!(second.files.written, 0);
    assert_eq!(second.files.removed, 0);
    assert_eq!(
        second.files.unchanged,
        first.files.written + first.files.unchanged
    );
    assert_eq!(second.rendered, 0);
    // Not a byte nor a time of the output changed.
    assert!(tree(&site.path("public")) == before);

    // The binary is another matchpress than this test's library: its first build is a full
    // one, its second finds nothing changed.
    let cli = site.run(&["build"]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert!(!cli.stdout.contains("no input changed"), "{}", cli.stdout);
    let cli = site.run(&["build"]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert!(
        cli.stdout
            .contains("(no input changed since the last build)"),
        "{}",
        cli.stdout
    );
    assert!(
        cli.stderr.contains("front-matter/unknown-key"),
        "{}",
        cli.stderr
    );

    // `--deny-warnings` is another build: it fails on the warning, never replays a success.
    let denied = site.build_with(|o| o.deny_warnings = true);
    assert!(denied.is_err(), "the warning was not denied");
    // So is a build into another folder.
    let elsewhere = site
        .build_with(|o| o.output = Some(site.scratch().join("elsewhere")))
        .expect("builds elsewhere");
    assert!(!elsewhere.unchanged);
}

/// Puts back `rel`'s modification time after `edit`, as `touch -r` or `rsync -a` can.
fn keeping_time(site: &Site, rel: &str, edit: impl FnOnce()) {
    let path = site.path(rel);
    let time = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("a modification time");
    // A change time in another clock tick than the file's last one.
    std::thread::sleep(std::time::Duration::from_millis(20));
    edit();
    std::fs::File::options()
        .append(true)
        .open(&path)
        .and_then(|f| f.set_modified(time))
        .expect("set the time back");
}

#[test]
fn every_change_of_an_input_builds_again_like_a_clean_build() {
    let site = settled();
    build(&site);
    let edits: [(&str, &Edit); 8] = [
        ("a guide's body", &|s| {
            s.edit_text("content/guides/step2.md", "Step 2", "Step Two");
        }),
        ("a new guide", &|s| {
            s.file("content/guides/new.md", "---\ntitle: New\n---\nNew.\n");
        }),
        ("a removed guide", &|s| {
            s.remove("content/guides/new.md");
        }),
        ("a program file", &|s| {
            s.edit_text("data/programs/pediatrics.yaml", "Pediatric", "Paediatric");
        }),
        ("a template", &|s| {
            s.edit_text(
                "themes/default/templates/guide.html",
                "min</p>",
                "minutes</p>",
            );
        }),
        ("site.yaml", &|s| {
            let text = s.text("site.yaml");
            s.file("site.yaml", format!("{text}\n# a comment\n"));
        }),
        ("a guide, to text of the same size", &|s| {
            s.edit_text("content/guides/step2.md", "Step Two", "Step 2wo");
        }),
        (
            "a guide, to text of the same size, its time put back",
            &|s| {
                keeping_time(s, "content/guides/step2.md", || {
                    s.edit_text("content/guides/step2.md", "Step 2wo", "Step 3wo");
                });
            },
        ),
    ];
    for (what, edit) in edits {
        edit(&site);
        site.settle();
        let report = build(&site);
        assert!(!report.unchanged, "after editing {what}, nothing was built");
        assert_like_clean(&site);
        assert!(
            build(&site).unchanged,
            "after editing {what}, the cache was not kept"
        );
    }
}

#[test]
fn other_options_an_edited_output_or_a_damaged_cache_build_again() {
    let site = settled();
    build(&site);
    // Another base URL, drafts: built again, then the default build is built again too.
    let other = site
        .build_with(|o| o.base_url = Some("https://other.example/".to_string()))
        .expect("builds with another base URL");
    assert!(!other.unchanged);
    let drafts = site
        .build_with(|o| o.drafts = true)
        .expect("builds with drafts");
    assert!(!drafts.unchanged);
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);
    assert!(build(&site).unchanged);

    // An output file edited or removed by hand is restored.
    let page = "guides/step2/index.html";
    site.file(&format!("public/{page}"), "edited by hand");
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);
    site.remove(&format!("public/{page}"));
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);
    // Edited to bytes of the same size, its time put back to the manifest's.
    let manifest = std::fs::metadata(site.path("public/.matchpress-manifest"))
        .and_then(|m| m.modified())
        .expect("the manifest's time");
    let length = site.read(page).len();
    site.file(&format!("public/{page}"), "x".repeat(length));
    std::fs::File::options()
        .append(true)
        .open(site.path(&format!("public/{page}")))
        .and_then(|f| f.set_modified(manifest))
        .expect("set the time back");
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);
    // Only touched: built once, then the cache holds again.
    std::fs::File::options()
        .append(true)
        .open(site.path(&format!("public/{page}")))
        .and_then(|f| f.set_modified(std::time::SystemTime::now()))
        .expect("touch");
    assert!(!build(&site).unchanged);
    assert!(build(&site).unchanged);

    // A deleted, a damaged, and another version's cache are not used.
    site.remove_dir(".matchpress-cache");
    assert!(!build(&site).unchanged);
    assert!(build(&site).unchanged);
    let record = site.text(RECORD);
    site.file(RECORD, &record[..record.len() / 2]);
    assert!(!build(&site).unchanged);
    assert!(build(&site).unchanged);
    let record = site.text(RECORD);
    assert!(record.starts_with("{\"format\":1,"), "{record}");
    site.file(
        RECORD,
        record.replacen("{\"format\":1,", "{\"format\":0,", 1),
    );
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);

    // `--no-cache` builds everything.
    let forced = site
        .build_with(|o| o.cache = CacheUse::Off)
        .expect("builds without the cache");
    assert!(!forced.unchanged);
    assert!(forced.rendered > forced.pages, "{forced:?}");
}

#[test]
fn files_changed_a_moment_ago_are_not_trusted() {
    // Fresh from the fixture: every file was written just now.
    let site = Site::fixture("incremental");
    build(&site);
    assert!(!site.path(RECORD).exists());
    assert!(!build(&site).unchanged);
    site.settle();
    build(&site);
    assert!(site.path(RECORD).exists());
    site.edit_text("content/guides/step2.md", "Step 2", "Step Two");
    let report = build(&site);
    assert!(!report.unchanged);
    assert_like_clean(&site);
}

#[test]
fn a_failed_build_is_never_taken_for_an_unchanged_one() {
    let site = settled();
    build(&site);
    site.file("content/guides/broken.md", "---\ntitle: [\n---\n")
        .settle();
    assert!(site.build().is_err());
    assert!(
        site.build().is_err(),
        "a failed build was taken for unchanged"
    );
    // Back to the inputs of the last good build, whose output is still in place.
    site.remove("content/guides/broken.md");
    assert!(build(&site).unchanged);
    assert_like_clean(&site);
    site.edit_text("content/guides/step2.md", "Step 2", "Step Two");
    site.settle();
    assert!(!build(&site).unchanged);
    assert_like_clean(&site);
    assert!(build(&site).unchanged);
}

// --- Parsed files kept for a new process ---

const PARSED: &str = ".matchpress-cache/parsed.bin";
const DATA: &str = ".matchpress-cache/data.bin";

/// The content and program files of `site`: what a build parses.
fn parsed_files(site: &Site) -> usize {
    ["content", "data/programs"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(site.path(dir)))
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "md" || x == "yaml" || x == "csv")
        })
        .count()
}

/// What a build gives: its files and warnings, or its errors.
type Outcome = Result<(BTreeMap<String, Vec<u8>>, Vec<String>), String>;

/// A new output folder for `site`, and the record of its last build removed: what a build in
/// a new process that goes as far as parsing starts from.
fn anew(site: &Site) -> tempfile::TempDir {
    if site.path(RECORD).exists() {
        site.remove(RECORD);
    }
    tempfile::Builder::new()
        .prefix("anew-")
        .tempdir_in(site.scratch())
        .expect("create an output folder")
}

/// Build `site` with `change` into a new folder, as a new process would (without the record
/// of the last build, so that it goes as far as parsing), with the cache or not; with the
/// number of files taken from the cache.
fn build_anew(
    site: &Site,
    cache: CacheUse,
    change: impl Fn(&mut BuildOptions),
) -> (Outcome, usize) {
    let out = anew(site);
    let built = site.build_with(|o| {
        o.output = Some(out.path().to_path_buf());
        o.cache = cache;
        change(o);
    });
    match built {
        Ok(report) => {
            let warnings = report.warnings.iter().map(ToString::to_string).collect();
            (Ok((site_files(out.path()), warnings)), report.from_cache)
        }
        Err(e) => (Err(site.diagnostics_text(&e)), 0),
    }
}

/// `site` built with `change` and the cache equals a clean build with the same options (its
/// files and warnings, or its errors); gives how many files came from the cache.
fn assert_anew_like_clean(site: &Site, what: &str, change: impl Fn(&mut BuildOptions)) -> usize {
    let (clean, _) = build_anew(site, CacheUse::Off, &change);
    let (cached, from_cache) = build_anew(site, CacheUse::Use, &change);
    match (&cached, &clean) {
        (Ok((files, warnings)), Ok((clean_files, clean_warnings))) => {
            assert!(
                files == clean_files,
                "{what}: the files differ from a clean build"
            );
            assert_eq!(warnings, clean_warnings, "{what}");
        }
        _ => assert_eq!(
            cached.as_ref().map(|_| ()),
            clean.as_ref().map(|_| ()),
            "{what}"
        ),
    }
    from_cache
}

#[test]
fn a_new_process_takes_the_parsed_files_from_the_cache_and_builds_like_a_clean_build() {
    for fixture in [
        "basic",
        "csv-export",
        "directory",
        "incremental",
        "markdown",
        "migrated",
        "pagination",
    ] {
        let site = Site::fixture(fixture);
        let files = parsed_files(&site);
        let check = || {
            let report = pipeline::check(&CheckOptions {
                root: site.root().to_path_buf(),
                ..CheckOptions::default()
            })
            .expect("the fixture can be checked");
            report
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        let checked = check();
        // The first build parses every file and stores them...
        let (_, first) = build_anew(&site, CacheUse::Use, |_| ());
        assert_eq!(first, 0, "{fixture}");
        assert!(site.path(PARSED).exists(), "{fixture}");
        // ...which the next one takes, for the same site.
        let taken = assert_anew_like_clean(&site, fixture, |_| ());
        assert_eq!(
            taken, files,
            "{fixture}: not every file came from the cache"
        );
        assert_eq!(check(), checked, "{fixture}: `check` with the cache");
    }
}

#[test]
fn parsed_files_are_taken_whatever_the_options_and_the_templates() {
    let site = settled();
    let files = parsed_files(&site);
    build(&site);
    let taken = assert_anew_like_clean(&site, "drafts", |o| o.drafts = true);
    assert_eq!(taken, files);
    let taken = assert_anew_like_clean(&site, "another base URL", |o| {
        o.base_url = Some("https://other.example/sub/".to_string());
    });
    assert_eq!(taken, files);
    site.edit_text(
        "themes/default/templates/partials/footer.html",
        "</footer>",
        "<p>Another footer.</p></footer>",
    );
    let taken = assert_anew_like_clean(&site, "another template set", |_| ());
    assert_eq!(taken, files);
    // An edited guide is parsed again; the others come from the cache. Its new result is
    // added at the end of the cache's file, not written with all the others again.
    let cache_size = || {
        std::fs::metadata(site.path(PARSED))
            .expect("the cache is there")
            .len()
    };
    let before = cache_size();
    site.edit_text("content/guides/step2.md", "Step 2", "Step Two");
    let taken = assert_anew_like_clean(&site, "an edited guide", |_| ());
    assert_eq!(taken, files - 1);
    let grown = cache_size();
    assert!(
        grown > before && grown < before + before / 2,
        "{before} -> {grown}"
    );
    let taken = assert_anew_like_clean(&site, "after it", |_| ());
    assert_eq!(taken, files);
    // Edited again and again: the file is written whole once what it holds for nothing
    // (results replaced) would be a quarter of it, and never grows without end.
    let text = site.text("content/guides/step2.md");
    for n in 0..12 {
        site.file("content/guides/step2.md", format!("{text}\nEdit {n}.\n"));
        let taken = assert_anew_like_clean(&site, &format!("edit {n}"), |_| ());
        assert_eq!(taken, files - 1, "edit {n}");
        assert!(
            cache_size() < before * 2,
            "edit {n}: {before} -> {}",
            cache_size()
        );
    }
    assert_eq!(assert_anew_like_clean(&site, "at the end", |_| ()), files);
}

#[test]
fn a_missing_damaged_or_foreign_parse_cache_is_not_trusted() {
    let site = settled();
    let files = parsed_files(&site);
    build(&site);
    let damages: [(&str, &Edit); 5] = [
        ("deleted", &|site: &Site| {
            site.remove_dir(".matchpress-cache");
        }),
        ("cut short", &|site: &Site| {
            for rel in [PARSED, DATA] {
                let bytes = std::fs::read(site.path(rel)).expect("the cache is there");
                site.file(rel, &bytes[..bytes.len() / 2]);
            }
        }),
        ("another matchpress's", &|site: &Site| {
            for rel in [PARSED, DATA] {
                let mut bytes = std::fs::read(site.path(rel)).expect("the cache is there");
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
                site.file(rel, bytes);
            }
        }),
        ("damaged inside", &|site: &Site| {
            for rel in [PARSED, DATA] {
                let mut bytes = std::fs::read(site.path(rel)).expect("the cache is there");
                // Every 97th byte but the trailer's (the last 24).
                for at in (0..bytes.len() - 24).step_by(97) {
                    bytes[at] ^= 0x20;
                }
                site.file(rel, bytes);
            }
        }),
        ("replaced by other bytes", &|site: &Site| {
            for rel in [PARSED, DATA] {
                let bytes = std::fs::read(site.path(rel)).expect("the cache is there");
                let mut other = vec![7; bytes.len() - 24];
                other.extend_from_slice(&bytes[bytes.len() - 24..]);
                site.file(rel, other);
            }
        }),
    ];
    for (what, damage) in damages {
        damage(&site);
        let taken = assert_anew_like_clean(&site, what, |_| ());
        if what == "damaged inside" {
            assert!(taken < files, "{what}: {taken} of {files} taken");
        } else {
            assert_eq!(taken, 0, "{what}");
        }
        // The build stored a sound cache again.
        assert_eq!(assert_anew_like_clean(&site, what, |_| ()), files, "{what}");
    }
}

// --- Rendered outputs kept for a new process ---

const RENDERED: &str = ".matchpress-cache/rendered.bin";

/// Build `site` in place as a new process would, without the record of the last build (so
/// that it goes as far as rendering); the output must be a clean build's.
fn rebuild_in_place(site: &Site) -> BuildReport {
    if site.path(RECORD).exists() {
        site.remove(RECORD);
    }
    let report = build(site);
    assert!(!report.unchanged);
    assert_like_clean(site);
    report
}

#[test]
fn a_new_process_renders_only_the_outputs_whose_context_or_templates_changed() {
    let site = settled();
    let first = build(&site);
    let outputs = first.rendered;
    assert!(site.path(RENDERED).exists());
    let written = || {
        std::fs::metadata(site.path(RENDERED))
            .and_then(|m| m.modified())
            .expect("the record is there")
    };
    let before = written();
    // Nothing changed: every output is kept as it is, and the record is not written again.
    assert_eq!(rebuild_in_place(&site).rendered, 0);
    assert_eq!(written(), before);

    // One guide's body: its page, and the lists that show its summary.
    site.edit_text(
        "content/guides/step2.md",
        "Step 2 CK",
        "Step 2 Clinical Knowledge",
    );
    let edited = rebuild_in_place(&site).rendered;
    assert!(edited > 0 && edited < outputs / 2, "{edited} of {outputs}");

    assert_eq!(rebuild_in_place(&site).rendered, 0);

    // A template: the outputs that use it.
    site.edit_text(
        "themes/default/templates/partials/footer.html",
        "</footer>",
        "<p>Another footer.</p></footer>",
    );
    assert!(rebuild_in_place(&site).rendered > edited);
    assert_eq!(rebuild_in_place(&site).rendered, 0);

    // Drafts: the outputs whose context changes (the draft's page, the lists that show it),
    // and the output is a clean build's with drafts.
    site.file(
        "content/guides/soon.md",
        "---\ntitle: Coming soon\ndraft: true\ntags: [visas]\n---\nNot yet.\n",
    )
    .settle();
    assert!(rebuild_in_place(&site).rendered < outputs / 2);
    let drafts = site
        .build_with(|o| o.drafts = true)
        .expect("builds with drafts");
    assert!(
        drafts.rendered > 0 && drafts.rendered < outputs,
        "{} of {outputs}",
        drafts.rendered
    );
    assert!(
        site_files(&site.path("public"))
            == site
                .clean_build_with(|o| o.drafts = true)
                .expect("a clean build"),
        "drafts: the output differs from a clean build"
    );
    // Back without drafts: those outputs again, and nothing else.
    let back = rebuild_in_place(&site).rendered;
    assert!(
        back > 0 && back <= drafts.rendered,
        "{back} of {}",
        drafts.rendered
    );
    assert_eq!(rebuild_in_place(&site).rendered, 0);

    // Another base URL: every page again.
    let other = site
        .build_with(|o| o.base_url = Some("https://other.example/".to_string()))
        .expect("builds with another base URL");
    assert!(
        other.rendered > outputs / 2,
        "{} of {outputs}",
        other.rendered
    );
    assert!(
        site_files(&site.path("public"))
            == site
                .clean_build_with(|o| o.base_url = Some("https://other.example/".to_string()))
                .expect("a clean build"),
        "another base URL: the output differs from a clean build"
    );
}

#[test]
fn an_output_changed_by_hand_or_a_damaged_record_is_rendered_again() {
    let site = settled();
    build(&site);
    // An output file edited, or removed: that file is rendered again.
    site.file("public/guides/step2/index.html", "edited by hand");
    assert_eq!(rebuild_in_place(&site).rendered, 1);
    site.remove("public/guides/step2/index.html");
    assert_eq!(rebuild_in_place(&site).rendered, 1);
    // The record damaged: what it no longer vouches for is rendered again.
    let mut bytes = std::fs::read(site.path(RENDERED)).expect("the record is there");
    for at in (0..bytes.len() - 24).step_by(61) {
        bytes[at] ^= 0x11;
    }
    site.file(RENDERED, bytes);
    assert!(rebuild_in_place(&site).rendered > 0);
    assert_eq!(rebuild_in_place(&site).rendered, 0);
    // Removed: everything is rendered.
    site.remove(RENDERED);
    let all = rebuild_in_place(&site).rendered;
    assert!(all > 10, "{all}");
    assert_eq!(rebuild_in_place(&site).rendered, 0);
}

/// How many files the output's manifest lists.
fn listed(site: &Site) -> usize {
    site.text("public/.matchpress-manifest").lines().count() - 1
}

#[test]
fn output_files_as_the_last_build_left_them_are_trusted_and_the_others_looked_at() {
    let site = settled();
    build(&site);
    let all = listed(&site);
    assert!(all > 10, "{all}");
    // Built again as a new process would: every file is as the last build left it.
    assert_eq!(rebuild_in_place(&site).trusted, all);
    // A page edited by hand to bytes of its size, its modification time put back: that file
    // alone is not trusted, and it is rendered again (its time is not taken for its bytes).
    let page = "public/guides/step2/index.html";
    let length = site.text(page).len();
    keeping_time(&site, page, || {
        site.file(page, "x".repeat(length));
    });
    let edited = rebuild_in_place(&site);
    assert_eq!((edited.trusted, edited.rendered), (all - 1, 1));
    assert_eq!(rebuild_in_place(&site).trusted, all);
    // The record damaged, removed, or of another folder: nothing trusted.
    let record = ".matchpress-cache/output.bin";
    let bytes = std::fs::read(site.path(record)).expect("the record is there");
    site.file(record, &bytes[..bytes.len() / 2]);
    assert_eq!(rebuild_in_place(&site).trusted, 0);
    assert_eq!(rebuild_in_place(&site).trusted, all);
    site.remove(record);
    assert_eq!(rebuild_in_place(&site).trusted, 0);
    site.build_with(|o| o.output = Some(site.scratch().join("elsewhere")))
        .expect("builds elsewhere");
    assert_eq!(rebuild_in_place(&site).trusted, 0);
    assert_eq!(rebuild_in_place(&site).trusted, all);
}

#[test]
fn a_new_process_looks_only_at_the_outputs_an_edit_can_change() {
    let site = settled();
    let first = build(&site);
    let outputs = first.hashed;
    assert_eq!(outputs, first.rendered);
    // Nothing changed: only the 404 page, which carries the stylesheet, is looked at.
    let none = rebuild_in_place(&site);
    assert_eq!((none.hashed, none.rendered), (1, 0));

    // A paragraph after a guide's summary: what other pages show of it is as it was, so only
    // its own outputs (its page, and the redirect from its alias) and the 404 page are looked
    // at, and its page rendered.
    let j1 = "content/guides/visas/j1.md";
    let (before, after) = (
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );
    site.edit_text(j1, before, after);
    let body = rebuild_in_place(&site);
    assert_eq!((body.hashed, body.rendered), (3, 1));
    // And back: the page is rendered again, as a clean build has it.
    site.edit_text(j1, after, before);
    let back = rebuild_in_place(&site);
    assert_eq!((back.hashed, back.rendered), (3, 1));

    // Changed and built without the cache, then changed back: the cache's record is older
    // than the output. The guide is as that record has it, so its outputs are not looked at
    // for what changed; but its page is not the file the record vouches for, so it is rendered
    // again, as a clean build has it.
    site.edit_text(j1, before, after);
    site.build_with(|o| o.cache = CacheUse::Off)
        .expect("builds without the cache");
    site.edit_text(j1, after, before);
    site.settle();
    let behind = rebuild_in_place(&site);
    assert_eq!((behind.hashed, behind.rendered), (2, 1));

    // A program's notes: its data file, so the program pages of that file and what sums up
    // the directory are looked at, not the guides.
    site.edit_text(
        "data/programs/internal-medicine.yaml",
        "Interviews are **virtual**",
        "Interviews are **in person**",
    );
    let program = rebuild_in_place(&site);
    assert!(
        program.hashed > 2 && program.hashed < outputs / 2,
        "{} of {outputs}",
        program.hashed
    );
    assert_eq!(program.rendered, 1);

    // A summary: cards show it, so every output is looked at again.
    site.edit_text(
        "content/guides/step2.md",
        "Step 2 CK",
        "Step 2 Clinical Knowledge",
    );
    let summary = rebuild_in_place(&site);
    assert_eq!(summary.hashed, outputs);

    // The record of what the last build was made from damaged: every output is looked at.
    let bytes = std::fs::read(site.path(RENDERED)).expect("the record is there");
    // The last record (an earlier one may be in the file still, superseded).
    let at = bytes
        .windows(11)
        .rposition(|w| w == b"visas/j1.md")
        .expect("the record names the content files");
    let mut damaged = bytes.clone();
    damaged[at + 6] ^= 0x20;
    site.file(RENDERED, damaged);
    site.edit_text(j1, before, after);
    let damaged = rebuild_in_place(&site);
    assert_eq!(damaged.hashed, outputs);
    assert_eq!(damaged.rendered, 1);
}

#[test]
fn what_no_input_hash_names_still_builds_like_a_clean_build_in_a_new_process() {
    let site = settled();
    let first = build(&site);
    let outputs = first.hashed;
    let j1 = "content/guides/visas/j1.md";
    let (before, after) = (
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );

    // The stylesheet: a static file, copied; the 404 page carries it inline.
    site.edit_text("themes/default/static/style.css", "}", "}\n/* edited */");
    let style = rebuild_in_place(&site);
    assert_eq!((style.hashed, style.rendered), (1, 1));

    // Built into another folder, edited, then built back into the first: that folder still
    // holds the guide as it was, which the record no longer names.
    let elsewhere = site.scratch().join("elsewhere");
    site.build_with(|o| o.output = Some(elsewhere.clone()))
        .expect("builds elsewhere");
    site.edit_text(j1, before, after);
    site.build_with(|o| o.output = Some(elsewhere.clone()))
        .expect("builds elsewhere");
    assert!(
        site_files(&elsewhere) == site.clean_build().expect("a clean build"),
        "the other folder differs from a clean build"
    );
    let back = rebuild_in_place(&site);
    assert_eq!(back.rendered, 1);

    // A build that fails (a warning denied) stores nothing; after it is fixed, the next one
    // builds from the last good record.
    site.edit_text(
        j1,
        after,
        "Programs never sponsor the J-1 themselves. [x](/no-such-page/)",
    );
    let denied = site.build_with(|o| o.deny_warnings = true);
    assert!(denied.is_err(), "a broken link is denied");
    site.edit_text(j1, " [x](/no-such-page/)", "");
    let fixed = rebuild_in_place(&site);
    assert_eq!(fixed.rendered, 0);
    assert!(fixed.hashed < outputs, "{} of {outputs}", fixed.hashed);
}

// --- Content files left unread ---

/// Content files whose change time is also more than `source::RACY` old: only those are
/// known by their state (no tool can set a change time back, so the test waits it out).
fn settled_past_racy() -> Site {
    let site = settled();
    // A warning placed at a line of a file that will be left unread.
    site.file("static/chart.png", "not really a PNG");
    site.file(
        "content/guides/no-alt.md",
        "---\ntitle: No alt\n---\n\nIntro.\n\n![](/chart.png)\n",
    )
    .settle();
    std::thread::sleep(matchpress::source::RACY + std::time::Duration::from_millis(300));
    site
}

fn content_files(site: &Site) -> usize {
    walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

/// Build `site` in a new folder as a new process would, with the cache; the report.
fn build_anew_report(site: &Site) -> BuildReport {
    let out = anew(site);
    site.build_with(|o| o.output = Some(out.path().to_path_buf()))
        .expect("the site builds")
}

#[test]
fn a_new_process_leaves_unread_the_content_files_it_knows_and_builds_like_a_clean_build() {
    let site = settled_past_racy();
    let files = content_files(&site);
    let first = build_anew_report(&site);
    assert_eq!(first.unread, 0, "the first build reads every file");
    let located = |report: &BuildReport| -> Vec<String> {
        report
            .warnings
            .iter()
            .filter(|d| d.code.as_str() == "markdown/missing-alt")
            .map(ToString::to_string)
            .collect()
    };
    let warning = located(&first);
    assert_eq!(warning.len(), 1, "{:?}", first.warnings);
    assert!(
        warning[0].contains("content/guides/no-alt.md:7:"),
        "{warning:?}"
    );

    // The next build reads none of them, and places the warning where it was.
    let second = build_anew_report(&site);
    assert_eq!(second.unread, files);
    assert_eq!(located(&second), warning);
    assert_anew_like_clean(&site, "every file known", |_| ());

    // Without the cache of parsed files, a file left unread is read to be parsed.
    site.remove(PARSED);
    let third = build_anew_report(&site);
    assert_eq!(third.unread, files);
    assert_eq!(
        third.from_cache,
        parsed_files(&site) - files,
        "programs only"
    );
    assert_eq!(located(&third), warning);
    site.remove(PARSED);
    assert_anew_like_clean(&site, "parsed again", |_| ());

    // An edit that keeps the file's size and modification time changes its change time: the
    // file is read, and the build is a clean one's.
    keeping_time(&site, "content/guides/step2.md", || {
        let text = std::fs::read_to_string(site.path("content/guides/step2.md"))
            .expect("the guide is there");
        let edited = text.replacen("Step", "STEP", 1);
        assert_ne!(edited, text);
        site.file("content/guides/step2.md", &edited);
    });
    let edited = build_anew_report(&site);
    assert_eq!(edited.unread, files - 1);
    assert_anew_like_clean(&site, "an edit keeping the time", |_| ());

    // A file changed a moment ago is read, and not known by its state afterwards either.
    site.file(
        "content/guides/im-match.md",
        "---\ntitle: IM match\n---\n\nNew text.\n",
    );
    let recent = build_anew_report(&site);
    assert!(recent.unread < files);
    let again = build_anew_report(&site);
    assert!(again.unread < files, "a file changed a moment ago is read");
    assert_anew_like_clean(&site, "a recent edit", |_| ());
}

/// The content files of `site` that are pages (not `_index.md`), by path under the site.
fn page_files(site: &Site) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "_index.md")
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(site.root()).ok()?;
            Some(rel.to_string_lossy().into_owned())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn what_a_build_took_from_the_cache_is_stored_again_whether_appended_to_or_written_whole() {
    // A build in a new process gives the model the results it takes from the cache without
    // keeping a copy; storing copies them from the stored bytes. The next process must find
    // every one of them, after an edit of one file (the new result appended) as after an
    // edit of most (the file written whole).
    let site = settled();
    let files = parsed_files(&site);
    let (_, first) = build_anew(&site, CacheUse::Use, |_| ());
    assert_eq!(first, 0);
    let pages = page_files(&site);
    assert!(pages.len() >= 4, "{pages:?}");
    let edit = |rel: &str, n: usize| {
        let text = site.text(rel);
        site.file(rel, format!("{text}\nA sentence added, edit {n}.\n"));
    };
    edit(&pages[0], 1);
    let (_, taken) = build_anew(&site, CacheUse::Use, |_| ());
    assert_eq!(
        taken,
        files - 1,
        "one file edited: the others from the cache"
    );
    let taken = assert_anew_like_clean(&site, "after one edit", |_| ());
    assert_eq!(
        taken, files,
        "the edited file's result was stored beside the others"
    );

    for rel in &pages[1..] {
        edit(rel, 2);
    }
    let (_, taken) = build_anew(&site, CacheUse::Use, |_| ());
    assert_eq!(taken, files - (pages.len() - 1), "most files edited");
    let taken = assert_anew_like_clean(&site, "after most files were edited", |_| ());
    assert_eq!(
        taken, files,
        "the file was written whole with the results taken from it copied"
    );
}

#[test]
fn a_page_damaged_in_the_cache_is_never_used_and_the_site_is_built_again() {
    let site = settled();
    let files = parsed_files(&site);
    let text = site.text("content/guides/visas/j1.md");
    site.file(
        "content/guides/visas/j1.md",
        format!("{text}\nA sentence that only this guide has, kept in the cache's file.\n"),
    );
    site.settle();
    build(&site);
    // One character of the guide's HTML changed in the cache's file: the frame's own
    // checksum does not cover it (a page's HTML is read when it is asked for, and checked then).
    let phrase = "only this guide has";
    site.damage_page_in_cache(phrase);
    // Every page rendered again (another template set), from parse results taken from the
    // cache: the damaged page is found, and the site built again without what the cache holds.
    site.edit_text(
        "themes/default/templates/partials/footer.html",
        "</footer>",
        "<p>Another footer.</p></footer>",
    );
    let taken = assert_anew_like_clean(&site, "a page's HTML damaged in the cache", |_| ());
    // Not the guide alone parsed again (as for a result that fails its checksum): the build
    // found the damage as it rendered, and was made again with no parsed file from the cache.
    assert!(taken < files - 1, "{taken} of {files} taken");
    let stored = std::fs::read(site.path(PARSED)).expect("the cache is stored again");
    assert!(
        stored.windows(phrase.len()).any(|w| w == phrase.as_bytes()),
        "the guide's HTML is stored again as it is"
    );
    assert_eq!(
        assert_anew_like_clean(&site, "the next build", |_| ()),
        files
    );
}
