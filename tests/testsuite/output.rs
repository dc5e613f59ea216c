//! Output: matchpress writes only where it may, writes only what changed, removes only what it
//! wrote before, leaves the previous output alone when a build fails, and gives the same bytes
//! for the same input.

use matchpress::Error;

use crate::support::{Site, folders, tree};

/// `site` with search turned off: the tests that count the files a build writes or removes
/// count pages; the index's own files (a new generation for every edit) are tested in
/// `search_index.rs`.
fn without_search(site: &Site) -> &Site {
    let text = site.text("site.yaml");
    site.file("site.yaml", format!("{text}search:\n  enabled: false\n"))
}

fn refused(result: Result<matchpress::pipeline::BuildReport, Error>) -> String {
    match result {
        Err(Error::OutputRefused { reason, .. }) => reason,
        Err(other) => panic!("expected OutputRefused, got: {other}"),
        Ok(_) => panic!("expected OutputRefused, but the build succeeded"),
    }
}

#[test]
fn refuses_a_non_empty_folder_without_a_manifest() {
    let site = Site::fixture("basic");
    site.file("public/index.html", "<p>my own site</p>");
    let reason = refused(site.build());
    assert!(reason.contains("--force"), "{reason}");
    assert_eq!(
        site.read("index.html"),
        "<p>my own site</p>",
        "nothing was touched"
    );
    assert_eq!(site.outputs(), vec!["index.html"]);
}

#[test]
fn refused_folder_exits_with_code_2_from_the_binary() {
    let site = Site::fixture("basic");
    site.file("public/notes.txt", "mine");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("refusing to write to"), "{run:?}");
    assert!(run.stderr.contains("--force"), "{run:?}");
    assert_eq!(site.outputs(), vec!["notes.txt"]);
}

#[test]
fn force_writes_into_a_folder_matchpress_did_not_create_and_keeps_its_files() {
    let site = Site::fixture("basic");
    site.file("public/notes.txt", "mine");
    let report = site.build_with(|o| o.force = true).expect("forced build");
    assert!(report.files.written > 0);
    assert!(
        site.read("guides/alpha/index.html")
            .contains("<h1>Alpha Guide</h1>")
    );
    assert_eq!(site.read("notes.txt"), "mine");
    // Now that there is a manifest, a plain build is allowed.
    site.build_ok();
    assert_eq!(site.read("notes.txt"), "mine");
}

#[test]
fn force_via_the_binary_exits_0() {
    let site = Site::fixture("basic");
    site.file("public/notes.txt", "mine");
    let run = site.run(&["build", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.exists("index.html"));
}

#[test]
fn empty_existing_folder_is_accepted() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.path("public")).expect("create public/");
    site.build_ok();
    assert!(site.exists("index.html"));
}

#[test]
fn refuses_the_site_folder_as_output_even_with_force() {
    let site = Site::fixture("basic");
    let before = tree(site.root());
    let reason = refused(site.build_with(|o| {
        o.output = Some(site.root().to_path_buf());
        o.force = true;
    }));
    assert!(reason.contains("site's folder"), "{reason}");
    assert_eq!(tree(site.root()), before, "nothing in the site changed");
}

#[test]
fn refuses_a_parent_of_the_site_folder() {
    let site = Site::fixture("basic");
    let reason = refused(site.build_with(|o| {
        o.output = Some(site.scratch().to_path_buf());
        o.force = true;
    }));
    assert!(reason.contains("parents"), "{reason}");
}

#[test]
fn refuses_the_site_folder_spelled_with_dot_dot() {
    let site = Site::fixture("basic");
    let reason = refused(site.build_with(|o| {
        o.output = Some(site.root().join("content").join(".."));
        o.force = true;
    }));
    assert!(reason.contains("site's folder"), "{reason}");
}

