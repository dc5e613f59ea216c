//! Incremental rebuilds (`session`, what `serve` runs): after an edit, a rebuild told which
//! paths changed renders only the pages whose context or templates changed, reports exactly
//! the outputs whose bytes changed or went away, keeps the last good site when the input is
//! broken, and always ends with the same bytes as a clean build of the same input. The
//! `incremental` fixture has seven guides in three sections (one paginated, one sorted by title,
//! one by weight), four tags, a redirect, internal links to one guide, the program directory, a
//! template that includes a partial and a file of components.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use matchpress::Error;
use matchpress::pipeline::CacheUse;
use matchpress::session::{Changes, Output, Rebuilt, Session, SessionOptions};
use xxhash_rust::xxh3::xxh3_128;

use crate::support::{Site, folders, place, tree};

/// A site in memory or on disk: output path -> bytes.
type Files = BTreeMap<String, Vec<u8>>;

const J1_SOURCE: &str = "content/guides/visas/j1.md";
const J1: &str = "guides/visas/j1/index.html";
const OET_SOURCE: &str = "content/guides/exams/oet.md";
const PROGRAMS_FILE: &str = "data/programs/internal-medicine.yaml";
const BROOKLYN: &str =
    "programs/internal-medicine/brooklyn-example-medical-center-1403521292/index.html";
const PACIFIC: &str =
    "programs/internal-medicine/pacific-university-hospital-1400500010/index.html";
const SPECIALTY_PAGE: &str = "programs/internal-medicine/index.html";
const SPECIALTY_JSON: &str = "programs/internal-medicine.json";

/// Every guide page of the fixture.
const GUIDES: [&str; 7] = [
    "guides/exams/oet/index.html",
    "guides/exams/step1/index.html",
    "guides/im-match/index.html",
    "guides/interviews/index.html",
    "guides/step2/index.html",
    "guides/visas/h1b/index.html",
    "guides/visas/j1/index.html",
];

/// The fixture's outputs rendered from a template: 38 planned outputs less the 7 that are
/// finished bytes (`atom.xml`, `robots.txt`, `sitemap.xml`, three specialty JSON files and the
/// redirect `old/j1/index.html`).
const TEMPLATE_PAGES: usize = 32;

/// The `incremental` fixture and a session that has built it once, as `serve` holds it.
struct Dev {
    site: Site,
    session: Session,
}

impl Dev {
    fn start() -> Self {
        let site = Site::fixture("incremental");
        let mut session = Session::new(session_options(&site));
        let first = session
            .rebuild(&Changes::Everything)
            .unwrap_or_else(|e| panic!("the fixture builds:\n{}", site.diagnostics_text(&e)));
        assert!(
            first.report.warnings.is_empty(),
            "the fixture is clean: {:?}",
            first.report.warnings
        );
        assert_eq!(first.report.rendered, 40, "every planned output");
        assert!(first.removed.is_empty());
        Self { site, session }
    }

    /// Rebuild for these changed paths (relative to the site); panic if the rebuild fails.
    fn rebuild(&mut self, changed: &[&str]) -> Rebuilt {
        let hints = changed.iter().map(|rel| self.site.path(rel)).collect();
        self.session
            .rebuild(&Changes::Paths(hints))
            .unwrap_or_else(|e| panic!("the rebuild failed:\n{}", self.site.diagnostics_text(&e)))
    }

    /// Rebuild for these changed paths; panic if the rebuild succeeds.
    fn rebuild_err(&mut self, changed: &[&str]) -> Error {
        let hints = changed.iter().map(|rel| self.site.path(rel)).collect();
        match self.session.rebuild(&Changes::Paths(hints)) {
            Ok(r) => panic!(
                "the rebuild succeeded but should have failed (changed: {:?})",
                r.changed
            ),
            Err(e) => e,
        }
    }

    /// The site the session serves now.
    fn served(&self) -> Files {
        files(&self.session.output())
    }

    /// A clean build of the site as it is on disk now, which must succeed.
    fn clean(&self) -> Files {
        self.site.clean_build().unwrap_or_else(|e| {
            panic!(
                "the clean build failed:\n{}",
                self.site.diagnostics_text(&e)
            )
        })
    }

    /// The text of an output page the session serves.
    fn page(&self, rel: &str) -> String {
        let output = self.session.output();
        let bytes = output
            .file(rel)
            .unwrap_or_else(|| panic!("the site has no {rel}"));
        String::from_utf8(bytes.to_vec()).expect("pages are UTF-8")
    }
}

/// The options of `serve`, but that nothing rendered is kept: every file the tests look at is
/// rendered on request from the site as rebuilt, and checked against the hash recorded for it.
fn session_options(site: &Site) -> SessionOptions {
    SessionOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        cache: CacheUse::Use,
        keep_bytes: 0,
    }
}

/// Every file the session serves, rendered on request as `serve` does, each checked against
/// the hash its rebuild recorded (which tells open pages what changed).
fn files(output: &Output) -> Files {
    output
        .paths()
        .map(|path| {
            let bytes = output
                .file(path)
                .unwrap_or_else(|| panic!("{path} is listed but cannot be rendered"));
            assert_eq!(
                output.hash(path),
                Some(xxh3_128(&bytes)),
                "{path}: the bytes served are not those its rebuild recorded"
            );
            (path.to_string(), bytes.to_vec())
        })
        .collect()
}

/// Assert that the session serves exactly what a clean build writes.
fn assert_same_as_clean(dev: &Dev) {
    if let Some(difference) = first_difference(&dev.served(), &dev.clean()) {
        panic!("the incremental site differs from a clean build: {difference}");
    }
}

/// The first output that differs between an incremental site and a clean build, described.
/// The search index is left out: a session does not make it (`serve` makes it in the
/// background, and its tests check that a saved guide's words are found).
fn first_difference(incremental: &Files, clean: &Files) -> Option<String> {
    let paths: BTreeSet<&String> = incremental
        .keys()
        .chain(clean.keys())
        .filter(|path| !path.starts_with("search-index/"))
        .collect();
    paths
        .into_iter()
        .find_map(|path| match (incremental.get(path), clean.get(path)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => {
                let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
                let line = a
                    .lines()
                    .zip(b.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
                Some(format!(
                    "{path} differs at line {}:\n  incremental: {:?}\n  clean build: {:?}",
                    line + 1,
                    a.lines().nth(line).unwrap_or("(end of file)"),
                    b.lines().nth(line).unwrap_or("(end of file)"),
                ))
            }
            (Some(_), None) => Some(format!("{path} is only in the incremental site")),
            (None, Some(_)) => Some(format!("{path} is only in the clean build")),
            (None, None) => None,
        })
}

/// The errors of a failed build, as text, sorted.
fn errors(error: &Error) -> Vec<String> {
    let mut errors: Vec<String> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    if errors.is_empty() {
        errors.push(error.to_string());
    }
    errors.sort();
    errors
}

// --- What one edit changes ---

#[test]
fn a_new_session_takes_the_parsed_files_the_last_one_stored_and_serves_the_same_site() {
    let site = Site::fixture("incremental");
    let first = Session::new(session_options(&site))
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    assert_eq!(first.report.from_cache, 0);
    let second = Session::new(session_options(&site))
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    assert!(second.report.from_cache > 0, "nothing came from the cache");
    assert_eq!(files(&second.output), files(&first.output));
    assert_eq!(second.report.warnings, first.report.warnings);
    // An edited guide is parsed again, the rest taken; the site is a clean build's.
    site.edit_text("content/guides/step2.md", "Step 2", "Step Two");
    let mut third = Session::new(session_options(&site));
    let edited = third
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    assert_eq!(edited.report.from_cache, second.report.from_cache - 1);
    let clean = site.clean_build().expect("a clean build");
    assert_eq!(first_difference(&files(&edited.output), &clean), None);
    // Without the cache: nothing taken.
    let uncached = Session::new(SessionOptions {
        cache: CacheUse::Off,
        ..session_options(&site)
    })
    .rebuild(&Changes::Everything)
    .expect("the fixture builds");
    assert_eq!(uncached.report.from_cache, 0);
}

#[test]
fn a_new_session_that_finds_a_page_damaged_in_the_cache_serves_a_clean_build() {
    let site = Site::fixture("incremental");
    let text = site.text("content/guides/visas/j1.md");
    site.file(
        "content/guides/visas/j1.md",
        format!("{text}\nA sentence that only this guide has, kept in the cache's file.\n"),
    );
    Session::new(session_options(&site))
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    // One character of the guide's HTML changed in the cache's file, where it is read from
    // when its page is rendered (its result's checksum does not cover it).
    site.damage_page_in_cache("only this guide has");
    let mut session = Session::new(session_options(&site));
    let rebuilt = session
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    let clean = site.clean_build().expect("a clean build");
    assert_eq!(first_difference(&files(&rebuilt.output), &clean), None);
    // A save after it is applied as usual.
    site.edit_text("content/guides/step2.md", "Step 2", "Step Two");
    let saved = session
        .rebuild(&Changes::Paths(vec![site.path("content/guides/step2.md")]))
        .expect("the fixture builds");
    let clean = site.clean_build().expect("a clean build");
    assert_eq!(first_difference(&files(&saved.output), &clean), None);
}

#[test]
fn what_a_save_changed_is_kept_to_serve_and_the_rest_is_rendered_on_request() {
    let site = Site::fixture("incremental");
    // Room for a few pages: far less than the site, as at the size `serve` is made for.
    let mut session = Session::new(SessionOptions {
        keep_bytes: 64 << 10,
        ..session_options(&site)
    });
    let first = session
        .rebuild(&Changes::Everything)
        .unwrap_or_else(|e| panic!("the fixture builds:\n{}", site.diagnostics_text(&e)))
        .output;
    assert_eq!(first.len(), 41, "40 planned outputs and the stylesheet");
    let kept: Vec<&str> = first
        .paths()
        .filter(|p| first.recent(p).is_some())
        .collect();
    assert!(
        !kept.is_empty() && kept.len() < 41,
        "the first build keeps what fits in 64 KB: {kept:?}"
    );
    // A page not kept is rendered when asked for, as the build rendered it, and kept.
    let asked = first
        .paths()
        .find(|p| first.recent(p).is_none() && p.ends_with(".html") && *p != J1)
        .unwrap_or_default()
        .to_string();
    let served = first.file(&asked).unwrap_or_default();
    assert_eq!(first.hash(&asked), Some(xxh3_128(&served)), "{asked}");
    assert_eq!(first.recent(&asked).as_deref(), Some(&served[..]));
    assert!(first.file("guides/nothing/index.html").is_none());
    site.edit_text(
        J1_SOURCE,
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );
    let r = session
        .rebuild(&Changes::Paths(vec![site.path(J1_SOURCE)]))
        .unwrap_or_else(|e| panic!("the rebuild failed:\n{}", site.diagnostics_text(&e)));
    assert_eq!(r.changed, [J1]);
    // The page the open tab reloads is there without rendering it again, and the one asked
    // for before is still there, as it did not change.
    let reloaded = r.output.recent(J1).unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&reloaded)
            .contains("<p>Programs never sponsor the J-1 themselves.</p>")
    );
    assert_eq!(r.output.hash(J1), Some(xxh3_128(&reloaded)));
    assert_eq!(r.output.recent(&asked).as_deref(), Some(&served[..]));
    let clean = site.clean_build().unwrap_or_default();
    assert_eq!(
        clean.get(J1).map(Vec::as_slice),
        Some(&reloaded[..]),
        "the kept page is the clean build's"
    );
}

#[test]
fn a_static_file_that_replaces_an_output_and_goes_again_gives_the_output_back() {
    let mut dev = Dev::start();
    let generated = dev.page("_redirects");
    assert!(generated.contains("/old/j1/"), "{generated}");
    // The site's own `_redirects` replaces the one made from aliases...
    dev.site.file("static/_redirects", "/a /b 302\n");
    let r = dev.rebuild(&["static/_redirects"]);
    assert_eq!(r.changed, ["_redirects"]);
    assert_eq!(dev.page("_redirects"), "/a /b 302\n");
    assert_same_as_clean(&dev);
    // ...and once it goes, the made one is back, and open pages hear of it.
    dev.site.remove("static/_redirects");
    let r = dev.rebuild(&["static/_redirects"]);
    assert_eq!(r.changed, ["_redirects"]);
    assert_eq!(dev.page("_redirects"), generated);
    assert_same_as_clean(&dev);
}

