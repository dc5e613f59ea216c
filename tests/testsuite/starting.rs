//! Starting a site: the default theme built into matchpress, `init` and `new`.

use std::collections::BTreeMap;
use std::path::Path;

use matchpress::Code;

use crate::support::{Site, copy_dir, only_error, run_in, site_files, tree};

/// The directory fixture without a theme of its own: it uses the built-in theme.
fn site_without_theme() -> Site {
    let site = Site::fixture("directory");
    site.remove_dir("themes");
    site
}

#[test]
fn a_site_without_themes_builds_with_the_built_in_theme_as_with_the_repository_theme() {
    let site = site_without_theme();
    let built_in = site
        .clean_build()
        .unwrap_or_else(|e| panic!("{}", site.diagnostics_text(&e)));
    assert!(
        built_in.contains_key("style.css"),
        "the theme's static files"
    );
    assert!(built_in.contains_key("programs/internal-medicine/index.html"));
    // The built-in theme is the repository's `themes/default/`, embedded: the same site with
    // that folder (an ejected theme) builds byte for byte the same.
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.path("themes/default"),
    );
    let ejected = site.clean_build().expect("the ejected theme builds");
    assert_eq!(
        built_in.keys().collect::<Vec<_>>(),
        ejected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built_in {
        assert!(ejected[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_site_overrides_one_template_and_one_static_file_of_the_built_in_theme() {
    let site = site_without_theme();
    let before = site.clean_build().expect("builds");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let page = std::fs::read_to_string(theme.join("templates/page.html")).expect("page.html");
    site.file(
        "templates/page.html",
        page.replacen(
            "<div class=\"prose\">",
            "<p class=\"mine\">Mine.</p><div class=\"prose\">",
            1,
        ),
    );
    site.file("static/style.css", "body { color: black }\n");
    let after = site.clean_build().expect("builds");
    let about = String::from_utf8_lossy(&after["about/index.html"]).into_owned();
    assert!(about.contains("<p class=\"mine\">Mine.</p>"), "{about}");
    assert_eq!(after["style.css"], b"body { color: black }\n");
    // Everything else is the built-in theme's, as before.
    assert_eq!(before["favicon.svg"], after["favicon.svg"]);
    assert_eq!(
        before["guides/step2/index.html"],
        after["guides/step2/index.html"]
    );
}

#[test]
fn a_named_theme_that_is_missing_is_an_error_that_mentions_the_built_in_theme() {
    let site = site_without_theme();
    site.edit_text(
        "site.yaml",
        "title: Fixture Site\n",
        "title: Fixture Site\ntheme: dark\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::ConfigMissingTheme);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("built-in default theme"),
        "{d}"
    );
}

/// A temporary folder to start sites in.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// `matchpress check --deny-warnings` in `dir`, which must pass.
fn check_clean(dir: &Path, extra: &[&str]) {
    let mut args = vec!["check", "--deny-warnings"];
    args.extend_from_slice(extra);
    let run = run_in(dir, &args);
    assert_eq!(
        run.code,
        0,
        "check in {}:\n{}{}",
        dir.display(),
        run.stdout,
        run.stderr
    );
}

/// Build the site in `dir` into `dir/<output>` and read every file written.
fn built(dir: &Path, output: &str, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec!["build", "--output", output];
    args.extend_from_slice(extra);
    let run = run_in(dir, &args);
    assert_eq!(
        run.code,
        0,
        "build in {}:\n{}{}",
        dir.display(),
        run.stdout,
        run.stderr
    );
    site_files(&dir.join(output))
}

#[test]
fn init_writes_a_site_that_checks_clean_and_builds_in_each_of_its_three_forms() {
    let tmp = scratch();
    for (args, programs) in [
        (vec!["init", "plain"], false),
        (vec!["init", "example", "--example"], true),
        (vec!["init", "bare", "--bare"], false),
    ] {
        let run = run_in(tmp.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
        let dir = tmp.path().join(args[1]);
        for file in [
            "site.yaml",
            "content/_index.md",
            "content/about.md",
            "content/guides/_index.md",
            "content/guides/how-guides-work.md",
            ".gitignore",
            ".github/workflows/pages.yml",
        ] {
            assert!(dir.join(file).is_file(), "{args:?} writes {file}");
        }
        assert!(!dir.join("themes").exists(), "the theme stays built in");
        check_clean(&dir, &[]);
        let files = built(&dir, "public", &[]);
        assert!(files.contains_key("guides/how-guides-work/index.html"));
        assert_eq!(
            files
                .keys()
                .any(|p| p.starts_with("programs/internal-medicine/")
                    && p.ends_with("/index.html")
                    && p != "programs/internal-medicine/index.html"),
            programs,
            "{args:?}: program pages"
        );
        let bare = args.contains(&"--bare");
        assert_eq!(
            !files.contains_key("programs/index.html"),
            bare,
            "{args:?}: directory"
        );
        assert_eq!(dir.join("data").exists(), !bare, "{args:?}: data/");
        let gitignore = std::fs::read_to_string(dir.join(".gitignore")).expect("read");
        assert!(gitignore.lines().any(|l| l == "public/"), "{gitignore}");
        let workflow =
            std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).expect("read");
        assert!(
            workflow.contains(&format!("--version {}", env!("CARGO_PKG_VERSION"))),
            "the workflow installs this version:\n{workflow}"
        );
    }
}

#[test]
fn init_refuses_a_folder_with_anything_in_it_and_touches_nothing() {
    let tmp = scratch();
    let dir = tmp.path().join("mine");
    std::fs::create_dir_all(dir.join("notes")).expect("create");
    std::fs::write(dir.join("notes/todo.md"), "my notes\n").expect("write");
    let before = tree(&dir);
    let run = run_in(tmp.path(), &["init", "mine", "--example"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("is not empty (notes)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(tree(&dir), before, "nothing written");
    // A folder holding only `.git` (a fresh clone of an empty repository) counts as empty.
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("create");
    let run = run_in(&repo, &["init"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(repo.join("site.yaml").is_file());
}

#[test]
fn an_ejected_theme_builds_the_same_site_and_can_then_be_changed_in_full() {
    let tmp = scratch();
    for (name, eject) in [("built-in", false), ("ejected", true)] {
        let mut args = vec!["init", name, "--example"];
        if eject {
            args.push("--eject-theme");
        }
        let run = run_in(tmp.path(), &args);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let ejected = tmp.path().join("ejected");
    assert!(ejected.join("themes/default/templates/base.html").is_file());
    assert!(ejected.join("themes/default/static/style.css").is_file());
    assert_eq!(
        built(&tmp.path().join("built-in"), "public", &[]),
        built(&ejected, "public", &[])
    );
    std::fs::write(
        ejected.join("themes/default/static/style.css"),
        "main { margin: 0 }\n",
    )
    .expect("write");
    let changed = built(&ejected, "public", &[]);
    assert_eq!(changed["style.css"], b"main { margin: 0 }\n");
}

#[test]
fn new_guide_writes_a_draft_named_by_its_title_in_a_section_and_never_overwrites() {
    let tmp = scratch();
    assert_eq!(run_in(tmp.path(), &["init", "site"]).code, 0);
    let dir = tmp.path().join("site");
    let run = run_in(&dir, &["new", "guide", "J-1 vs. H-1B: What IMGs Need"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = "content/guides/j-1-vs-h-1b-what-imgs-need.md";
    assert!(run.stdout.contains(rel), "prints the path: {}", run.stdout);
    let text = std::fs::read_to_string(dir.join(rel)).expect("the guide");
    assert!(
        text.starts_with("---\ntitle: \"J-1 vs. H-1B: What IMGs Need\"\n"),
        "{text}"
    );
    assert!(text.contains("\ndraft: true"), "{text}");
    let today = matchpress::date::Date::today().to_string();
    assert!(text.contains(&format!("\ndate: {today}\n")), "{text}");
    for field in [
        "updated",
        "tags",
        "specialties",
        "slug",
        "aliases",
        "weight",
        "image",
        "faq",
        "extra",
    ] {
        assert!(
            text.contains(&format!("# {field}:")),
            "{field} in the skeleton"
        );
    }
    // A draft: checked, not published; with --drafts it is.
    check_clean(&dir, &[]);
    check_clean(&dir, &["--drafts"]);
    assert!(
        !built(&dir, "public", &[]).contains_key("guides/j-1-vs-h-1b-what-imgs-need/index.html")
    );
    let drafts = built(&dir, "with-drafts", &["--drafts"]);
    let page = String::from_utf8_lossy(&drafts["guides/j-1-vs-h-1b-what-imgs-need/index.html"])
        .into_owned();
    assert!(page.contains("J-1 vs. H-1B: What IMGs Need"));

    // Again: refused, the file as it was.
    std::fs::write(dir.join(rel), "---\ntitle: Mine\n---\nMy words.\n").expect("write");
    let run = run_in(&dir, &["new", "guide", "J-1 vs. H-1B: what IMGs need"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join(rel)).expect("read"),
        "---\ntitle: Mine\n---\nMy words.\n"
    );

    // In a new section, which gets its _index.md.
    let run = run_in(
        &dir,
        &[
            "new",
            "guide",
            "Observerships",
            "--section",
            "clinical-experience",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.join("content/guides/clinical-experience/_index.md")
            .is_file()
    );
    assert!(
        dir.join("content/guides/clinical-experience/observerships.md")
            .is_file()
    );
    check_clean(&dir, &["--drafts"]);
    let sections = built(&dir, "with-drafts", &["--drafts"]);
    assert!(sections.contains_key("guides/clinical-experience/observerships/index.html"));
    assert!(sections.contains_key("guides/clinical-experience/index.html"));

    // Outside a site, or with a title that names nothing: refused, with a hint.
    let run = run_in(tmp.path(), &["new", "guide", "Lost"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no site.yaml") && run.stderr.contains("hint:"),
        "{}",
        run.stderr
    );
    let run = run_in(&dir, &["new", "guide", "?!"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = run_in(&dir, &["new", "guide", "X", "--section", "../../etc"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn new_program_appends_a_draft_with_every_field_and_leaves_the_file_above_as_it_was() {
    let tmp = scratch();
    assert_eq!(run_in(tmp.path(), &["init", "site", "--example"]).code, 0);
    let dir = tmp.path().join("site");
    let rel = "data/programs/pediatrics.yaml";
    // An editor's file: comments, blank lines, its own indentation, no final line break.
    let before = std::fs::read_to_string(dir.join(rel)).expect("the example file");
    let before = format!(
        "# Our pediatrics programs, checked 2026-11-01.\n{}\n\n# end of list",
        before.trim_end()
    );
    std::fs::write(dir.join(rel), &before).expect("write");
    let run = run_in(&dir, &["new", "program", "--specialty", "pediatrics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(dir.join(rel)).expect("read");
    assert!(after.starts_with(&before), "every byte above stays");
    let line: usize = run
        .stdout
        .split(&format!("{rel}:"))
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("prints file:line: {}", run.stdout));
    let at = after.lines().nth(line - 1).unwrap_or_default();
    assert!(
        at.trim_start().starts_with("- acgme_id: \"320"),
        "line {line}: {at}"
    );
    for field in [
        "nrmp_codes",
        "program_type",
        "salary_pgy1",
        "pct_img",
        "visas",
        "requirements",
        "min_step2_ck",
        "interview_months",
        "website",
        "source_url",
        "last_verified",
        "notes",
    ] {
        assert!(
            after[before.len()..].contains(&format!("# {field}:"))
                || after[before.len()..].contains(&format!("#   {field}:")),
            "{field}"
        );
    }
    check_clean(&dir, &[]);
    check_clean(&dir, &["--drafts"]);
    let published = built(&dir, "public", &[]);
    let drafts = built(&dir, "drafts", &["--drafts"]);
    let pages = |files: &BTreeMap<String, Vec<u8>>| {
        files
            .keys()
            .filter(|p| p.starts_with("programs/pediatrics/") && p.matches('/').count() == 3)
            .count()
    };
    assert_eq!(
        pages(&drafts),
        pages(&published) + 1,
        "the draft only with --drafts"
    );

    // A specialty without a file yet gets one; a name that is not a specialty is refused.
    let run = run_in(&dir, &["new", "program", "--specialty", "neurology"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("data/programs/neurology.yaml:3"),
        "{}",
        run.stdout
    );
    check_clean(&dir, &[]);
    let run = run_in(&dir, &["new", "program", "--specialty", "pediatric"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `--specialty pediatrics`"),
        "{}",
        run.stderr
    );
    // A specialty kept in a spreadsheet export is refused, the export untouched.
    std::fs::write(
        dir.join("data/programs/psychiatry.csv"),
        "acgme_id,name,city,state\n",
    )
    .expect("write");
    let run = run_in(&dir, &["new", "program", "--specialty", "psychiatry"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("spreadsheet"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("data/programs/psychiatry.csv")).expect("read"),
        "acgme_id,name,city,state\n"
    );
}

#[test]
fn aliases_are_also_written_as_host_redirect_rules_under_the_base_path() {
    let site = Site::fixture("directory");
    site.edit_text(
        "content/guides/step2.md",
        "title:",
        "aliases: [/guides/old-step2/, \"exams/step-2-ck/\"]\ntitle:",
    );
    let files = site
        .clean_build()
        .unwrap_or_else(|e| panic!("{}", site.diagnostics_text(&e)));
    let rules = String::from_utf8_lossy(&files["_redirects"]).into_owned();
    let lines: Vec<&str> = rules.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            "/docs/guides/old-step2/ /docs/guides/step2/ 301",
            "/docs/exams/step-2-ck/ /docs/guides/step2/ 301",
        ]
    );
    // The redirect pages are still written, for hosts that do not read the file.
    assert!(files.contains_key("guides/old-step2/index.html"));
    // A site's own _redirects replaces it; a site without aliases has none.
    site.file("static/_redirects", "/a /b 302\n");
    let files = site.clean_build().expect("builds");
    assert_eq!(files["_redirects"], b"/a /b 302\n");
    let plain = Site::fixture("directory");
    assert!(
        !plain
            .clean_build()
            .expect("builds")
            .contains_key("_redirects")
    );
}

#[test]
fn the_404_page_carries_its_styles_so_it_works_at_any_path_and_from_disk() {
    let site = site_without_theme();
    let files = site.clean_build().expect("builds");
    let page = String::from_utf8_lossy(&files["404.html"]).into_owned();
    let css = String::from_utf8_lossy(&files["style.css"]).into_owned();
    assert!(page.contains(&format!("<style>{}</style>", css.replace("</", "<\\/"))));
    assert!(
        !page.contains("rel=\"stylesheet\""),
        "no stylesheet to fetch"
    );
    // Its links start from the site's root path, so they work below any path of the host.
    assert!(page.contains("href=\"/docs/guides/\""), "{page}");
    // Other pages link the stylesheet.
    let about = String::from_utf8_lossy(&files["about/index.html"]).into_owned();
    assert!(about.contains("<link rel=\"stylesheet\" href=\"../style.css\">"));
}

#[cfg(unix)]
#[test]
fn serve_open_opens_the_browser_once_at_the_servers_address() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = site_without_theme();
    let opened = site.scratch().join("opened");
    let browser = site.scratch().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .expect("write");
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_matchpress"))
        .args(["serve", "--port", "0", "--open"])
        .current_dir(site.root())
        .env("BROWSER", &browser)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let urls = loop {
        let text = std::fs::read_to_string(&opened).unwrap_or_default();
        if !text.is_empty() || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // A save afterwards rebuilds, and does not open the browser again.
    site.file("content/about.md", "---\ntitle: About\n---\n\nAgain.\n");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&opened).unwrap_or(urls);
    let urls: Vec<&str> = text.lines().collect();
    assert_eq!(urls.len(), 1, "{urls:?}");
    assert!(
        urls[0].starts_with("http://127.0.0.1:") && urls[0].ends_with('/'),
        "{urls:?}"
    );
}