#[test]
fn refuses_a_folder_inside_content() {
    let site = Site::fixture("basic");
    let reason = refused(site.build_with(|o| o.output = Some(site.path("content/out"))));
    assert!(reason.contains("content/"), "{reason}");
    assert!(!site.path("content/out").exists());
}

#[test]
fn refuses_a_folder_inside_the_theme() {
    let site = Site::fixture("basic");
    let reason = refused(site.build_with(|o| o.output = Some(site.path("themes/default/out"))));
    assert!(reason.contains("themes/"), "{reason}");
}

#[test]
fn output_folder_outside_the_site_is_accepted() {
    let site = Site::fixture("basic");
    let out = site.scratch().join("elsewhere");
    site.build_with(|o| o.output = Some(out.clone()))
        .expect("build elsewhere");
    let files = tree(&out);
    assert!(files.contains_key("guides/alpha/index.html"));
    assert!(
        !site.path("public").exists(),
        "nothing written to the default folder"
    );
}

#[test]
fn failed_build_leaves_every_previous_output_file_untouched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = tree(&site.path("public"));
    let folders_before = folders(&site.path("public"));
    // Change content that would change outputs, and break another file.
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma Renamed\ndate: 2026-03-05\n---\n\nNew text.\n",
    )
    .remove("content/guides/beta.md")
    .file(
        "content/guides/alpha.md",
        "---\ntitle: Alpha\ndate: not-a-date\n---\n",
    );
    site.build_err();
    assert_eq!(
        tree(&site.path("public")),
        before,
        "bytes and mtimes are unchanged"
    );
    assert_eq!(folders(&site.path("public")), folders_before);
}

#[test]
fn failed_template_render_leaves_the_previous_output_untouched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = tree(&site.path("public"));
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma Renamed\ndate: 2026-03-05\n---\n\nNew text.\n",
    )
    .file(
        "themes/default/templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}{{ tag.missing_field }}{% endblock main %}",
    );
    site.build_err();
    assert_eq!(tree(&site.path("public")), before);
}

#[test]
fn two_clean_builds_of_two_copies_are_byte_identical() {
    let one = Site::fixture("basic");
    let two = Site::fixture("basic");
    one.build_ok();
    two.build_ok();
    let bytes = |site: &Site| -> Vec<(String, Vec<u8>)> {
        tree(&site.path("public"))
            .into_iter()
            .map(|(k, v)| (k, v.bytes))
            .collect()
    };
    let (a, b) = (bytes(&one), bytes(&two));
    assert_eq!(
        a.len(),
        25,
        "18 pages and files, the search index's 6 and the manifest: {:?}",
        one.outputs()
    );
    assert_eq!(a, b);
}

#[test]
fn two_clean_builds_into_two_folders_are_byte_identical() {
    let site = Site::fixture("basic");
    let first = site.scratch().join("first");
    let second = site.scratch().join("second");
    site.build_with(|o| o.output = Some(first.clone()))
        .expect("first build");
    site.build_with(|o| o.output = Some(second.clone()))
        .expect("second build");
    let bytes = |dir| -> Vec<(String, Vec<u8>)> {
        tree(dir).into_iter().map(|(k, v)| (k, v.bytes)).collect()
    };
    assert_eq!(bytes(&first), bytes(&second));
}

#[test]
fn rebuild_with_nothing_changed_writes_nothing() {
    let site = Site::fixture("basic");
    let first = site.build_ok();
    assert_eq!(first.files.unchanged, 0);
    let before = tree(&site.path("public"));
    let again = site.build_ok();
    assert_eq!(again.files.written, 0, "{:?}", again.files);
    assert_eq!(again.files.removed, 0, "{:?}", again.files);
    assert_eq!(
        again.files.unchanged, first.files.written,
        "{:?}",
        again.files
    );
    assert!(again.files.unchanged > 0);
    assert_eq!(
        tree(&site.path("public")),
        before,
        "not even an mtime moved"
    );
}