#[test]
fn a_site_still_served_renders_its_pages_as_they_were_while_the_next_one_is_built() {
    let mut dev = Dev::start();
    let before = dev.session.output();
    dev.site.edit_text(
        J1_SOURCE,
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );
    let r = dev.rebuild(&[J1_SOURCE]);
    assert!(took_the_quick_path(&r), "{:?}", r.report.timings);
    // A tab that asks the last site for the page (before it hears of the new one) gets the
    // page as it was: the edit changed the new model, not the one being served.
    let old = before.file(J1).unwrap_or_default();
    assert_eq!(before.hash(J1), Some(xxh3_128(&old)));
    let old = String::from_utf8_lossy(&old);
    assert!(old.contains("<p>Programs do not sponsor the J-1 themselves.</p>"));
    assert!(
        dev.page(J1)
            .contains("<p>Programs never sponsor the J-1 themselves.</p>")
    );
}

#[test]
fn editing_a_paragraph_after_the_summary_changes_only_that_guide() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        J1_SOURCE,
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );
    let r = dev.rebuild(&[J1_SOURCE]);
    // The feed holds summaries only, so `atom.xml` keeps its bytes too.
    assert_eq!(r.changed, [J1]);
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    for list in [
        "index.html",
        "guides/index.html",
        "guides/visas/index.html",
        "tags/visas/index.html",
        "atom.xml",
    ] {
        assert!(!r.changed.contains(&list.to_string()), "{list}");
    }
    // Only the guide's own context changed: its content and word count. Every card of it
    // (lists, related guides, specialty pages) holds the summary and the reading time, which
    // stayed the same, so nothing else is rendered again.
    assert_eq!(r.report.rendered, 1);
    assert_eq!(r.report.files.written, 1);
    assert_eq!(r.report.files.unchanged, 40);
    assert!(
        dev.page(J1)
            .contains("<p>Programs never sponsor the J-1 themselves.</p>")
    );
    // The model was updated in place: no parsing, model or plan of the whole site.
    assert!(took_the_quick_path(&r), "{:?}", r.report.timings);
    assert_same_as_clean(&dev);
    // Twice in a row, and back.
    dev.site
        .edit_text(J1_SOURCE, "never sponsor", "do not sponsor");
    let r = dev.rebuild(&[J1_SOURCE]);
    assert!(took_the_quick_path(&r), "{:?}", r.report.timings);
    assert_eq!(r.changed, [J1]);
    assert_same_as_clean(&dev);
}

#[cfg(unix)]
#[test]
fn an_edit_read_by_a_rebuild_that_failed_is_applied_by_the_next_one_in_place() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        J1_SOURCE,
        "Programs do not sponsor the J-1 themselves.",
        "Programs never sponsor the J-1 themselves.",
    );
    // `site.yaml` cannot be read (a link to itself: the system refuses to follow it): the
    // rebuild reads the guide again, then fails, and the site served stays as it was.
    let config = std::fs::read_to_string(dev.site.path("site.yaml")).expect("site.yaml");
    dev.site.remove("site.yaml");
    std::os::unix::fs::symlink("site.yaml", dev.site.path("site.yaml")).expect("a link");
    dev.rebuild_err(&["site.yaml", J1_SOURCE]);
    assert!(!dev.page(J1).contains("never sponsor"));
    // The next save names another guide only: the J-1 guide's edit is applied too, whether
    // the model is updated in place or built again.
    dev.site.edit_text(
        OET_SOURCE,
        "seats fill months ahead",
        "seats fill up months ahead",
    );
    let r = dev.rebuild(&[OET_SOURCE]);
    assert_eq!(r.changed, ["guides/exams/oet/index.html", J1]);
    assert!(
        dev.page(J1)
            .contains("Programs never sponsor the J-1 themselves.")
    );
    dev.site.remove("site.yaml");
    std::fs::write(dev.site.path("site.yaml"), config).expect("site.yaml");
    dev.rebuild(&["site.yaml"]);
    assert_same_as_clean(&dev);
}

/// Whether a rebuild updated the last model in place (`Session::quick`) instead of building it.
fn took_the_quick_path(r: &Rebuilt) -> bool {
    r.report.timings.iter().any(|(phase, _)| *phase == "quick")
        && !r.report.timings.iter().any(|(phase, _)| *phase == "model")
}

#[test]
fn an_edit_that_changes_what_other_pages_show_builds_the_model_again() {
    let mut dev = Dev::start();
    // The summary (on cards), a link's target, a tag, a new warning: never in place.
    let edits: [(&str, &str); 4] = [
        (
            "The J-1 is sponsored by the ECFMG",
            "The J-1 is always sponsored by the ECFMG",
        ),
        (
            "Programs do not sponsor the J-1 themselves.",
            "Programs do not sponsor the J-1 themselves. See [H-1B](h1b.md).",
        ),
        ("tags: [", "tags: [j-1, "),
        ("## Sponsorship", "# A level-1 heading\n\n## Sponsorship"),
    ];
    for (from, to) in edits {
        let before = dev.site.text(J1_SOURCE);
        assert!(
            before.contains(from),
            "the fixture changed: no `{from}` in {J1_SOURCE}"
        );
        dev.site.edit_text(J1_SOURCE, from, to);
        let r = dev.rebuild(&[J1_SOURCE]);
        assert!(!took_the_quick_path(&r), "{to}: {:?}", r.report.timings);
        assert_same_as_clean(&dev);
        dev.site.file(J1_SOURCE, before);
        dev.rebuild(&[J1_SOURCE]);
    }
}

#[test]
fn editing_a_summary_changes_the_guide_and_the_lists_that_show_it() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        J1_SOURCE,
        "The J-1 is sponsored by the ECFMG",
        "The J-1 is always sponsored by the ECFMG",
    );
    let r = dev.rebuild(&[J1_SOURCE]);
    assert_eq!(
        r.changed,
        [
            // The newest guide: first in the feed and in the home page's latest guides.
            "atom.xml",
            // Its section's list and the list of every guide (page 1 of 2; page 2 is not in it).
            "guides/index.html",
            "guides/visas/index.html",
            J1,
            "index.html",
            // Its only tag.
            "tags/visas/index.html",
        ]
    );
    assert!(r.removed.is_empty());
    for page in [
        "guides/page/2/index.html",
        "guides/exams/index.html",
        "tags/exams/index.html",
        "guides/step2/index.html",
    ] {
        assert!(!r.changed.contains(&page.to_string()), "{page}");
    }
    for list in [
        "guides/visas/index.html",
        "tags/visas/index.html",
        "index.html",
    ] {
        assert!(
            dev.page(list).contains(
                "<p>The J-1 is always sponsored by the ECFMG for every residency program.</p>"
            ),
            "{list}"
        );
    }
    // The six outputs above, and four pages whose contexts hold the guide's card (with its
    // summary) but whose templates show only its title, so their bytes stay the same: the
    // H-1B and internal medicine guides (the J-1 guide is one of their related guides) and
    // the internal medicine and pediatrics specialty pages (it names both specialties).
    assert_eq!(r.report.rendered, 10);
    assert_same_as_clean(&dev);
}

#[test]
fn editing_the_summary_of_an_old_guide_leaves_the_home_page_and_the_feed_alone() {
    let mut dev = Dev::start();
    // The OET guide has no date: last in every list, not among the six latest guides on the
    // home page, not among the five guides of the feed.
    dev.site
        .edit_text(OET_SOURCE, "The OET is one way", "The OET is the usual way");
    let r = dev.rebuild(&[OET_SOURCE]);
    assert_eq!(
        r.changed,
        [
            "guides/exams/index.html",
            "guides/exams/oet/index.html",
            "guides/page/2/index.html",
            "tags/english/index.html",
            "tags/exams/index.html",
        ]
    );
    // Those five, and the Step 1 and Step 2 guides, whose related guides include it (they
    // share the tag `exams`) but show only its title.
    assert_eq!(r.report.rendered, 7);
    assert_same_as_clean(&dev);
}

#[test]
fn editing_a_title_changes_every_page_that_names_the_guide() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        J1_SOURCE,
        "title: The J-1 Visa",
        "title: The J-1 Exchange Visa",
    );
    let r = dev.rebuild(&[J1_SOURCE]);
    assert_eq!(
        r.changed,
        [
            "atom.xml",
            // Related guides show titles.
            "guides/im-match/index.html",
            "guides/index.html",
            "guides/visas/h1b/index.html",
            "guides/visas/index.html",
            J1,
            "index.html",
            // The redirect page names the page it leads to.
            "old/j1/index.html",
            // The specialty pages list the guides about the specialty by title.
            "programs/internal-medicine/index.html",
            "programs/pediatrics/index.html",
            "tags/visas/index.html",
        ]
    );
    assert_eq!(r.report.rendered, 11, "exactly the outputs that changed");
    assert!(
        dev.page("old/j1/index.html")
            .contains("<title>The J-1 Exchange Visa</title>")
    );
    assert_same_as_clean(&dev);
}

#[test]
fn editing_a_program_field_that_no_count_uses_leaves_the_directory_page_alone() {
    let mut dev = Dev::start();
    // Notes are shown on the program's page only (not in its table row, not in the JSON).
    dev.site.edit_text(
        PROGRAMS_FILE,
        "Interviews are **virtual**",
        "Interviews are **in person**",
    );
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert_eq!(r.changed, [BROOKLYN]);
    assert_eq!(r.report.rendered, 1);
    // Its page and the 404 page (hashed every time): not the directory or Smart Pick, which
    // read no program's notes (`plan::summed_view`).
    assert!(took_the_quick_path(&r), "{:?}", r.report.timings);
    assert_eq!(r.report.hashed, 2);
    assert!(
        dev.page(BROOKLYN)
            .contains("Interviews are <strong>in person</strong>")
    );

    // The website is in the JSON too, but not in the specialty page's table.
    dev.site.edit_text(
        PROGRAMS_FILE,
        "website: https://example.org/im\n",
        "website: https://example.org/internal-medicine\n",
    );
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert_eq!(r.changed, [SPECIALTY_JSON, BROOKLYN]);
    assert_eq!(r.report.rendered, 2);

    // The Step 2 CK minimum is in all three, and in the specialty's median, but in no count
    // of the directory page.
    dev.site
        .edit_text(PROGRAMS_FILE, "min_step2_ck: 220", "min_step2_ck: 215");
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert_eq!(r.changed, [SPECIALTY_JSON, BROOKLYN, SPECIALTY_PAGE]);
    assert!(!r.changed.contains(&"programs/index.html".to_string()));
    assert!(!r.changed.contains(&"index.html".to_string()));
    assert_eq!(r.report.rendered, 3);
    assert!(dev.page(SPECIALTY_PAGE).contains("<td>215</td>"));
    assert_same_as_clean(&dev);
}

#[test]
fn editing_a_program_count_changes_the_directory_page() {
    let mut dev = Dev::start();
    // Brooklyn's positions: 12 -> 14, so internal medicine has 72 positions, not 70.
    dev.site
        .edit_text(PROGRAMS_FILE, "positions_pgy1: 12", "positions_pgy1: 14");
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert!(took_the_quick_path(&r), "{:?}", r.report.timings);
    // Those that changed, Smart Pick (which reads what it shows of every program again) and
    // the 404 page.
    assert_eq!(r.report.hashed, 6);
    assert_eq!(
        r.changed,
        [
            "programs/index.html",
            SPECIALTY_JSON,
            BROOKLYN,
            SPECIALTY_PAGE,
        ]
    );
    assert_eq!(r.report.rendered, 4);
    assert!(
        dev.page("programs/index.html")
            .contains("<td>72 positions</td>")
    );

    // Pacific sponsored no visa; now it sponsors the J-1 (J-1: 3 -> 4).
    dev.site
        .edit_text(PROGRAMS_FILE, "    visas: []\n", "    visas: [J-1]\n");
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert_eq!(
        r.changed,
        [
            "programs/index.html",
            SPECIALTY_JSON,
            SPECIALTY_PAGE,
            PACIFIC,
        ]
    );
    assert!(dev.page("programs/index.html").contains("<td>J-1: 4</td>"));

    // A new program: its page, and the number of programs on the home page too.
    let text = dev.site.text("data/programs/pediatrics.yaml");
    dev.site.file(
        "data/programs/pediatrics.yaml",
        format!(
            "{text}  - acgme_id: \"3203590001\"\n    name: Pediatrics Program\n    sponsor: Upstate Children's\n    city: Albany\n    state: NY\n"
        ),
    );
    let r = dev.rebuild(&["data/programs/pediatrics.yaml"]);
    assert_eq!(
        r.changed,
        [
            "index.html",
            "programs/index.html",
            "programs/pediatrics.json",
            "programs/pediatrics/index.html",
            "programs/pediatrics/upstate-childrens-3203590001/index.html",
            "sitemap.xml",
            "smart-pick/index.html",
        ]
    );
    assert!(dev.page("index.html").contains("8 programs"));
    assert!(dev.page("smart-pick/index.html").contains("8 programs"));
    assert_same_as_clean(&dev);
}

