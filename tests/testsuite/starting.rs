//! Starting a site: the default theme built into matchpress, `init` and `new`.

use std::path::Path;

use matchpress::Code;

use crate::support::{Site, copy_dir, only_error};

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
