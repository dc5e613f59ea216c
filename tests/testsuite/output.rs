//! Output: matchpress writes only where it may, writes only what changed, removes only what it
//! wrote before, leaves the previous output alone when a build fails, and gives the same bytes
//! for the same input.

use matchpress::Error;

use crate::support::{Site, folders, tree};

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
        18,
        "17 files and the manifest: {:?}",
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