#[test]
fn editing_the_guide_template_changes_every_guide_and_nothing_else() {
    let mut dev = Dev::start();
    let template = "themes/default/templates/guide.html";
    dev.site
        .edit_text(template, "<h1>", "<h1 class=\"guide-title\">");
    let r = dev.rebuild(&[template]);
    assert_eq!(r.changed, GUIDES);
    assert_eq!(r.report.rendered, GUIDES.len());
    for guide in GUIDES {
        assert!(
            dev.page(guide).contains("<h1 class=\"guide-title\">"),
            "{guide}"
        );
    }
    assert_same_as_clean(&dev);
}

#[test]
fn editing_the_base_template_re_renders_every_page() {
    let mut dev = Dev::start();
    let template = "themes/default/templates/base.html";
    dev.site
        .edit_text(template, "<nav>", "<nav class=\"menu\">");
    let r = dev.rebuild(&[template]);
    assert_eq!(r.report.rendered, TEMPLATE_PAGES);
    let pages: Vec<String> = dev
        .served()
        .into_keys()
        .filter(|path| path.ends_with(".html") && path != "old/j1/index.html")
        .collect();
    assert_eq!(pages.len(), TEMPLATE_PAGES);
    assert_eq!(r.changed, pages, "every page but the redirect");

    // base.html includes the footer by name: editing the partial is editing every page too.
    let partial = "themes/default/templates/partials/footer.html";
    dev.site
        .edit_text(partial, "<footer>", "<footer class=\"end\">");
    let r = dev.rebuild(&[partial]);
    assert_eq!(r.report.rendered, TEMPLATE_PAGES);
    assert_eq!(r.changed, pages);
    assert_same_as_clean(&dev);
}

#[test]
fn editing_a_component_re_renders_every_page_and_changes_the_pages_that_call_it() {
    let mut dev = Dev::start();
    let components = "themes/default/templates/partials/components.html";
    dev.site.edit_text(
        components,
        "<span class=\"minutes\">",
        "<span class=\"reading-time\">",
    );
    let r = dev.rebuild(&[components]);
    // Components are global: any template may call them without naming their file, so a
    // file that defines one belongs to every template's set.
    assert_eq!(r.report.rendered, TEMPLATE_PAGES);
    // Only the lists call `card`.
    assert_eq!(
        r.changed,
        [
            "guides/exams/index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/visas/index.html",
            "index.html",
            "tags/english/index.html",
            "tags/exams/index.html",
            "tags/interviews/index.html",
            "tags/visas/index.html",
        ]
    );
    assert_same_as_clean(&dev);
}

#[test]
fn editing_the_site_title_re_renders_every_page_and_the_feed() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        "site.yaml",
        "title: Incremental Fixture",
        "title: Residency Notes",
    );
    let r = dev.rebuild(&["site.yaml"]);
    // Every page shows the title (in `<title>` and the footer), and so does the feed; the
    // sitemap, robots.txt, the JSON files and the redirect do not.
    assert_eq!(r.report.rendered, TEMPLATE_PAGES + 1);
    let mut expected: Vec<String> = dev
        .served()
        .into_keys()
        .filter(|path| path.ends_with(".html") && path != "old/j1/index.html")
        .collect();
    expected.push("atom.xml".to_string());
    expected.sort();
    assert_eq!(r.changed, expected);
    assert!(
        dev.page("about/index.html")
            .contains("<title>About · Residency Notes</title>")
    );
    assert_same_as_clean(&dev);
}

#[test]
fn editing_the_stylesheet_changes_only_the_stylesheet() {
    let mut dev = Dev::start();
    let css = "themes/default/static/style.css";
    dev.site.file(css, "body { margin: 1rem; }\n");
    let r = dev.rebuild(&[css]);
    assert_eq!(r.changed, ["style.css"]);
    assert!(r.removed.is_empty());
    // The 404 page's context carries the stylesheet (for themes that inline it): rendered
    // again, and the same bytes, since this theme's 404 page links the stylesheet instead.
    assert_eq!(r.report.rendered, 1);
    assert_eq!(dev.page("style.css"), "body { margin: 1rem; }\n");
    assert_same_as_clean(&dev);
}

// --- Files created, deleted and renamed ---

#[test]
fn deleting_a_guide_removes_its_page_and_updates_the_lists() {
    let mut dev = Dev::start();
    dev.site.remove("content/guides/visas/h1b.md");
    let r = dev.rebuild(&["content/guides/visas/h1b.md"]);
    assert_eq!(r.removed, ["guides/visas/h1b/index.html"]);
    assert_eq!(
        r.changed,
        [
            "atom.xml",
            // Related guides: the H-1B guide was one of theirs.
            "guides/im-match/index.html",
            // The list of every guide loses one; the first guide of page 2 moves to page 1.
            "guides/index.html",
            "guides/interviews/index.html",
            "guides/page/2/index.html",
            "guides/visas/index.html",
            J1,
            "index.html",
            "sitemap.xml",
            // The counts of `visas` and `interviews`.
            "tags/index.html",
            "tags/interviews/index.html",
            "tags/visas/index.html",
        ]
    );
    // Those twelve, and three pages whose contexts hold a tag count that fell, in cards their
    // templates show only by title: the two specialty pages (cards of guides tagged `visas`)
    // and the Step 2 guide (its related Interview Season guide is tagged `interviews`).
    assert_eq!(r.report.rendered, 15);
    assert_eq!(r.report.files.removed, 1);
    for list in [
        "guides/visas/index.html",
        "tags/visas/index.html",
        "index.html",
    ] {
        assert!(!dev.page(list).contains("The H-1B Visa"), "{list}");
    }
    assert_same_as_clean(&dev);
}

#[test]
fn deleting_the_only_guide_of_a_tag_removes_the_tag_page() {
    let mut dev = Dev::start();
    dev.site.remove(OET_SOURCE);
    let r = dev.rebuild(&[OET_SOURCE]);
    assert_eq!(
        r.removed,
        ["guides/exams/oet/index.html", "tags/english/index.html"]
    );
    assert!(r.changed.contains(&"tags/index.html".to_string()));
    assert!(!dev.page("tags/index.html").contains("english"));
    assert_same_as_clean(&dev);
}

#[test]
fn renaming_a_guide_moves_its_page() {
    let mut dev = Dev::start();
    dev.site
        .rename("content/guides/step2.md", "content/guides/step2-ck.md");
    let r = dev.rebuild(&["content/guides/step2.md", "content/guides/step2-ck.md"]);
    assert_eq!(r.removed, ["guides/step2/index.html"]);
    assert!(
        r.changed
            .contains(&"guides/step2-ck/index.html".to_string())
    );
    assert!(
        dev.page("guides/index.html")
            .contains("href=\"../guides/step2-ck/index.html\">Step 2 CK Basics</a>")
    );
    assert_same_as_clean(&dev);

    // Into another section.
    dev.site.rename(
        "content/guides/interviews.md",
        "content/guides/visas/interviews.md",
    );
    let r = dev.rebuild(&[
        "content/guides/interviews.md",
        "content/guides/visas/interviews.md",
    ]);
    assert_eq!(r.removed, ["guides/interviews/index.html"]);
    assert!(
        r.changed
            .contains(&"guides/visas/interviews/index.html".to_string())
    );
    assert!(
        dev.page("guides/visas/index.html")
            .contains(">Interview Season</a>")
    );
    assert_same_as_clean(&dev);
}

#[test]
fn a_new_section_folder_adds_its_pages() {
    let mut dev = Dev::start();
    dev.site
        .file(
            "content/guides/match/_index.md",
            "---\ntitle: The Match\n---\n\nRank lists and results.\n",
        )
        .file(
            "content/guides/match/rank-list.md",
            "---\ntitle: Your Rank List\ndate: 2026-03-10\ntags: [match]\n---\n\nRank programs in the order you prefer them.\n",
        );
    let r = dev.rebuild(&["content/guides/match"]);
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    for page in [
        "guides/match/index.html",
        "guides/match/rank-list/index.html",
        "tags/match/index.html",
        "guides/index.html",
        "index.html",
    ] {
        assert!(
            r.changed.contains(&page.to_string()),
            "{page}: {:?}",
            r.changed
        );
    }
    assert!(
        dev.page("guides/index.html")
            .contains("<a href=\"../guides/match/index.html\">The Match</a> (1)")
    );
    assert_same_as_clean(&dev);
}

// --- Broken input and files the build does not read ---

#[test]
fn broken_front_matter_fails_and_keeps_the_last_good_site() {
    let mut dev = Dev::start();
    let good = dev.served();
    let version = dev.session.output().version;
    let text = dev.site.text(J1_SOURCE);
    dev.site
        .edit_text(J1_SOURCE, "title: The J-1 Visa", "title: [The J-1 Visa");
    let error = dev.rebuild_err(&[J1_SOURCE]);
    let located: Vec<String> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| place(d).0)
        .collect();
    assert_eq!(located, [J1_SOURCE], "{error}");
    assert_eq!(dev.served(), good, "the last good site stays");
    assert_eq!(
        dev.session.output().version,
        version,
        "nothing new was served"
    );

    // Fixed: the site is the last good one again, so nothing changed from what was served.
    dev.site.file(J1_SOURCE, text);
    let r = dev.rebuild(&[J1_SOURCE]);
    assert!(r.changed.is_empty(), "{:?}", r.changed);
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    assert_eq!(dev.served(), good);
    assert_same_as_clean(&dev);
}

#[test]
fn a_template_error_fails_and_keeps_the_last_good_site() {
    let mut dev = Dev::start();
    let good = dev.served();
    let template = "themes/default/templates/tag.html";
    let text = dev.site.text(template);
    dev.site
        .edit_text(template, "{% for g in guides %}", "{% for g in guides %");
    let error = dev.rebuild_err(&[template]);
    let located: Vec<String> = error.diagnostics().iter().map(|d| place(d).0).collect();
    assert_eq!(located, [template], "{error}");
    assert_eq!(dev.served(), good);

    dev.site
        .file(template, text.replace("<h1>", "<h1 class=\"tag\">"));
    let r = dev.rebuild(&[template]);
    assert_eq!(
        r.changed,
        [
            "tags/english/index.html",
            "tags/exams/index.html",
            "tags/interviews/index.html",
            "tags/visas/index.html",
        ]
    );
    assert_same_as_clean(&dev);
}

#[test]
fn editor_files_change_nothing() {
    let mut dev = Dev::start();
    let good = dev.served();
    let noise = [
        "content/guides/.step2.md.swp",
        "content/guides/step2.md~",
        "content/guides/#step2.md#",
        "content/guides/visas/.j1.md.tmp",
        "themes/default/templates/.guide.html.swp",
        "data/programs/.pediatrics.yaml.swp",
    ];
    for rel in noise {
        dev.site
            .file(rel, "---\ntitle: [not front matter\n---\n\nhalf-saved\n");
    }
    let r = dev.rebuild(&noise);
    assert!(r.changed.is_empty(), "{:?}", r.changed);
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    assert_eq!(r.report.rendered, 0);
    assert_eq!(dev.served(), good);
    assert_same_as_clean(&dev);
}

// --- Regressions: bugs these tests found ---

/// The session used to forget that theme files changed when the same rebuild then failed on
/// site.yaml (before it reloaded the theme): the next good rebuild kept the old templates.
#[test]
fn a_template_edited_while_site_yaml_is_broken_is_used_once_it_is_fixed() {
    let mut dev = Dev::start();
    let config = dev.site.text("site.yaml");
    dev.site.file("site.yaml", "title: [broken\n");
    dev.rebuild_err(&["site.yaml"]);
    let template = "themes/default/templates/guide.html";
    dev.site
        .edit_text(template, "<h1>", "<h1 class=\"guide-title\">");
    dev.rebuild_err(&[template]);
    dev.site.file("site.yaml", config);
    let r = dev.rebuild(&["site.yaml"]);
    assert_eq!(r.changed, GUIDES);
    assert_same_as_clean(&dev);
}