#[test]
fn editing_a_later_paragraph_rewrites_only_that_guide() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma Guide\ndescription: The third guide.\ndate: 2026-03-05\ntags: [interviews]\n---\n\nGamma is about interviews.\n\n## Preparing\n\nPrepare very well.\n",
    );
    let report = site.build_ok();
    assert_eq!(report.files.written, 1, "{:?}", report.files);
    assert!(
        site.read("guides/gamma/index.html")
            .contains("Prepare very well.")
    );
}

#[test]
fn deleting_a_page_removes_its_file_and_empty_folder() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    assert!(site.exists("guides/exams/delta/index.html"));
    site.remove("content/guides/exams/delta.md");
    let report = site.build_ok();
    assert!(!site.exists("guides/exams/delta/index.html"));
    assert!(
        !site.path("public/guides/exams/delta").exists(),
        "the empty folder is removed"
    );
    // Alpha still carries `Step 2 CK`: its tag page stays, without delta.
    assert!(!site.read("tags/step-2-ck/index.html").contains("Delta"));
    assert!(
        site.exists("guides/exams/index.html"),
        "the section page stays"
    );
    assert_eq!(report.files.removed, 1, "{:?}", report.files);
    let manifest = site.read(".matchpress-manifest");
    assert!(!manifest.contains("delta"), "{manifest}");
}

#[test]
fn removing_a_tag_removes_its_page_and_folder() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma Guide\ndate: 2026-03-05\n---\n\nGamma is about interviews.\n",
    );
    let report = site.build_ok();
    assert!(!site.path("public/tags/interviews").exists());
    assert_eq!(report.files.removed, 1, "{:?}", report.files);
}

#[test]
fn files_put_in_public_by_hand_survive_rebuilds() {
    let site = Site::fixture("basic");
    site.build_ok();
    site.file("public/CNAME", "example.test\n")
        .file("public/guides/exams/delta/notes.txt", "keep me");
    site.remove("content/guides/exams/delta.md");
    site.build_ok();
    assert_eq!(site.read("CNAME"), "example.test\n");
    assert_eq!(site.read("guides/exams/delta/notes.txt"), "keep me");
    assert!(!site.exists("guides/exams/delta/index.html"));
    site.build_ok();
    assert_eq!(site.read("CNAME"), "example.test\n");
}

#[test]
fn output_file_changed_by_hand_is_restored() {
    let site = Site::fixture("basic");
    site.build_ok();
    let original = site.read("guides/alpha/index.html");
    site.file("public/guides/alpha/index.html", "edited by hand");
    let report = site.build_ok();
    assert_eq!(report.files.written, 1, "{:?}", report.files);
    assert_eq!(site.read("guides/alpha/index.html"), original);
}

#[test]
fn no_temporary_files_are_left_behind() {
    let site = Site::fixture("basic");
    site.build_ok();
    site.file(
        "content/guides/gamma.md",
        "---\ntitle: Gamma two\n---\n\nChanged.\n",
    );
    site.build_ok();
    let leftovers: Vec<String> = site
        .outputs()
        .into_iter()
        .filter(|p| p.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn deleting_a_whole_section_removes_its_folders() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    site.remove("content/guides/exams/delta.md")
        .remove("content/guides/exams/_index.md");
    let report = site.build_ok();
    assert_eq!(report.files.removed, 2, "{:?}", report.files);
    assert!(
        !site.path("public/guides/exams").exists(),
        "{:?}",
        folders(&site.path("public"))
    );
    assert!(site.exists("guides/index.html"));
    assert!(!site.main_of("guides/index.html").contains("Exams"));
}

#[test]
fn failed_render_removes_the_pages_it_had_already_created() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = tree(&site.path("public"));
    // A new guide renders fine and is written at once, but the build fails on a tag page:
    // the new guide's file and folder must go again.
    site.file(
        "content/guides/epsilon.md",
        "---\ntitle: Epsilon\ndate: 2026-04-01\n---\n\nBrand new.\n",
    )
    .file(
        "themes/default/templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}{{ tag.missing_field }}{% endblock main %}",
    );
    site.build_err();
    assert!(!site.exists("guides/epsilon/index.html"));
    assert!(!site.path("public/guides/epsilon").exists());
    assert_eq!(tree(&site.path("public")), before);
}

