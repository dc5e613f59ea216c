//! Templates and static files: the site's `templates/` and `static/` override the theme's file
//! by file; template mistakes are errors that name the template file.

use crate::support::{Site, place};

#[test]
fn site_template_overrides_the_theme_template() {
    let site = Site::fixture("basic");
    site.file(
        "templates/guide.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"site-override\">{{ guide.title }}</h1>{% endblock main %}",
    );
    site.build_ok();
    let main = site.main_of("guides/alpha/index.html");
    assert_eq!(
        main,
        "<main><h1 class=\"site-override\">Alpha Guide</h1></main>"
    );
    // Only guide.html is replaced: the theme's other templates are still used.
    assert!(site.main_of("about/index.html").contains("<h1>About</h1>"));
    assert!(
        site.read("guides/alpha/index.html")
            .contains("<link rel=\"stylesheet\""),
        "theme base.html"
    );
}

#[test]
fn site_base_template_overrides_the_theme_base_on_every_page() {
    let site = Site::fixture("basic");
    site.file(
        "templates/base.html",
        "<!doctype html><title>{{ page_title }}</title><main class=\"site-base\">{% block main %}{% endblock main %}</main>",
    );
    site.build_ok();
    for page in [
        "index.html",
        "guides/alpha/index.html",
        "tags/index.html",
        "404.html",
    ] {
        assert!(
            site.read(page).contains("<main class=\"site-base\">"),
            "{page}"
        );
    }
}

#[test]
fn site_static_file_overrides_the_theme_static_file() {
    let site = Site::fixture("basic");
    site.file("static/style.css", "/* site style */\n")
        .file("static/img/logo.svg", "<svg/>");
    site.build_ok();
    assert_eq!(site.read("style.css"), "/* site style */\n");
    assert_eq!(site.read("img/logo.svg"), "<svg/>");
}

#[test]
fn theme_static_file_is_copied_as_is() {
    let site = Site::fixture("basic");
    site.build_ok();
    let theme = std::fs::read(site.path("themes/default/static/style.css")).expect("theme css");
    assert_eq!(site.read("style.css").as_bytes(), theme.as_slice());
}

#[test]
fn template_syntax_error_names_the_site_template() {
    let site = Site::fixture("basic");
    site.file(
        "templates/guide.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ guide.title }</h1>\n{% endblock main %}\n",
    );
    let error = site.build_err();
    let d = &error.diagnostics()[0];
    let (path, line, _) = place(d);
    assert_eq!(path, "templates/guide.html", "{d}");
    assert_eq!(line, 3, "{d}");
    assert!(d.message.starts_with("template error"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn template_syntax_error_names_the_theme_template() {
    let site = Site::fixture("basic");
    site.file(
        "themes/default/templates/tags.html",
        "{% extends \"base.html\" %}{% block main %}{% for t in tags %}{{ t.name }}{% endblock main %}",
    );
    let error = site.build_err();
    let d = &error.diagnostics()[0];
    assert_eq!(place(d).0, "themes/default/templates/tags.html", "{d}");
}

#[test]
fn unknown_variable_fails_with_an_error_naming_the_template() {
    let site = Site::fixture("basic");
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\n<p>{{ page.subtitle }}</p>{% endblock main %}",
    );
    let error = site.build_err();
    assert_eq!(error.exit_code(), 1);
    let d = &error.diagnostics()[0];
    let (path, line, _) = place(d);
    assert_eq!(path, "templates/page.html", "{d}");
    assert_eq!(line, 2, "{d}");
    assert!(
        d.message.contains("about/index.html"),
        "names the page being rendered: {d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn unknown_variable_in_a_template_used_by_many_pages_is_reported_once() {
    let site = Site::fixture("basic");
    site.file(
        "templates/guide.html",
        "{% extends \"base.html\" %}{% block main %}{{ reading_time }}{% endblock main %}",
    );
    let error = site.build_err();
    assert_eq!(error.diagnostics().len(), 1, "{error}");
    let d = &error.diagnostics()[0];
    assert_eq!(place(d).0, "templates/guide.html", "{d}");
    assert!(d.message.contains("and 3 more"), "four guides use it: {d}");
}

#[test]
fn missing_required_template_is_an_error_naming_it() {
    let site = Site::fixture("basic");
    site.remove("themes/default/templates/tag.html");
    let error = site.build_err();
    let messages: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("`tag.html`")), "{error}");
}

#[test]
fn static_file_that_would_overwrite_a_page_is_an_error() {
    let site = Site::fixture("basic");
    site.file("static/about/index.html", "<p>static about</p>");
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert!(text.contains("static/about/index.html"), "{text}");
    assert!(
        !text.contains("[ROOT]"),
        "the path is site-relative: {text}"
    );
}