/// When site.yaml could not be read, the session used to stop reading the paths after it in
/// the same rebuild (their edits were lost), and to keep the old site.yaml, so that the next
/// rebuild succeeded although site.yaml was gone.
#[test]
fn a_missing_site_yaml_fails_every_rebuild_and_loses_no_edit() {
    let mut dev = Dev::start();
    let config = dev.site.text("site.yaml");
    dev.site.remove("site.yaml");
    dev.site.edit_text(
        "content/guides/step2.md",
        "CK is the score",
        "CK is the number",
    );
    // Hints are read in the order given; the watcher sorts them, so there the files after
    // site.yaml are the theme's.
    dev.rebuild_err(&["site.yaml", "content/guides/step2.md"]);
    let error = dev.rebuild_err(&["content/guides/interviews.md"]);
    assert!(error.to_string().contains("no site.yaml"), "{error}");

    dev.site.file("site.yaml", config);
    let r = dev.rebuild(&["site.yaml"]);
    assert!(
        r.changed.contains(&"guides/step2/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert!(
        dev.page("guides/step2/index.html")
            .contains("Step 2 CK is the number")
    );
    assert_same_as_clean(&dev);
}

/// Content files used to be kept in folder-walk order (`guides/visas/*` before
/// `guides/visas-faq.md`) but found by binary search on their path as text (where `-` sorts
/// before `/`): an edit to such a file added it a second time ("the URL /guides/visas-faq/ is
/// claimed twice").
#[test]
fn editing_a_guide_named_like_a_sibling_folder_changes_only_that_guide() {
    let site = Site::fixture("incremental");
    site.file(
        "content/guides/visas-faq.md",
        "---\ntitle: Visa FAQ\ndate: 2026-01-01\n---\n\nQuestions.\n\nAnswers.\n",
    );
    let mut session = Session::new(session_options(&site));
    session.rebuild(&Changes::Everything).expect("first build");
    let mut dev = Dev { site, session };
    dev.site
        .edit_text("content/guides/visas-faq.md", "Answers.", "More answers.");
    let r = dev.rebuild(&["content/guides/visas-faq.md"]);
    assert_eq!(r.changed, ["guides/visas-faq/index.html"]);
    assert_same_as_clean(&dev);
}

/// Front matter values matchpress does not read reach templates as `extra`, on the guide and
/// on its cards: an edit to one renders again the guide and the lists that show it, the same
/// as a clean build; an unknown key is a warning, and its value is shown too.
#[test]
fn editing_an_extra_value_renders_the_pages_that_show_it_again() {
    let site = Site::fixture("incremental");
    let components = site.text("themes/default/templates/partials/components.html");
    site.file(
        "templates/partials/components.html",
        components.replace(
            "{{ c.title }}</a>",
            "{{ c.title }}</a>{% if c.extra.author %}<span class=\"by\">{{ c.extra.author }}</span>{% endif %}",
        ),
    );
    let theme_guide = site.text("themes/default/templates/guide.html");
    site.file(
        "templates/guide.html",
        theme_guide.replace(
            "<h1>{{ guide.title }}</h1>",
            "<h1>{{ guide.title }}</h1>{% if guide.extra.author %}<p class=\"author\">{{ guide.extra.author }}</p>{% endif %}\
{% if guide.extra.reviewer %}<p class=\"reviewer\">{{ guide.extra.reviewer }}</p>{% endif %}",
        ),
    )
    .edit_text(J1_SOURCE, "date: 2026-03-01\n", "date: 2026-03-01\nextra:\n  author: Ana\n");
    let mut session = Session::new(session_options(&site));
    let first = session.rebuild(&Changes::Everything).expect("first build");
    assert!(
        first.report.warnings.is_empty(),
        "{:?}",
        first.report.warnings
    );
    let mut dev = Dev { site, session };
    assert!(dev.page(J1).contains("<p class=\"author\">Ana</p>"));

    dev.site.edit_text(J1_SOURCE, "author: Ana", "author: Ben");
    let r = dev.rebuild(&[J1_SOURCE]);
    assert_eq!(
        r.changed,
        [
            "guides/index.html",
            "guides/visas/index.html",
            J1,
            "index.html",
            "tags/visas/index.html",
        ]
    );
    assert!(dev.page(J1).contains("<p class=\"author\">Ben</p>"));
    assert!(
        dev.page("guides/visas/index.html")
            .contains("<span class=\"by\">Ben</span>")
    );
    assert_same_as_clean(&dev);

    // A key matchpress does not know: a warning, and its value shown.
    dev.site.edit_text(
        J1_SOURCE,
        "date: 2026-03-01\n",
        "date: 2026-03-01\nreviewer: Cy\n",
    );
    let r = dev.rebuild(&[J1_SOURCE]);
    assert_eq!(r.changed, [J1]);
    let warnings: Vec<(String, usize, usize)> = r.report.warnings.iter().map(place).collect();
    assert_eq!(warnings, [(J1_SOURCE.to_string(), 5, 1)]);
    assert!(dev.page(J1).contains("<p class=\"reviewer\">Cy</p>"));
    dev.site
        .edit_text(J1_SOURCE, "reviewer: Cy", "reviewer: Di");
    let r = dev.rebuild(&[J1_SOURCE]);
    assert_eq!(r.changed, [J1]);
    assert!(dev.page(J1).contains("<p class=\"reviewer\">Di</p>"));
    assert_same_as_clean(&dev);
}

/// A new file used to be inserted by binary search into a list kept in another order, so the
/// pages were in another order than in a clean build, and a tag written two ways (`English`,
/// `english`) was named as written on another page than in a clean build.
#[test]
fn a_new_guide_named_like_a_sibling_folder_names_its_tag_like_a_clean_build() {
    let mut dev = Dev::start();
    // `english` is written so on guides/exams/oet.md.
    dev.site.file(
        "content/guides/exams-faq.md",
        "---\ntitle: Exam FAQ\ndate: 2026-01-01\ntags: [English]\n---\n\nQuestions.\n",
    );
    dev.rebuild(&["content/guides/exams-faq.md"]);
    let clean = dev.clean();
    assert_eq!(
        dev.page("tags/english/index.html"),
        String::from_utf8_lossy(&clean["tags/english/index.html"])
    );
    assert_same_as_clean(&dev);
}

/// A clean build reads program files in subfolders of data/programs/; the session used to
/// take them for files the build does not read, so an edit to one changed nothing.
#[test]
fn editing_a_program_file_in_a_subfolder_of_data_programs() {
    let mut dev = Dev::start();
    let program = |sponsor: &str| {
        format!(
            "specialty: pediatrics\nprograms:\n  - acgme_id: \"3203599999\"\n    name: Pediatrics\n    sponsor: {sponsor}\n    city: Albany\n    state: NY\n"
        )
    };
    dev.site.file(
        "data/programs/extra/pediatrics.yaml",
        program("Extra Hospital"),
    );
    // A new folder: the session reads everything again.
    let r = dev.rebuild(&["data/programs/extra"]);
    assert!(
        r.changed
            .contains(&"programs/pediatrics/extra-hospital-3203599999/index.html".to_string())
    );
    assert_same_as_clean(&dev);
    dev.site.file(
        "data/programs/extra/pediatrics.yaml",
        program("Other Hospital"),
    );
    let r = dev.rebuild(&["data/programs/extra/pediatrics.yaml"]);
    assert_eq!(
        r.removed,
        ["programs/pediatrics/extra-hospital-3203599999/index.html"]
    );
    assert!(
        r.changed
            .contains(&"programs/pediatrics/other-hospital-3203599999/index.html".to_string())
    );
    assert_same_as_clean(&dev);
}

#[test]
fn a_csv_program_file_is_added_edited_and_removed_while_serving() {
    let mut dev = Dev::start();
    let csv = |pct: &str| {
        format!(
            "ACGME ID,Program Name,City,State,% IMG\r\n9990500001,Transitional Year,Fresno,CA,{pct}\r\n"
        )
    };
    let page = "programs/transitional-year/transitional-year-9990500001/index.html";
    dev.site
        .file("data/programs/transitional-year.csv", csv("12.5%"));
    let r = dev.rebuild(&["data/programs/transitional-year.csv"]);
    assert!(r.changed.contains(&page.to_string()), "{:?}", r.changed);
    assert_same_as_clean(&dev);
    dev.site
        .file("data/programs/transitional-year.csv", csv("40"));
    let r = dev.rebuild(&["data/programs/transitional-year.csv"]);
    assert!(r.changed.contains(&page.to_string()), "{:?}", r.changed);
    assert_same_as_clean(&dev);
    dev.site.remove("data/programs/transitional-year.csv");
    let r = dev.rebuild(&["data/programs/transitional-year.csv"]);
    assert_eq!(r.removed, [page]);
    assert_same_as_clean(&dev);
}

// --- The property: incremental rebuilds give a clean build's bytes ---

const STEPS: usize = 12;

/// What the random edits may do besides valid edits and broken guides.
#[derive(Debug, Clone, Copy)]
struct Mix {
    /// Name new and renamed guides after a sibling folder and a hyphen (`visas-3.md` beside
    /// `visas/`), which sort differently as paths and as text.
    names_like_folders: bool,
    /// Break site.yaml (invalid YAML), and edit templates while it is broken.
    break_config: bool,
    /// What most edits are, if not any kind.
    focus: Focus,
}

/// What kind of edit a run makes most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// Any kind.
    Any,
    /// Edits of what only a page's own output shows (a paragraph after the summary, a heading,
    /// a FAQ answer), one file at a time, which a session applies to its last model in place;
    /// now and then any other edit.
    Bodies,
    /// Edits of program entries, one file at a time, many of which a session applies to its
    /// last model in place; now and then any other edit.
    Programs,
}

/// One test per seed, so each stays short and they run in parallel: the twelve clean builds
/// into folders on disk take most of the time.
macro_rules! random_edits {
    ($($name:ident: $seed:literal, $mix:expr;)*) => {$(
        #[test]
        fn $name() {
            run_random_edits($seed, $mix, STEPS);
        }
    )*};
}

const VALID: Mix = Mix {
    names_like_folders: false,
    break_config: false,
    focus: Focus::Any,
};
const FOLDER_NAMES: Mix = Mix {
    names_like_folders: true,
    break_config: false,
    focus: Focus::Any,
};
const BROKEN_CONFIG: Mix = Mix {
    names_like_folders: true,
    break_config: true,
    focus: Focus::Any,
};
const BODIES: Mix = Mix {
    names_like_folders: false,
    break_config: false,
    focus: Focus::Bodies,
};
const PROGRAMS: Mix = Mix {
    names_like_folders: false,
    break_config: false,
    focus: Focus::Programs,
};

random_edits! {
    incremental_rebuilds_equal_a_clean_build_seed_1: 1, VALID;
    incremental_rebuilds_equal_a_clean_build_seed_2: 2, VALID;
    incremental_rebuilds_equal_a_clean_build_seed_3: 3, FOLDER_NAMES;
    incremental_rebuilds_equal_a_clean_build_seed_4: 4, FOLDER_NAMES;
    incremental_rebuilds_equal_a_clean_build_seed_5: 5, BROKEN_CONFIG;
    incremental_rebuilds_equal_a_clean_build_seed_6: 6, BROKEN_CONFIG;
    incremental_rebuilds_equal_a_clean_build_seed_7: 7, BODIES;
    incremental_rebuilds_equal_a_clean_build_seed_8: 8, BODIES;
    incremental_rebuilds_equal_a_clean_build_seed_9: 9, PROGRAMS;
    incremental_rebuilds_equal_a_clean_build_seed_10: 10, PROGRAMS;
    incremental_rebuilds_equal_a_clean_build_seed_11: 11, PROGRAMS;
}