#[test]
fn output_file_edited_by_hand_to_the_same_size_is_restored() {
    let site = Site::fixture("basic");
    site.build_ok();
    let original = site.read("robots.txt");
    // Same length, different bytes: only the modification time gives the edit away.
    let edited: String = original
        .chars()
        .map(|c| if c == 'A' { 'B' } else { c })
        .collect();
    assert_ne!(edited, original);
    assert_eq!(edited.len(), original.len());
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(site.path("public/robots.txt"), &edited).expect("edit the output by hand");
    let report = site.build_ok();
    assert_eq!(report.files.written, 1, "{:?}", report.files);
    assert_eq!(site.read("robots.txt"), original);
}

#[test]
fn a_staging_folder_left_by_a_killed_build_is_cleared_and_never_published() {
    let site = Site::fixture("basic");
    site.build_ok();
    site.file(
        "public/.matchpress-staging/guides/alpha/index.html",
        "half a page",
    );
    site.build_ok();
    assert!(!site.path("public/.matchpress-staging").exists());
    assert!(site.read("guides/alpha/index.html").contains("Alpha"));
}

/// Whether `path` is a real folder (not a link to one).
#[cfg(unix)]
fn is_real_dir(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Copy the folder `from` to `to` (which must not exist), files only.
#[cfg(unix)]
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    for (rel, state) in tree(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("a parent")).expect("create a folder");
        std::fs::write(dest, state.bytes).expect("copy a file");
    }
}

#[cfg(unix)]
#[test]
fn a_folder_link_planted_in_public_is_replaced_never_written_through() {
    let site = Site::fixture("basic");
    site.build_ok();
    // The link points to a copy of what the folder held, so even "nothing changed" must not
    // be believed through it, and to a file of someone else's.
    let outside = site.scratch().join("outside");
    copy_folder(&site.path("public/guides"), &outside);
    std::fs::write(outside.join("theirs.txt"), "not matchpress's").expect("write");
    std::fs::remove_dir_all(site.path("public/guides")).expect("remove guides/");
    std::os::unix::fs::symlink(&outside, site.path("public/guides")).expect("plant a link");
    let before = tree(&outside);
    site.file(
        "content/guides/alpha.md",
        "---\ntitle: Alpha Changed\ndate: 2026-03-01\n---\n\nNew text.\n",
    );
    site.build_ok();
    assert_eq!(tree(&outside), before, "the link's target is untouched");
    assert!(is_real_dir(&site.path("public/guides")), "a real folder");
    assert!(
        site.read("guides/alpha/index.html")
            .contains("Alpha Changed")
    );
    assert!(site.read("guides/beta/index.html").contains("Beta"));
    assert!(!site.exists("guides/theirs.txt"));
}

#[cfg(unix)]
#[test]
fn a_folder_link_planted_in_a_forced_first_build_is_replaced() {
    let site = Site::fixture("basic");
    let outside = site.scratch().join("outside");
    std::fs::create_dir_all(&outside).expect("create outside/");
    std::fs::create_dir_all(site.path("public")).expect("create public/");
    std::os::unix::fs::symlink(&outside, site.path("public/tags")).expect("plant a link");
    site.build_with(|o| o.force = true).expect("forced build");
    assert!(tree(&outside).is_empty(), "{:?}", tree(&outside).keys());
    assert!(is_real_dir(&site.path("public/tags")));
    assert!(site.exists("tags/interviews/index.html"));
}

