//! Named limits: a file over the size limit of its kind (markdown, YAML or CSV data) and YAML
//! over a parser limit each get one diagnostic that names the limit, its value, the file and
//! what to do; the file is left out, and the rest of the site is still checked.

use matchpress::Code;
use matchpress::source::{CONTENT_FILE_LIMIT, DATA_FILE_LIMIT};

use crate::support::{Site, only_error, place};

/// Make `rel` a file of `len` bytes without writing them (a sparse file: it is never read).
fn sized(site: &Site, rel: &str, len: u64) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
    let file = std::fs::File::create(&path).expect("create the file");
    file.set_len(len).expect("size the file");
}

#[test]
fn a_markdown_file_over_the_size_limit_is_named_and_left_out() {
    let site = Site::fixture("basic");
    sized(
        &site,
        "content/guides/huge.md",
        CONTENT_FILE_LIMIT.bytes + 1,
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::FileTooLarge, "{d}");
    assert_eq!(place(d).0, "content/guides/huge.md");
    assert!(
        d.message
            .contains("over the limit of 8 MB for a markdown file of content/")
            && d.message.contains("the file size limit"),
        "{d}"
    );
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("split it into several pages")),
        "{d}"
    );
    // An empty file is read (and is a guide without a title: another error, not this one).
    sized(&site, "content/guides/huge.md", 0);
    let error = site.build_err();
    assert!(
        error
            .diagnostics()
            .iter()
            .all(|d| d.code != Code::FileTooLarge),
        "{error}"
    );
}

#[test]
fn a_csv_program_file_over_the_size_limit_is_named() {
    let site = Site::fixture("csv-export");
    sized(
        &site,
        "data/programs/internal-medicine.csv",
        DATA_FILE_LIMIT.bytes + 1,
    );
    let error = site.build_err();
    let d = error
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::FileTooLarge)
        .unwrap_or_else(|| panic!("a file/too-large diagnostic: {error}"));
    assert_eq!(place(d).0, "data/programs/internal-medicine.csv");
    assert!(
        d.message
            .contains("over the limit of 128 MB for a data file"),
        "{d}"
    );
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("not program data")),
        "{d}"
    );
}

#[test]
fn a_yaml_program_file_over_the_size_limit_is_named() {
    let site = Site::fixture("directory");
    sized(
        &site,
        "data/programs/pediatrics.yaml",
        DATA_FILE_LIMIT.bytes + 1,
    );
    let error = site.build_err();
    let d = error
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::FileTooLarge)
        .unwrap_or_else(|| panic!("a file/too-large diagnostic: {error}"));
    assert_eq!(place(d).0, "data/programs/pediatrics.yaml");
}

#[test]
fn yaml_nested_past_the_depth_limit_is_named_with_its_file() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/deep.md",
        format!(
            "---\ntitle: Deep\nextra: {}1{}\n---\n\nBody.\n",
            "[".repeat(30),
            "]".repeat(30)
        ),
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::YamlLimit, "{d}");
    assert_eq!(place(d).0, "content/guides/deep.md");
    assert!(
        d.message
            .contains("more than 24 levels deep (the nesting limit)"),
        "{d}"
    );
}