/// Apply `steps` random steps of one to three edits to a copy of the fixture; after each,
/// rebuild for exactly the paths touched and compare with a clean build of the same input.
fn run_random_edits(seed: u64, mix: Mix, steps: usize) {
    let site = Site::fixture("incremental");
    // Odd seeds keep a few files' bytes from one rebuild to the next, as `serve` does: those
    // are compared with the clean build too.
    let mut session = Session::new(SessionOptions {
        keep_bytes: if seed % 2 == 1 { 16 << 10 } else { 0 },
        ..session_options(&site)
    });
    let first = session
        .rebuild(&Changes::Everything)
        .expect("the fixture builds");
    let mut check = Check {
        site: &site,
        seed,
        mix,
        session,
        served: files(&first.output),
        log: String::new(),
    };
    let mut editor = Editor::new(&site, seed, mix);
    for step in 1..=steps {
        let edits = match editor.rng.below(10) {
            _ if mix.focus != Focus::Any => 1,
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let mut touched = BTreeSet::new();
        for _ in 0..edits {
            let (what, paths) = editor.edit();
            let _ = writeln!(check.log, "  step {step}: {what} [{}]", paths.join(", "));
            touched.extend(paths);
        }
        // A folder among the hints makes the session read every input again, as after a
        // rescan; the next edits then start from inputs read the other way.
        if mix.focus == Focus::Any && editor.rng.chance(20) {
            let folder = touched
                .iter()
                .map(|rel| parent(rel).to_string())
                .find(|folder| folder.starts_with("content") && site.path(folder).is_dir());
            if let Some(folder) = folder {
                let _ = writeln!(check.log, "  step {step}: also hint {folder}");
                touched.insert(folder);
            }
        }
        // Hints come absolute from the watcher, relative from other callers.
        let hints = touched
            .iter()
            .map(|rel| {
                if editor.rng.chance(50) {
                    site.path(rel)
                } else {
                    PathBuf::from(rel)
                }
            })
            .collect();
        check.rebuild(&format!("step {step}"), hints);
    }
    if let Some((what, paths)) = editor.repair() {
        let _ = writeln!(check.log, "  last step: {what} [{}]", paths.join(", "));
        let hints = paths.iter().map(|rel| site.path(rel)).collect();
        check.rebuild("the last step", hints);
    }
    // Once per seed: a fresh session that reads everything serves the same site.
    let mut fresh = Session::new(session_options(&site));
    let everything = fresh.rebuild(&Changes::Everything).unwrap_or_else(|e| {
        panic!(
            "{}a fresh session fails:\n{}",
            check.context("the end"),
            site.diagnostics_text(&e)
        )
    });
    if let Some(difference) = first_difference(&check.served, &files(&everything.output)) {
        panic!(
            "{}the incremental site differs from a fresh session's: {difference}",
            check.context("the end")
        );
    }
}

/// A session under random edits, and what it should serve.
struct Check<'a> {
    site: &'a Site,
    seed: u64,
    mix: Mix,
    session: Session,
    /// The last good site.
    served: Files,
    /// Every edit so far, for failure messages.
    log: String,
}

impl Check<'_> {
    fn context(&self, step: &str) -> String {
        format!(
            "seed {}, {step} ({:?}); edits so far:\n{}",
            self.seed, self.mix, self.log
        )
    }

    /// Rebuild for `hints` and compare with a clean build: the same bytes, or the same errors
    /// and the last good site kept; `changed` and `removed` exactly what differs from before.
    /// A build in a new process, with the build cache, into an output kept from step to step,
    /// gives the same bytes or errors too, and a second one finds nothing changed.
    fn rebuild(&mut self, step: &str, hints: Vec<PathBuf>) {
        let incremental = self.session.rebuild(&Changes::Paths(hints));
        let clean = self.site.clean_build();
        self.site.settle();
        let kept = self.site.scratch().join("kept");
        let cached = self.site.build_with(|o| o.output = Some(kept.clone()));
        match (&cached, &clean) {
            (Ok(_), Ok(clean)) => {
                if let Some(difference) =
                    first_difference(&crate::support::site_files(&kept), clean)
                {
                    panic!(
                        "{}a cached build differs from a clean build: {difference}",
                        self.context(step)
                    );
                }
                let again = self
                    .site
                    .build_with(|o| o.output = Some(kept.clone()))
                    .expect("an unchanged site builds again");
                assert!(
                    again.unchanged,
                    "{}a cached build was not kept",
                    self.context(step)
                );
            }
            (Err(e), Err(clean)) => {
                assert_eq!(errors(e), errors(clean), "{}", self.context(step));
            }
            _ => panic!(
                "{}a cached build and a clean build disagree: {:?} / {:?}",
                self.context(step),
                cached.as_ref().map(|_| "ok").map_err(errors),
                clean.as_ref().map(|_| "ok").map_err(errors)
            ),
        }
        match (incremental, clean) {
            (Ok(r), Ok(clean)) => {
                let now = files(&r.output);
                if let Some(difference) = first_difference(&now, &clean) {
                    panic!(
                        "{}the incremental site differs from a clean build: {difference}",
                        self.context(step)
                    );
                }
                let changed: Vec<String> = now
                    .iter()
                    .filter(|(path, bytes)| self.served.get(*path) != Some(*bytes))
                    .map(|(path, _)| path.clone())
                    .collect();
                let removed: Vec<String> = self
                    .served
                    .keys()
                    .filter(|path| !now.contains_key(*path))
                    .cloned()
                    .collect();
                assert_eq!(r.changed, changed, "{}", self.context(step));
                assert_eq!(r.removed, removed, "{}", self.context(step));
                self.served = now;
            }
            (Err(e), Err(clean)) => {
                assert_eq!(errors(&e), errors(&clean), "{}", self.context(step));
                assert!(
                    files(&self.session.output()) == self.served,
                    "{}a failed rebuild changed the site served",
                    self.context(step)
                );
            }
            (Ok(_), Err(clean)) => panic!(
                "{}the rebuild succeeded, but a clean build fails:\n{}",
                self.context(step),
                self.site.diagnostics_text(&clean)
            ),
            (Err(e), Ok(_)) => panic!(
                "{}the rebuild failed, but a clean build succeeds:\n{}",
                self.context(step),
                self.site.diagnostics_text(&e)
            ),
        }
    }
}

/// A small deterministic generator (xorshift64), so a failing case replays from its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Spread small seeds over the bits; xorshift never leaves a non-zero state.
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "nothing to choose from");
        usize::try_from(self.next() % n as u64).expect("below n")
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What an edit did, and the paths it touched.
type Edit = (String, Vec<String>);

/// Random valid edits to a site on disk. Every edit returns what it did and the paths it
/// touched (both paths of a rename, the topmost new or removed folder, the files written).
struct Editor<'a> {
    site: &'a Site,
    rng: Rng,
    mix: Mix,
    /// Makes new names unique.
    counter: usize,
    /// The file made invalid on purpose, with its good bytes.
    broken: Option<(String, Vec<u8>)>,
    /// Program files deleted, with their text, to bring back.
    deleted_programs: BTreeMap<String, String>,
}

/// Specialties, with their ACGME codes, as `data/specialties.yaml` lists them.
const SPECIALTIES: [(&str, &str); 3] = [
    ("internal-medicine", "140"),
    ("pediatrics", "320"),
    ("transitional-year", "999"),
];
const TITLES: [&str; 6] = [
    "Alpha Notes",
    "beta notes",
    "The J-1 Visa",
    "Zulu",
    "Match Day",
    "Step 2 CK Basics",
];
const TAGS: [&str; 7] = [
    "visas",
    "Visas",
    "exams",
    "interviews",
    "english",
    "Step 2 CK",
    "match",
];
const DATES: [&str; 6] = [
    "2024-06-30",
    "2025-11-10",
    "2026-01-15",
    "2026-02-01",
    "2026-03-01",
    "2026-03-01T08:00:00Z",
];
/// Templates and an element each has once, whose attributes an edit rewrites.
const TEMPLATES: [(&str, &str); 13] = [
    ("404.html", "<h1"),
    ("base.html", "<nav"),
    ("guide.html", "<h1"),
    ("index.html", "<h1"),
    ("page.html", "<h1"),
    ("program.html", "<h1"),
    ("programs.html", "<h1"),
    ("section.html", "<h1"),
    ("specialty.html", "<h1"),
    ("tag.html", "<h1"),
    ("tags.html", "<h1"),
    ("partials/components.html", "<li"),
    ("partials/footer.html", "<footer"),
];

impl<'a> Editor<'a> {
    fn new(site: &'a Site, seed: u64, mix: Mix) -> Self {
        Self {
            site,
            rng: Rng::new(seed),
            mix,
            counter: 0,
            broken: None,
            deleted_programs: BTreeMap::new(),
        }
    }