#[cfg(unix)]
#[test]
fn a_file_link_planted_in_public_is_replaced_and_its_target_untouched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let robots = site.read("robots.txt");
    // Same bytes as the page: comparing through the link would keep the link.
    let outside = site.scratch().join("robots-elsewhere.txt");
    std::fs::write(&outside, &robots).expect("write");
    let outside_page = site.scratch().join("page-elsewhere.html");
    std::fs::write(&outside_page, "someone's page").expect("write");
    std::fs::remove_file(site.path("public/robots.txt")).expect("remove");
    std::fs::remove_file(site.path("public/guides/alpha/index.html")).expect("remove");
    std::os::unix::fs::symlink(&outside, site.path("public/robots.txt")).expect("link");
    std::os::unix::fs::symlink(&outside_page, site.path("public/guides/alpha/index.html"))
        .expect("link");
    let report = site.build_ok();
    assert_eq!(report.files.written, 2, "{:?}", report.files);
    assert_eq!(std::fs::read_to_string(&outside).expect("read"), robots);
    assert_eq!(
        std::fs::read_to_string(&outside_page).expect("read"),
        "someone's page"
    );
    for rel in ["public/robots.txt", "public/guides/alpha/index.html"] {
        let meta = std::fs::symlink_metadata(site.path(rel)).expect("lstat");
        assert!(meta.file_type().is_file(), "{rel} is a plain file");
    }
    assert_eq!(site.read("robots.txt"), robots);
    assert!(site.read("guides/alpha/index.html").contains("Alpha Guide"));
}

#[cfg(unix)]
#[test]
fn stale_files_behind_a_link_are_not_removed_through_it() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    let outside = site.scratch().join("exams-elsewhere");
    copy_folder(&site.path("public/guides/exams"), &outside);
    std::fs::remove_dir_all(site.path("public/guides/exams")).expect("remove");
    std::os::unix::fs::symlink(&outside, site.path("public/guides/exams")).expect("link");
    let before = tree(&outside);
    site.remove("content/guides/exams/delta.md")
        .remove("content/guides/exams/_index.md");
    let report = site.build_ok();
    assert_eq!(report.files.removed, 0, "{:?}", report.files);
    assert_eq!(tree(&outside), before, "nothing removed through the link");
    assert!(
        std::fs::symlink_metadata(site.path("public/guides/exams"))
            .is_ok_and(|m| m.file_type().is_symlink()),
        "a link matchpress did not make is left alone"
    );
    assert!(!site.read(".matchpress-manifest").contains("exams"));
}

#[test]
fn a_stale_file_changed_by_hand_is_not_removed() {
    let site = Site::fixture("basic");
    without_search(&site);
    site.build_ok();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.file("public/guides/exams/delta/index.html", "my own notes now");
    site.remove("content/guides/exams/delta.md");
    let report = site.build_ok();
    assert_eq!(report.files.removed, 0, "{:?}", report.files);
    assert_eq!(
        site.read("guides/exams/delta/index.html"),
        "my own notes now"
    );
    assert!(!site.read(".matchpress-manifest").contains("delta"));
    // It is no longer matchpress's: later builds leave it too.
    site.build_ok();
    assert_eq!(
        site.read("guides/exams/delta/index.html"),
        "my own notes now"
    );
}

#[test]
fn an_interrupted_first_build_is_completed_without_force() {
    let site = Site::fixture("basic");
    let output = site.path("public");
    // What a first build killed part way leaves: its marker, some pages, a page it was
    // writing, and a page the site no longer produces.
    {
        let planned = [
            "index.html",
            "guides/alpha/index.html",
            "guides/old/index.html",
        ];
        let writer = matchpress::output::Writer::open(&output, planned).expect("open the output");
        assert!(
            site.read(".matchpress-building")
                .contains("guides/old/index.html"),
            "the marker is in place before any page"
        );
        writer.put("index.html", b"<p>home</p>").expect("put");
        writer
            .put("guides/old/index.html", b"<p>old</p>")
            .expect("put");
        // Dropped without `finish`: killed.
    }
    site.file(
        "public/guides/alpha/index.html.matchpress-tmp",
        "<p>half a pa",
    );
    let report = site.build_ok();
    assert!(report.files.written > 0);
    assert!(
        site.read("index.html").contains("Fixture Site"),
        "rewritten"
    );
    assert!(
        !site.exists("guides/old/index.html"),
        "its own leftover goes"
    );
    assert!(!site.path("public/guides/old").exists());
    assert!(!site.exists("guides/alpha/index.html.matchpress-tmp"));
    assert!(!site.exists(".matchpress-building"), "the marker goes");
    assert!(site.exists(".matchpress-manifest"));
    assert!(site.read("guides/alpha/index.html").contains("Alpha Guide"));
}

