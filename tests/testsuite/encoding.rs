//! Encoding: files saved with a UTF-8 BOM and CRLF line endings (Windows editors) build like any
//! other, their errors have the right lines; a file that is not UTF-8 is an error naming it.

use crate::support::{Site, only_error, place};

#[test]
fn bom_and_crlf_file_builds_like_any_other() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\ndate: 2026-04-04\r\ntags: [visas]\r\n---\r\n\r\nHello **world**.\r\n\r\n## Next\r\n\r\nMore text.\r\n",
    );
    site.build_ok();
    let html = site.read("guides/windows/index.html");
    let main = site.main_of("guides/windows/index.html");
    assert!(main.contains("<h1>Saved on Windows</h1>"), "{main}");
    assert!(
        main.contains("<p>Hello <strong>world</strong>.</p>"),
        "{main}"
    );
    assert!(main.contains("<h2 id=\"next\">"), "{main}");
    assert!(
        !html.contains('\r'),
        "no carriage return reaches the output"
    );
    assert!(!html.contains('\u{feff}'), "no BOM reaches the output");
    assert!(
        site.read("tags/visas/index.html")
            .contains("Saved on Windows")
    );
}

#[test]
fn error_in_a_bom_and_crlf_file_reports_the_right_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\nweight: heavy\r\n---\r\n\r\nBody.\r\n",
    );
    let error = site.build_err();
    assert_eq!(
        place(only_error(&error)),
        ("content/guides/windows.md".to_string(), 3, 9)
    );
}

#[test]
fn broken_link_in_a_crlf_body_reports_the_right_line_and_col() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\n---\r\n\r\nOne.\r\n\r\nTwo [gone](@/guides/gone.md).\r\n",
    );
    let error = site.build_err();
    assert_eq!(
        place(only_error(&error)),
        ("content/guides/windows.md".to_string(), 7, 5)
    );
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file_and_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/latin1.md",
        b"---\ntitle: Latin-1\n---\n\nR\xe9sum\xe9 tips.\n".as_slice(),
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/latin1.md".to_string(), 5, 2));
    assert!(d.message.contains("UTF-8"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn invalid_utf8_in_two_files_reports_both() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/a-latin1.md",
        b"---\ntitle: \xe9\n---\n".as_slice(),
    )
    .file("content/z-latin1.md", b"\xff".as_slice());
    let error = site.build_err();
    let files: Vec<String> = error.diagnostics().iter().map(|d| place(d).0).collect();
    assert_eq!(
        files,
        vec!["content/guides/a-latin1.md", "content/z-latin1.md"],
        "{error}"
    );
}