    fn next_number(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// One random edit.
    fn edit(&mut self) -> Edit {
        let config_broken = self
            .broken
            .as_ref()
            .is_some_and(|(rel, _)| rel == "site.yaml");
        if self.broken.is_some()
            && self.rng.chance(if config_broken { 25 } else { 40 })
            && let Some(done) = self.repair()
        {
            return done;
        }
        if self.mix.break_config
            && self.rng.chance(15)
            && let Some(done) = self.break_config()
        {
            return done;
        }
        if self.mix.names_like_folders && self.rng.chance(15) {
            return self.new_guide();
        }
        if config_broken && self.rng.chance(50) {
            // What a broken site.yaml must not make the session forget.
            return self.edit_template();
        }
        if self.mix.focus == Focus::Bodies && self.rng.chance(80) {
            return self.edit_own_page_only();
        }
        if self.mix.focus == Focus::Programs
            && self.rng.chance(80)
            && let Some(done) = self.edit_program()
        {
            return done;
        }
        loop {
            let done = match self.rng.below(20) {
                0 | 1 => Some(self.edit_body()),
                2 | 3 => Some(self.edit_front_matter()),
                4 => Some(self.new_guide()),
                5 => self.delete_guide(),
                6 => self.rename_guide(),
                7 => Some(self.edit_section()),
                8 => self.move_folder(),
                9 | 10 => self.edit_program(),
                11 => self.add_or_remove_program(),
                12 => Some(self.add_or_delete_program_file()),
                13 => Some(self.edit_specialty()),
                14 => Some(self.edit_template()),
                15 => Some(self.edit_static()),
                16 => self.edit_config(),
                17 => Some(self.edit_plain_page()),
                18 => self.break_something(),
                _ => self.editor_noise(),
            };
            if let Some(done) = done {
                return done;
            }
        }
    }

    fn content_files(&self) -> Vec<String> {
        tree(&self.site.path("content"))
            .into_keys()
            .filter(|rel| {
                rel.ends_with(".md") && !rel.split('/').any(matchpress::source::is_ignored)
            })
            .map(|rel| format!("content/{rel}"))
            .collect()
    }

    /// Guides and plain pages an edit may change freely: not `about.md` (the menu links to
    /// it), not the J-1 guide (other files link to it and to its `#waivers`), not the broken file.
    fn free_pages(&self) -> Vec<String> {
        self.content_files()
            .into_iter()
            .filter(|rel| {
                !rel.ends_with("/_index.md")
                    && rel != "content/about.md"
                    && rel != J1_SOURCE
                    && self.broken.as_ref().is_none_or(|(b, _)| b != rel)
            })
            .collect()
    }

    /// Folders under `content/` (`content/guides/visas`).
    fn content_folders(&self) -> Vec<String> {
        folders(&self.site.path("content"))
            .into_iter()
            .filter(|rel| !rel.split('/').any(matchpress::source::is_ignored))
            .map(|rel| format!("content/{rel}"))
            .collect()
    }

    /// A folder for a new or moved guide: an existing one under `content/guides`, or a new
    /// one; with the topmost folder created, if any.
    fn guide_folder(&mut self) -> (String, Option<String>) {
        let existing: Vec<String> = self
            .content_folders()
            .into_iter()
            .filter(|f| f == "content/guides" || f.starts_with("content/guides/"))
            .collect();
        if self.mix.names_like_folders && self.rng.chance(60) {
            // A folder with subfolders to name the file after.
            return ("content/guides".to_string(), None);
        }
        let parent = self.rng.pick(&existing).clone();
        if self.rng.chance(25) {
            let folder = format!("{parent}/s{}", self.next_number());
            (folder.clone(), Some(folder))
        } else {
            (parent, None)
        }
    }

    /// One of `pages`; with `names_like_folders`, often one named after a folder.
    fn page_to_edit(&mut self, pages: &[String]) -> String {
        let like_folders: Vec<String> = pages
            .iter()
            .filter(|rel| {
                let name = rel.rsplit('/').next().unwrap_or(rel);
                name.starts_with(|c: char| c != 'g' && c != 'p')
                    && name
                        .strip_suffix(".md")
                        .and_then(|stem| stem.rsplit_once('-'))
                        .is_some_and(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
            })
            .cloned()
            .collect();
        if self.mix.names_like_folders && !like_folders.is_empty() && self.rng.chance(50) {
            self.rng.pick(&like_folders).clone()
        } else {
            self.rng.pick(pages).clone()
        }
    }

    /// A new file name in `folder`: `g<n>.md`, or `<sibling folder>-<n>.md`.
    fn file_name(&mut self, folder: &str) -> String {
        let n = self.next_number();
        if self.mix.names_like_folders {
            let siblings: Vec<String> = self
                .content_folders()
                .into_iter()
                .filter_map(|f| {
                    f.strip_prefix(&format!("{folder}/"))
                        .filter(|rest| !rest.contains('/'))
                        .map(str::to_string)
                })
                .collect();
            if !siblings.is_empty() {
                return format!("{}-{n}.md", self.rng.pick(&siblings));
            }
        }
        format!("g{n}.md")
    }

    fn guide_text(&mut self, n: usize) -> String {
        let mut text = format!("---\ntitle: {}\n", self.rng.pick(&TITLES));
        if self.rng.chance(70) {
            let _ = writeln!(text, "date: {}", self.rng.pick(&DATES));
        }
        let tags = self.tags();
        if !tags.is_empty() {
            let _ = writeln!(text, "tags: [{tags}]");
        }
        if self.rng.chance(30) {
            let _ = writeln!(text, "specialties: [{}]", self.rng.pick(&SPECIALTIES).0);
        }
        if self.rng.chance(20) {
            let _ = writeln!(text, "weight: {}", self.rng.below(4));
        }
        let _ = write!(
            text,
            "---\n\nGuide {n} opens with this summary.\n\n## Details\n\nGuide {n} goes on.\n"
        );
        if self.rng.chance(30) {
            text.push_str("\nSee [the J-1 guide](@/guides/visas/j1.md#waivers).\n");
        }
        text
    }

    fn tags(&mut self) -> String {
        let count = self.rng.below(3);
        let mut tags: Vec<&str> = (0..count).map(|_| *self.rng.pick(&TAGS)).collect();
        tags.dedup();
        tags.join(", ")
    }

    /// An edit of what only the page's own output shows: a paragraph appended after the
    /// summary, a heading (the table of contents), a word of the last paragraph, a FAQ answer.
    fn edit_own_page_only(&mut self) -> Edit {
        let (rel, text, n) = self.page_and_number();
        let (front, body) = split(&text);
        let (what, front, body) = match self.rng.below(4) {
            0 => (
                "append a short paragraph",
                front.to_string(),
                format!("{body}\nNote {n}.\n"),
            ),
            1 => (
                "append a heading",
                front.to_string(),
                format!("{body}\n## Heading {n}\n\nMore.\n"),
            ),
            2 => match body.trim_end().rsplit_once(' ') {
                Some((head, _)) => (
                    "change the last word",
                    front.to_string(),
                    format!("{head} word{n}.\n"),
                ),
                None => (
                    "append a word",
                    front.to_string(),
                    format!("{body} word{n}\n"),
                ),
            },
            _ if front.contains("faq:") => (
                "change a FAQ answer",
                front.replacen("answer: ", &format!("answer: Note {n}. "), 1),
                body.to_string(),
            ),
            _ => (
                "add a FAQ",
                front.replacen(
                    "---\n",
                    &format!("---\nfaq:\n  - question: Q{n}?\n    answer: A{n}.\n"),
                    1,
                ),
                body.to_string(),
            ),
        };
        self.site.file(&rel, format!("{front}{body}"));
        (format!("{what} in {rel}"), vec![rel])
    }

    /// A guide or page to edit (see `page_to_edit`), its text, and a new number.
    fn page_and_number(&mut self) -> (String, String, usize) {
        let mut pages = self.free_pages();
        pages.push(J1_SOURCE.to_string());
        let rel = self.page_to_edit(&pages);
        let text = self.site.text(&rel);
        (rel, text, self.next_number())
    }

    fn edit_body(&mut self) -> Edit {
        let (rel, text, n) = self.page_and_number();
        let (front, body) = split(&text);
        let (what, body) = match self.rng.below(5) {
            0 => ("append a paragraph", format!("{body}\nAddendum {n}.\n")),
            1 => {
                // The first paragraph is the summary unless `<!-- more -->` says otherwise.
                let first = body
                    .lines()
                    .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("<!--"))
                    .map(str::to_string);
                match first {
                    Some(line) => (
                        "rewrite the first paragraph",
                        body.replacen(&line, &format!("Summary {n} comes first."), 1),
                    ),
                    None => ("add a first paragraph", format!("Summary {n}.\n{body}")),
                }
            }
            2 => (
                "append 250 words",
                format!("{body}\n{}\n", "word ".repeat(250).trim_end()),
            ),
            3 if body.contains("<!-- more -->") => (
                "remove the more marker",
                body.replacen("<!-- more -->\n", "", 1),
            ),
            3 => (
                "add a more marker",
                format!("{body}\n<!-- more -->\n\nLater {n}.\n"),
            ),
            _ => (
                "append a link",
                format!("{body}\nSee [the J-1 guide](@/guides/visas/j1.md).\n"),
            ),
        };
        self.site.file(&rel, format!("{front}{body}"));
        (format!("{what} in {rel}"), vec![rel])
    }

    fn edit_front_matter(&mut self) -> Edit {
        let mut pages = self.free_pages();
        pages.push(J1_SOURCE.to_string());
        let rel = self.page_to_edit(&pages);
        let pinned = rel == J1_SOURCE;
        let text = self.site.text(&rel);
        let n = self.next_number();
        let (key, value) = match self.rng.below(9) {
            0 => ("title", Some((*self.rng.pick(&TITLES)).to_string())),
            1 => ("tags", Some(format!("[{}]", self.tags()))),
            2 => (
                "date",
                self.rng
                    .chance(80)
                    .then(|| (*self.rng.pick(&DATES)).to_string()),
            ),
            3 => (
                "updated",
                self.rng
                    .chance(60)
                    .then(|| (*self.rng.pick(&DATES)).to_string()),
            ),
            4 => (
                "weight",
                self.rng.chance(80).then(|| self.rng.below(4).to_string()),
            ),
            5 if !pinned => ("draft", Some(self.rng.chance(50).to_string())),
            6 => ("slug", self.rng.chance(70).then(|| format!("slug-{n}"))),
            7 => (
                "specialties",
                Some(format!("[{}]", self.rng.pick(&SPECIALTIES).0)),
            ),
            _ => (
                "description",
                self.rng.chance(70).then(|| format!("Description {n}.")),
            ),
        };
        self.site
            .file(&rel, set_front(&text, key, value.as_deref()));
        (format!("set {key} to {value:?} in {rel}"), vec![rel])
    }

    fn new_guide(&mut self) -> Edit {
        let (folder, created) = self.guide_folder();
        let name = self.file_name(&folder);
        let rel = format!("{folder}/{name}");
        let n = self.counter;
        let text = self.guide_text(n);
        self.site.file(&rel, text);
        let mut touched = vec![rel.clone()];
        touched.extend(created);
        (format!("create {rel}"), touched)
    }

    fn delete_guide(&mut self) -> Option<Edit> {
        let pages = self.free_pages();
        if pages.is_empty() {
            return None;
        }
        let rel = self.rng.pick(&pages).clone();
        self.site.remove(&rel);
        Some((format!("delete {rel}"), vec![rel]))
    }

    fn rename_guide(&mut self) -> Option<Edit> {
        let pages = self.free_pages();
        if pages.is_empty() {
            return None;
        }
        let from = self.rng.pick(&pages).clone();
        let mut touched = vec![from.clone()];
        let to = match self.rng.below(4) {
            // Out of the guides: a plain page.
            0 => format!("content/p{}.md", self.next_number()),
            1 => {
                let folder = parent(&from).to_string();
                let name = self.file_name(&folder);
                format!("{folder}/{name}")
            }
            _ => {
                let (folder, created) = self.guide_folder();
                touched.extend(created);
                let name = self.file_name(&folder);
                format!("{folder}/{name}")
            }
        };
        self.site.rename(&from, &to);
        touched.push(to.clone());
        Some((format!("rename {from} to {to}"), touched))
    }

    fn edit_section(&mut self) -> Edit {
        let folders: Vec<String> = self
            .content_folders()
            .into_iter()
            .filter(|f| f == "content/guides" || f.starts_with("content/guides/"))
            .collect();
        let folder = self.rng.pick(&folders).clone();
        let rel = format!("{folder}/_index.md");
        let exists = self.site.path(&rel).is_file();
        if exists && self.rng.chance(25) {
            self.site.remove(&rel);
            return (format!("delete {rel}"), vec![rel]);
        }
        let text = if exists {
            self.site.text(&rel)
        } else {
            format!(
                "---\ntitle: Section {}\n---\n\nAbout this section.\n",
                self.next_number()
            )
        };
        let n = self.next_number();
        let (key, value) = match self.rng.below(5) {
            0 => ("title", Some(format!("Section {n}"))),
            1 => (
                "sort_by",
                Some((*self.rng.pick(&["date", "title", "weight"])).to_string()),
            ),
            2 => (
                "paginate_by",
                self.rng
                    .chance(70)
                    .then(|| (1 + self.rng.below(4)).to_string()),
            ),
            3 => (
                "weight",
                self.rng.chance(70).then(|| self.rng.below(3).to_string()),
            ),
            _ => (
                "description",
                self.rng
                    .chance(70)
                    .then(|| format!("Section description {n}.")),
            ),
        };
        self.site
            .file(&rel, set_front(&text, key, value.as_deref()));
        let what = if exists { "set" } else { "create with" };
        (format!("{what} {key} {value:?} in {rel}"), vec![rel])
    }

    /// Delete or rename a folder of guides that holds neither the J-1 guide nor the broken file.
    fn move_folder(&mut self) -> Option<Edit> {
        let broken = self.broken.as_ref().map(|(rel, _)| rel.clone());
        let movable: Vec<String> = self
            .content_folders()
            .into_iter()
            .filter(|f| {
                f.starts_with("content/guides/")
                    && !J1_SOURCE.starts_with(&format!("{f}/"))
                    && broken
                        .as_ref()
                        .is_none_or(|b| !b.starts_with(&format!("{f}/")))
            })
            .collect();
        if movable.is_empty() {
            return None;
        }
        let from = self.rng.pick(&movable).clone();
        if self.rng.chance(40) {
            self.site.remove_dir(&from);
            return Some((format!("delete the folder {from}"), vec![from]));
        }
        let base = *self.rng.pick(&["content/guides", "content"]);
        let to = format!("{base}/t{}", self.next_number());
        self.site.rename(&from, &to);
        Some((format!("rename the folder {from} to {to}"), vec![from, to]))
    }

    fn program_files(&self) -> Vec<String> {
        SPECIALTIES
            .iter()
            .map(|(slug, _)| format!("data/programs/{slug}.yaml"))
            .filter(|rel| self.site.path(rel).is_file())
            .collect()
    }

    fn edit_program(&mut self) -> Option<Edit> {
        let files = self.program_files();
        if files.is_empty() {
            return None;
        }
        let rel = self.rng.pick(&files).clone();
        let mut programs = ProgramText::parse(&self.site.text(&rel));
        if programs.entries.is_empty() {
            return None;
        }
        let entry = self.rng.below(programs.entries.len());
        let n = self.next_number();
        let (key, lines): (&str, Vec<String>) = match self.rng.below(12) {
            0 => (
                "positions_pgy1",
                vec![format!(
                    "    positions_pgy1: {}",
                    if self.rng.chance(80) {
                        (1 + self.rng.below(40)).to_string()
                    } else {
                        "null".to_string()
                    }
                )],
            ),
            1 => (
                "pct_img",
                vec![format!(
                    "    pct_img: {}",
                    if self.rng.chance(80) {
                        self.rng.below(101).to_string()
                    } else {
                        "null".to_string()
                    }
                )],
            ),
            2 => (
                "visas",
                vec![format!(
                    "    visas: {}",
                    self.rng
                        .pick(&["[]", "[J-1]", "[H-1B, J-1]", "[F-1]", "null"])
                )],
            ),
            3 => (
                "notes",
                vec![format!(
                    "    notes: {}",
                    match self.rng.below(3) {
                        0 => format!("\"Note {n}: interviews are **virtual**.\""),
                        1 => "\"Read [the J-1 guide](@/guides/visas/j1.md).\"".to_string(),
                        _ => "null".to_string(),
                    }
                )],
            ),
            4 => (
                "requirements",
                vec![
                    "    requirements:".to_string(),
                    format!("      min_step2_ck: {}", 200 + self.rng.below(60)),
                    format!(
                        "      usce: {}",
                        self.rng.pick(&["none", "preferred", "required"])
                    ),
                ],
            ),
            // The sponsor is part of the program's URL.
            5 => (
                "sponsor",
                vec![format!("    sponsor: Sponsor {n} Hospital")],
            ),
            6 => ("city", vec![format!("    city: City {n}")]),
            7 => (
                "website",
                vec![format!("    website: https://example.org/p{n}")],
            ),
            // Notes over several lines: the entries after this one move down or up.
            8 => (
                "notes",
                (0..=1 + self.rng.below(3))
                    .map(|line| {
                        if line == 0 {
                            "    notes: |".to_string()
                        } else {
                            format!("      Note {n}, line {line}.")
                        }
                    })
                    .collect(),
            ),
            // The name orders the programs of a specialty.
            9 => ("name", vec![format!("    name: Program {n}")]),
            // Requirements shared through an anchor with a later entry of the file.
            10 if entry + 1 < programs.entries.len() => {
                let other = entry + 1 + self.rng.below(programs.entries.len() - entry - 1);
                programs.set(
                    other,
                    "requirements",
                    vec![format!("    requirements: *shared{n}")],
                );
                (
                    "requirements",
                    vec![
                        format!("    requirements: &shared{n}"),
                        format!("      min_step2_ck: {}", 200 + self.rng.below(60)),
                    ],
                )
            }
            _ => (
                "eras",
                vec![format!(
                    "    eras: {}",
                    self.rng.pick(&["true", "false", "null"])
                )],
            ),
        };
        let what = format!(
            "set {key} of program {entry} to {:?} in {rel}",
            lines.join(" ")
        );
        programs.set(entry, key, lines);
        self.site.file(&rel, programs.text());
        Some((what, vec![rel]))
    }

    fn add_or_remove_program(&mut self) -> Option<Edit> {
        let files = self.program_files();
        if files.is_empty() {
            return None;
        }
        let rel = self.rng.pick(&files).clone();
        let mut programs = ProgramText::parse(&self.site.text(&rel));
        let what = if !programs.entries.is_empty() && self.rng.chance(50) {
            let entry = self.rng.below(programs.entries.len());
            programs.entries.remove(entry);
            format!("remove program {entry} from {rel}")
        } else {
            let code = SPECIALTIES
                .iter()
                .find(|(slug, _)| rel.ends_with(&format!("/{slug}.yaml")))
                .map(|(_, code)| *code)
                .expect("a specialty's file");
            let entry = self.new_program(code);
            programs.entries.push(entry);
            format!("add a program to {rel}")
        };
        self.site.file(&rel, programs.text());
        Some((what, vec![rel]))
    }

    fn new_program(&mut self, code: &str) -> Vec<String> {
        let n = self.next_number();
        vec![
            format!("  - acgme_id: \"{code}35{:05}\"", 90_000 + n),
            format!("    name: Program {n}"),
            format!("    sponsor: Hospital {n}"),
            "    city: Albany".to_string(),
            "    state: NY".to_string(),
            format!("    positions_pgy1: {}", 1 + self.rng.below(30)),
            format!("    pct_img: {}", self.rng.below(101)),
            "    visas: [J-1]".to_string(),
        ]
    }

    fn add_or_delete_program_file(&mut self) -> Edit {
        let (slug, code) = *self.rng.pick(&SPECIALTIES);
        let rel = format!("data/programs/{slug}.yaml");
        if self.site.path(&rel).is_file() {
            let text = self.site.text(&rel);
            self.site.remove(&rel);
            self.deleted_programs.insert(rel.clone(), text);
            return (format!("delete {rel}"), vec![rel]);
        }
        let text = self.deleted_programs.remove(&rel).unwrap_or_else(|| {
            let entry = self.new_program(code);
            format!("specialty: {slug}\nprograms:\n{}\n", entry.join("\n"))
        });
        self.site.file(&rel, text);
        (format!("create {rel}"), vec![rel])
    }

    fn edit_specialty(&mut self) -> Edit {
        let rel = "data/specialties.yaml";
        let text = self.site.text(rel);
        let which = self.rng.below(SPECIALTIES.len());
        let n = self.next_number();
        let mut seen = 0;
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if line.starts_with("    description:") {
                    seen += 1;
                    if seen == which + 1 {
                        return format!("    description: Described {n} times.");
                    }
                }
                line.to_string()
            })
            .collect();
        self.site.file(rel, lines.join("\n") + "\n");
        (
            format!("edit the description of specialty {which}"),
            vec![rel.to_string()],
        )
    }

    fn edit_template(&mut self) -> Edit {
        let (name, anchor) = *self.rng.pick(&TEMPLATES);
        let rel = format!("themes/default/templates/{name}");
        let text = self.site.text(&rel);
        let n = self.next_number();
        if self.rng.chance(30) {
            self.site.file(&rel, format!("{text}{{# edit {n} #}}"));
            return (format!("append a comment to {rel}"), vec![rel]);
        }
        // `<h1>` -> `<h1 data-v="n">`, or a new n.
        let start = text.find(anchor).expect("the template has its anchor") + anchor.len();
        let end = start + text[start..].find('>').expect("the element closes");
        let text = format!("{} data-v=\"{n}\"{}", &text[..start], &text[end..]);
        self.site.file(&rel, text);
        (format!("change an attribute in {rel}"), vec![rel])
    }

    fn edit_static(&mut self) -> Edit {
        let n = self.next_number();
        match self.rng.below(3) {
            0 => {
                let rel = "themes/default/static/style.css";
                let text = self.site.text(rel);
                self.site.file(rel, format!("{text}/* {n} */\n"));
                (format!("edit {rel}"), vec![rel.to_string()])
            }
            1 => {
                // The site's own static files, beside the theme's.
                let rel = "static/extra.css";
                let mut touched = vec![rel.to_string()];
                if self.site.path(rel).is_file() {
                    self.site.remove(rel);
                    (format!("delete {rel}"), touched)
                } else {
                    if !self.site.path("static").is_dir() {
                        touched.push("static".to_string());
                    }
                    self.site.file(rel, format!("/* extra {n} */\n"));
                    (format!("create {rel}"), touched)
                }
            }
            _ => {
                // The site's template overrides the theme's.
                let rel = "templates/page.html";
                let mut touched = vec![rel.to_string()];
                if self.site.path(rel).is_file() {
                    self.site.remove(rel);
                    (format!("delete {rel}"), touched)
                } else {
                    if !self.site.path("templates").is_dir() {
                        touched.push("templates".to_string());
                    }
                    self.site.file(
                        rel,
                        format!(
                            "{{% extends \"base.html\" %}}{{% block main %}}<h1 class=\"site-{n}\">{{{{ page.title }}}}</h1>{{{{ page.content | safe }}}}{{% endblock main %}}"
                        ),
                    );
                    (format!("create {rel}"), touched)
                }
            }
        }
    }

    fn edit_config(&mut self) -> Option<Edit> {
        let rel = "site.yaml";
        if self.broken.as_ref().is_some_and(|(b, _)| b == rel) {
            return None;
        }
        let text = self.site.text(rel);
        let n = self.next_number();
        let (key, value) = match self.rng.below(5) {
            0 => ("title", Some(format!("Site {n}"))),
            1 => (
                "feed_limit",
                self.rng
                    .chance(70)
                    .then(|| (1 + self.rng.below(6)).to_string()),
            ),
            2 => (
                "paginate_by",
                self.rng
                    .chance(70)
                    .then(|| (1 + self.rng.below(5)).to_string()),
            ),
            3 => (
                "link_style",
                Some((*self.rng.pick(&["portable", "clean"])).to_string()),
            ),
            _ => ("data_notice", Some(format!("Demo data, version {n}."))),
        };
        self.site
            .file(rel, set_config(&text, key, value.as_deref()));
        Some((
            format!("set {key} to {value:?} in {rel}"),
            vec![rel.to_string()],
        ))
    }

    fn edit_plain_page(&mut self) -> Edit {
        let rel = *self.rng.pick(&["content/about.md", "content/_index.md"]);
        let text = self.site.text(rel);
        let n = self.next_number();
        self.site.file(rel, format!("{text}\nMore {n}.\n"));
        (format!("append to {rel}"), vec![rel.to_string()])
    }

    /// Make one guide invalid (unless a file is broken already): bad front matter, or bytes
    /// that are not UTF-8.
    fn break_something(&mut self) -> Option<Edit> {
        if self.broken.is_some() {
            return None;
        }
        let pages = self.free_pages();
        if pages.is_empty() {
            return None;
        }
        let rel = self.rng.pick(&pages).clone();
        let good = std::fs::read(self.site.path(&rel)).expect("read the file");
        let bad: Vec<u8> = if self.rng.chance(50) {
            let text = String::from_utf8(good.clone()).expect("UTF-8");
            set_front(&text, "title", Some("[unclosed")).into_bytes()
        } else {
            [&good[..], b"\n\xff\xfe\n"].concat()
        };
        self.site.file(&rel, bad);
        self.broken = Some((rel.clone(), good));
        Some((format!("break {rel}"), vec![rel]))
    }

    /// Make site.yaml invalid YAML (unless a file is broken already).
    fn break_config(&mut self) -> Option<Edit> {
        if self.broken.is_some() {
            return None;
        }
        let rel = "site.yaml".to_string();
        let good = std::fs::read(self.site.path(&rel)).expect("read site.yaml");
        self.site.file(&rel, "title: [unclosed\n");
        self.broken = Some((rel.clone(), good));
        Some((format!("break {rel}"), vec![rel]))
    }

    /// Put the broken file back as it was, if one is broken.
    fn repair(&mut self) -> Option<Edit> {
        let (rel, good) = self.broken.take()?;
        self.site.file(&rel, good);
        Some((format!("repair {rel}"), vec![rel]))
    }

    /// Files an editor leaves beside the real ones; the build reads none of them.
    fn editor_noise(&mut self) -> Option<Edit> {
        let pages = self.free_pages();
        let page = pages.first()?.clone();
        let name = page.rsplit('/').next().unwrap_or(&page);
        let folder = parent(&page);
        let swap = format!("{folder}/.{name}.swp");
        let backup = format!("{page}~");
        for rel in [&swap, &backup] {
            self.site.file(rel, "---\ntitle: [half-saved\n");
        }
        Some((format!("editor files beside {page}"), vec![swap, backup]))
    }
}