#[test]
fn an_interrupted_build_keeps_files_it_did_not_write() {
    let site = Site::fixture("basic");
    site.file(
        "public/.matchpress-building",
        "# matchpress build in progress: paths it may create; do not edit\nindex.html\n../outside.txt\n",
    )
    .file("public/index.html", "<p>half")
    .file("public/CNAME", "example.test\n");
    std::fs::write(site.scratch().join("outside.txt"), "outside").expect("write");
    site.build_ok();
    assert_eq!(
        site.read("CNAME"),
        "example.test\n",
        "not in the marker: kept"
    );
    assert_eq!(
        std::fs::read_to_string(site.scratch().join("outside.txt")).expect("read"),
        "outside",
        "a path leaving the folder is never trusted"
    );
    assert!(site.read("index.html").contains("Fixture Site"));
}

#[test]
fn a_foreign_folder_is_still_refused_next_to_leftovers_of_a_killed_build() {
    let site = Site::fixture("basic");
    // Killed before the marker's rename: only a temporary file, which is matchpress's own.
    site.file("public/.matchpress-building.matchpress-tmp", "# matchpress");
    site.build_ok();
    assert!(!site.exists(".matchpress-building.matchpress-tmp"));

    let other = Site::fixture("basic");
    other
        .file("public/.matchpress-building.matchpress-tmp", "# matchpress")
        .file("public/index.html", "<p>my own site</p>");
    let reason = refused(other.build());
    assert!(reason.contains("--force"), "{reason}");
    assert_eq!(other.read("index.html"), "<p>my own site</p>");
}

#[test]
fn a_failed_first_build_leaves_no_marker() {
    let site = Site::fixture("basic");
    site.file(
        "themes/default/templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}{{ tag.missing_field }}{% endblock main %}",
    );
    site.build_err();
    assert_eq!(site.outputs(), Vec::<String>::new());
}

#[test]
fn a_successful_build_leaves_no_marker() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(!site.exists(".matchpress-building"));
    site.build_ok();
    assert!(!site.exists(".matchpress-building"));
}

#[cfg(unix)]
#[test]
fn input_links_inside_the_site_are_read_and_those_leading_outside_are_warned_about() {
    let site = Site::fixture("basic");
    site.file(
        "shared/epsilon.md",
        "---\ntitle: Epsilon Shared\ndate: 2026-04-01\n---\n\nShared text.\n",
    );
    std::os::unix::fs::symlink(
        "../../shared/epsilon.md",
        site.path("content/guides/epsilon.md"),
    )
    .expect("link inside");
    let outside = site.scratch().join("zeta.md");
    std::fs::write(&outside, "---\ntitle: Zeta Outside\n---\n\nSecret.\n").expect("write");
    std::os::unix::fs::symlink(&outside, site.path("content/guides/zeta.md"))
        .expect("link outside");
    let report = site.build_ok();
    assert!(
        site.read("guides/epsilon/index.html")
            .contains("Shared text.")
    );
    assert!(!site.exists("guides/zeta/index.html"), "not read");
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("file/symlink-outside"), "{warnings:?}");
    assert!(
        warnings[0].contains("content/guides/zeta.md"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("zeta.md"), "{warnings:?}");
}