/// The folder of a site path (`content/guides` for `content/guides/a.md`).
fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// A content file's text split after its front matter: (`---\n...---\n`, body).
fn split(text: &str) -> (&str, &str) {
    let end = text[4..]
        .find("\n---\n")
        .map(|i| i + 4 + "\n---\n".len())
        .expect("the file has front matter");
    text.split_at(end)
}

/// Set (or remove, with `None`) a one-line key of a content file's front matter.
fn set_front(text: &str, key: &str, value: Option<&str>) -> String {
    let (front, body) = split(text);
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = front
        .lines()
        .filter(|line| *line != "---" && !line.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    if let Some(value) = value {
        lines.push(format!("{key}: {value}"));
    }
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

/// Set (or remove) a top-level key of site.yaml, keeping `menu:` and its items last.
fn set_config(text: &str, key: &str, value: Option<&str>) -> String {
    let (settings, menu) = text.split_at(text.find("menu:").expect("site.yaml has a menu"));
    let prefix = format!("{key}:");
    let mut out = String::new();
    for line in settings.lines().filter(|line| !line.starts_with(&prefix)) {
        let _ = writeln!(out, "{line}");
    }
    if let Some(value) = value {
        let _ = writeln!(out, "{key}: {value}");
    }
    out + menu
}

/// A program file as lines: the header (up to the first entry), then one block per entry.
/// Comments between entries are dropped.
struct ProgramText {
    header: Vec<String>,
    entries: Vec<Vec<String>>,
}

impl ProgramText {
    fn parse(text: &str) -> Self {
        let mut header = Vec::new();
        let mut entries: Vec<Vec<String>> = Vec::new();
        for line in text.lines() {
            if line.starts_with("  - ") {
                entries.push(vec![line.to_string()]);
            } else if let Some(entry) = entries.last_mut() {
                if !line.trim_start().starts_with('#') {
                    entry.push(line.to_string());
                }
            } else {
                header.push(line.to_string());
            }
        }
        Self { header, entries }
    }

    /// Replace the field `key` of entry `index` (with what is nested under it) by `lines`.
    /// An alias whose anchor went with the old lines becomes `null`, so the file stays valid.
    fn set(&mut self, index: usize, key: &str, lines: Vec<String>) {
        let entry = &mut self.entries[index];
        let prefix = format!("    {key}:");
        if let Some(at) = entry.iter().position(|line| line.starts_with(&prefix)) {
            let nested = entry[at + 1..]
                .iter()
                .take_while(|line| line.starts_with("     "))
                .count();
            entry.drain(at..=at + nested);
        }
        entry.splice(1..1, lines);
        let mut anchors: Vec<String> = Vec::new();
        for entry in &mut self.entries {
            for line in entry.iter_mut() {
                if let Some((_, name)) = line.split_once(": &") {
                    anchors.push(name.trim().to_string());
                } else if let Some((field, name)) = line.split_once(": *")
                    && !anchors.iter().any(|a| a == name.trim())
                {
                    *line = format!("{field}: null");
                }
            }
        }
    }

    fn text(&self) -> String {
        let mut text = self.header.join("\n");
        text.push('\n');
        for entry in &self.entries {
            text.push_str(&entry.join("\n"));
            text.push('\n');
        }
        text
    }
}

#[test]
fn the_editing_helpers_change_only_what_they_are_asked_to() {
    let site = Site::fixture("incremental");
    let text = site.text(PROGRAMS_FILE);
    let mut programs = ProgramText::parse(&text);
    assert_eq!(programs.entries.len(), 5);
    programs.set(0, "notes", vec!["    notes: null".to_string()]);
    programs.set(
        0,
        "requirements",
        vec!["    requirements: null".to_string()],
    );
    let edited = programs.text();
    assert!(
        !edited.contains("Interviews are"),
        "the block scalar went too"
    );
    assert!(
        !edited.contains("yog_cutoff_years: 5"),
        "the nested fields went too"
    );
    assert!(edited.contains(
        "  - acgme_id: \"1403521292\"\n    requirements: null\n    notes: null\n    nrmp_codes:"
    ));
    assert_eq!(
        set_front(
            "---\ntitle: A\ndate: 2026-01-01\n---\n\nBody.\n",
            "date",
            None
        ),
        "---\ntitle: A\n---\n\nBody.\n"
    );
    assert_eq!(
        set_config("title: A\nmenu:\n  - title: B\n", "title", Some("C")),
        "title: C\nmenu:\n  - title: B\n"
    );
}

#[test]
fn a_link_broken_by_an_edit_is_found_by_the_rebuild() {
    let mut dev = Dev::start();
    // On the page edited.
    dev.site.edit_text(
        "content/guides/step2.md",
        "\n\n",
        "\n\nSee [nothing](/guides/nothing/).\n\n",
    );
    let error = dev.rebuild_err(&["content/guides/step2.md"]);
    assert!(
        dev.site
            .diagnostics_text(&error)
            .contains("[link/broken]: content/guides/step2.md"),
        "{}",
        dev.site.diagnostics_text(&error)
    );
    dev.site.edit_text(
        "content/guides/step2.md",
        "See [nothing](/guides/nothing/).\n\n",
        "",
    );
    dev.rebuild(&["content/guides/step2.md"]);

    // On another page: the heading that `im-match` links to (`#waivers`) is renamed in j1.
    dev.site
        .edit_text(J1_SOURCE, "## Waivers", "## Waiver rules");
    let error = dev.rebuild_err(&[J1_SOURCE]);
    let text = dev.site.diagnostics_text(&error);
    assert!(
        text.contains("[link/broken-anchor]: content/guides/im-match.md:13:"),
        "a link into a page whose ids changed is checked again: {text}"
    );
    dev.site
        .edit_text(J1_SOURCE, "## Waiver rules", "## Waivers");
    dev.rebuild(&[J1_SOURCE]);

    // A page that others link to goes away.
    dev.site.remove(J1_SOURCE);
    let error = dev.rebuild_err(&[J1_SOURCE]);
    let text = dev.site.diagnostics_text(&error);
    assert!(text.contains("content/about.md"), "{text}");
    assert!(text.contains("content/guides/im-match.md"), "{text}");
}

#[test]
fn regression_a_fragment_link_without_a_slash_is_checked_again_when_its_page_changes() {
    let mut dev = Dev::start();
    dev.site.edit_text(
        "themes/default/templates/page.html",
        "{{ page.content | safe }}",
        "{{ page.content | safe }}<a href=\"{{ root }}guides/visas/j1#sponsorship\">J-1</a>",
    );
    dev.rebuild(&["themes/default/templates/page.html"]);
    dev.site
        .edit_text(J1_SOURCE, "## Sponsorship", "## Who sponsors");
    let error = dev.rebuild_err(&[J1_SOURCE]);
    let text = dev.site.diagnostics_text(&error);
    assert!(
        text.contains("[link/broken-anchor]: themes/default/templates/page.html:1:"),
        "{text}"
    );
    assert!(
        text.contains("/guides/visas/j1/ has no element with the id `sponsorship`"),
        "{text}"
    );
    assert!(text.contains("`#who-sponsors`"), "{text}");
}

#[test]
fn smart_pick_follows_the_published_programs_and_the_specialties_file() {
    // Every page links to Smart Pick while a program is published: a base template that shows
    // the link, to see pages whose own inputs did not change follow it.
    let site = Site::fixture("incremental");
    site.edit_text(
        "themes/default/templates/base.html",
        "</nav>",
        "</nav>{% if smart_pick_href %}<a href=\"{{ smart_pick_href }}\">Smart Pick</a>{% endif %}",
    );
    let mut session = Session::new(session_options(&site));
    session
        .rebuild(&Changes::Everything)
        .unwrap_or_else(|e| panic!("the fixture builds:\n{}", site.diagnostics_text(&e)));
    let mut dev = Dev { site, session };
    assert!(dev.page(J1).contains("../../../smart-pick/index.html"));
    assert!(dev.page("smart-pick/index.html").contains("7 programs"));

    // Advice added to the specialties file: the Smart Pick page shows it.
    dev.site.edit_text(
        "data/specialties.yaml",
        "    description: Care of children from birth to adulthood.\n",
        "    description: Care of children from birth to adulthood.\n    list_advice:\n      text: Apply widely.\n      source: Demo advice\n",
    );
    let r = dev.rebuild(&["data/specialties.yaml"]);
    assert!(
        r.changed.contains(&"smart-pick/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert!(dev.page("smart-pick/index.html").contains("Apply widely."));
    assert_same_as_clean(&dev);

    // Every program a draft: the same files and specialties, but no published program, so no
    // page and no link to it from pages that did not change themselves.
    let files = [PROGRAMS_FILE, "data/programs/pediatrics.yaml"];
    for file in files {
        let text = dev.site.text(file);
        dev.site.file(
            file,
            text.replace("    state: ", "    draft: true\n    state: "),
        );
    }
    let r = dev.rebuild(&files);
    assert!(
        r.removed.contains(&"smart-pick/index.html".to_string()),
        "{:?}",
        r.removed
    );
    assert!(!dev.page(J1).contains("smart-pick"));
    assert_same_as_clean(&dev);

    // One program published again: the page and the links are back.
    let text = dev.site.text("data/programs/pediatrics.yaml");
    dev.site.file(
        "data/programs/pediatrics.yaml",
        text.replacen("    draft: true\n", "", 1),
    );
    let r = dev.rebuild(&["data/programs/pediatrics.yaml"]);
    assert!(r.changed.contains(&J1.to_string()), "{:?}", r.changed);
    assert!(dev.page("smart-pick/index.html").contains("1 programs"));
    assert_same_as_clean(&dev);
}

/// Edits of program entries that leave each program where it was are applied to the last
/// model in place; any other edit of a program file builds the model again. Either way the site
/// is the clean build's.
#[test]
fn program_edits_in_place_and_not() {
    let mut dev = Dev::start();
    // In place: a field of one entry, and notes that grow by two lines (the entries below
    // move down).
    let in_place: [(&str, &str); 2] = [
        ("pct_img: 41", "pct_img: 43"),
        (
            "Interviews are **virtual**;",
            "Interviews are **virtual**.\n      Two lines more,\n      of notes;",
        ),
    ];
    for (from, to) in in_place {
        dev.site.edit_text(PROGRAMS_FILE, from, to);
        let r = dev.rebuild(&[PROGRAMS_FILE]);
        assert!(took_the_quick_path(&r), "{to}: {:?}", r.report.timings);
        assert!(r.changed.contains(&BROOKLYN.to_string()), "{:?}", r.changed);
        assert_same_as_clean(&dev);
    }
    assert!(dev.page(BROOKLYN).contains("Two lines more"));
    // Not in place: the name (which orders the table), the ID (the page's address), a program
    // added, notes that link to a guide, requirements shared through an anchor.
    let rebuilt: [(&str, &str); 5] = [
        (
            "name: Internal Medicine Residency\n",
            "name: Internal Medicine Residency Program\n",
        ),
        ("acgme_id: \"1403521292\"", "acgme_id: \"1403521299\""),
        (
            "programs:\n",
            "programs:\n  - acgme_id: \"1403599998\"\n    name: New Program\n    city: Albany\n    state: NY\n",
        ),
        (
            "Two lines more,",
            "Two lines more, [the J-1 guide](@/guides/visas/j1.md),",
        ),
        (
            "    requirements:\n      min_step2_ck: 220",
            "    requirements: &brooklyn\n      min_step2_ck: 220",
        ),
    ];
    for (from, to) in rebuilt {
        dev.site.edit_text(PROGRAMS_FILE, from, to);
        let r = dev.rebuild(&[PROGRAMS_FILE]);
        assert!(!took_the_quick_path(&r), "{to}: {:?}", r.report.timings);
        assert_same_as_clean(&dev);
    }
    // The entry with the anchor is never read alone: an edit to it builds the model again.
    dev.site
        .edit_text(PROGRAMS_FILE, "pct_img: 43", "pct_img: 44");
    let r = dev.rebuild(&[PROGRAMS_FILE]);
    assert!(!took_the_quick_path(&r), "{:?}", r.report.timings);
    assert_same_as_clean(&dev);
}

/// While `serve`'s first build renders, pages asked for are rendered alone from the site as
/// planned: each is the page the build then serves, byte for byte, and only outputs the build
/// has are previewed.
#[test]
fn pages_previewed_before_the_first_build_is_done_equal_the_built_ones() {
    let site = Site::fixture("incremental");
    let mut session = Session::new(session_options(&site));
    let mut previews = Vec::new();
    let first = session
        .rebuild_previewing(&Changes::Everything, &mut |p| previews.push(p))
        .unwrap_or_else(|e| panic!("the fixture builds:\n{}", site.diagnostics_text(&e)));
    let [preview] = previews.as_slice() else {
        panic!("one preview for the first build, got {}", previews.len());
    };
    assert!(first.output.len() > 40);
    for path in first.output.paths() {
        assert!(preview.has(path), "{path}");
        let previewed = preview
            .file(path)
            .unwrap_or_else(|| panic!("no preview of {path}"));
        assert_eq!(
            Some(xxh3_128(&previewed)),
            first.output.hash(path),
            "{path} differs from the built page"
        );
    }
    assert!(!preview.has("guides/nothing/index.html"));
    assert!(preview.file("guides/nothing/index.html").is_none());
    // Once a site is served, a rebuild has nothing to preview.
    site.edit_text(J1_SOURCE, "Sponsorship", "Sponsors");
    let mut later = 0;
    session
        .rebuild_previewing(&Changes::Paths(vec![site.path(J1_SOURCE)]), &mut |_| {
            later += 1;
        })
        .expect("the edit builds");
    assert_eq!(later, 0);
}
