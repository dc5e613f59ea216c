//! Escaping, proven: hostile text in every field an author or a data editor writes (site.yaml,
//! front matter, headings, program data) never reaches a page, a JSON-LD block, a JSON file, the
//! feed or the sitemap as markup; and a field that becomes a link takes only http(s), relative or
//! `mailto:` URLs.

use crate::support::Site;

/// Text that turns into markup, a script, or a broken XML or JSON-in-HTML context if a writer
/// forgets to escape it.
const HOSTILE: &str =
    "</script><img src=x onerror=alert(1)>\"'><svg onload=alert(2)>]]>\u{2028}&amp;";

/// Pieces of `HOSTILE` that are markup only when unescaped.
const TELLTALES: [&str; 4] = ["<img src=x", "<svg onload", "</script><img", "\"'><svg"];

/// `HOSTILE` as a double-quoted YAML string.
fn yaml(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string is a YAML string")
}

/// `HOSTILE` as markdown text (markdown passes raw HTML through by design: an author's own HTML
/// is theirs to write, and program notes refuse it).
fn as_markdown_text() -> String {
    HOSTILE.replace('<', "&lt;")
}

fn hostile_site() -> Site {
    let site = Site::fixture_with_default_theme("directory");
    let h = yaml(HOSTILE);
    let config = site.text("site.yaml");
    let config = config
        .replace("title: Fixture Site", &format!("title: {h}"))
        .replace(
            "description: A small site for the integration tests.",
            &format!("description: {h}"),
        )
        .replace("author: Fixture Author", &format!("author: {h}"))
        .replace("data_notice: Demo data.", &format!("data_notice: {h}"))
        .replace("  - title: Guides\n", &format!("  - title: {h}\n"));
    site.file("site.yaml", config);
    site.file(
        "content/guides/hostile.md",
        format!(
            "---\ntitle: {h}\ndescription: {h}\ntags: [{h}]\nspecialties: [internal-medicine]\ndate: 2026-03-01\nfaq:\n  - question: {h}\n    answer: {md}\nimage:\n  src: /img/x.png\n  alt: {h}\nextra:\n  author: {h}\n---\n\n## {text}\n\nText with {text}.\n",
            md = yaml(&as_markdown_text()),
            text = as_markdown_text(),
        ),
    );
    site.file("static/img/x.png", b"\x89PNG\r\n");
    // File names and the fields that become paths: the slug, old URLs to redirect, a static file.
    site.file(
        "content/guides/\"'><svg onload=alert(3)>.md",
        "---\ntitle: Named by its file\ndate: 2026-03-02\n---\nBody.\n",
    );
    site.file(
        "content/guides/slugged.md",
        format!(
            "---\ntitle: Slugged\nslug: {slug}\naliases: [{old}]\ndate: 2026-03-03\n---\nBody.\n",
            // A slug is one URL segment: one with `/` is refused, so this one has none.
            slug = yaml("\"'><svg onload=alert(5)>"),
            // An old URL may hold `&` and `'` (a URL path cannot hold `<` or `"`: see below).
            old = yaml("/old/it's&more/")
        ),
    );
    site.file("static/\"'><svg onload=alert(4)>.txt", "text\n");
    let specialties = site.text("data/specialties.yaml");
    site.file(
        "data/specialties.yaml",
        specialties
            .replace("name: Internal Medicine", &format!("name: {h}"))
            .replace(
                "description: Adult medicine in hospital and clinic.",
                &format!("description: {h}"),
            ),
    );
    let programs = site.text("data/programs/internal-medicine.yaml");
    site.file(
        "data/programs/internal-medicine.yaml",
        format!(
            "{programs}  - acgme_id: \"1403599991\"\n    name: {h}\n    sponsor: {h}\n    city: {h}\n    state: NY\n    notes: {md}\n",
            md = yaml(&as_markdown_text()),
        ),
    );
    site
}

#[test]
fn hostile_text_in_every_field_is_escaped_in_every_output() {
    let site = hostile_site();
    let report = site
        .build()
        .unwrap_or_else(|e| panic!("{}", site.diagnostics_text(&e)));
    assert!(report.programs > 0);
    let mut checked = 0;
    for path in site.outputs() {
        let Ok(text) = std::fs::read_to_string(site.path(&format!("public/{path}"))) else {
            continue;
        };
        if path == ".matchpress-manifest" || path.ends_with(".txt") {
            // The manifest lists file names for matchpress, and a static text file is the
            // author's; neither is markup.
            continue;
        }
        checked += 1;
        if path.ends_with(".json") {
            let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
            assert!(parsed.is_ok(), "{path} is not JSON");
            continue;
        }
        // Inside a script block nothing may close it, and no line separator may break it;
        // the rest of the page is markup, where the hostile text must be text.
        let mut markup = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(open) = rest.find("<script") {
            markup.push_str(&rest[..open]);
            let after = &rest[open..];
            let body_start = after.find('>').map_or(after.len(), |i| i + 1);
            let body_len = after[body_start..]
                .find("</script>")
                .unwrap_or(after.len() - body_start);
            let body = &after[body_start..body_start + body_len];
            assert!(!body.contains("</"), "{path}: `</` inside a script block");
            assert!(
                !body.contains('\u{2028}'),
                "{path}: U+2028 inside a script block"
            );
            rest = &after[(body_start + body_len).min(after.len())..];
            rest = rest.strip_prefix("</script>").unwrap_or(rest);
        }
        markup.push_str(rest);
        for telltale in TELLTALES {
            assert!(
                !markup.contains(telltale),
                "{path} holds `{telltale}` unescaped:\n{}",
                context(&markup, telltale)
            );
        }
        if path.ends_with(".xml") {
            assert_eq!(
                markup.matches("<![CDATA[").count(),
                markup.matches("]]>").count(),
                "{path}: a CDATA section is closed early"
            );
        }
    }
    assert!(checked > 20, "pages, feed, sitemap and JSON were read");
    let outputs = site.outputs();
    for page in [
        "guides/svg-onload-alert-3/index.html",
        "guides/svg-onload-alert-5/index.html",
        "old/it's&more/index.html",
    ] {
        assert!(outputs.iter().any(|p| p == page), "{page} in {outputs:?}");
    }
}

#[test]
fn fields_that_become_links_take_only_safe_schemes() {
    let site = Site::fixture("directory");
    let programs = site.text("data/programs/internal-medicine.yaml");
    site.file(
        "data/programs/internal-medicine.yaml",
        format!(
            "{programs}  - acgme_id: \"1403599992\"\n    name: Scheme Test\n    sponsor: Scheme Hospital\n    city: Albany\n    state: NY\n    website: \"javascript:alert(1)\"\n    source_url: \"data:text/html,<script>alert(1)</script>\"\n    notes: \"See [the site](JavaScript:alert(1)).\"\n"
        ),
    );
    site.file(
        "content/guides/scheme.md",
        "---\ntitle: Scheme\nimage:\n  src: \"javascript:alert(1)\"\n  alt: A picture\nfaq:\n  - question: Where?\n    answer: \"[Here](javascript&#58;alert(1))\"\n---\nBody.\n",
    );
    site.file(
        "content/guides/alias.md",
        format!(
            "---\ntitle: Alias\naliases: [{h}, {old}]\n---\nBody.\n",
            h = yaml(HOSTILE),
            old = yaml(&format!("/old/{HOSTILE}/"))
        ),
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        config.replace("    path: /about/\n", "    path: \"javascript:alert(1)\"\n"),
    );
    let error = site.build_err();
    let places: Vec<(String, usize)> = error
        .diagnostics()
        .iter()
        .map(|d| {
            let (file, line, _) = crate::support::place(d);
            (file, line)
        })
        .collect();
    for file in [
        "data/programs/internal-medicine.yaml",
        "content/guides/scheme.md",
        "content/guides/alias.md",
        "site.yaml",
    ] {
        assert!(
            places.iter().any(|(f, _)| f == file),
            "a problem in {file}: {error}"
        );
    }
    let programs_file = places
        .iter()
        .filter(|(f, _)| f == "data/programs/internal-medicine.yaml")
        .count();
    assert_eq!(programs_file, 3, "website, source_url and notes: {error}");
    let guide = places
        .iter()
        .filter(|(f, _)| f == "content/guides/scheme.md")
        .count();
    assert_eq!(guide, 2, "the image and the FAQ answer: {error}");
    let aliases = places
        .iter()
        .filter(|(f, _)| f == "content/guides/alias.md")
        .count();
    assert_eq!(aliases, 2, "both aliases: {error}");
}

fn context(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(120)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(160)
        .map_or(text.len(), |(i, _)| at + i);
    text[start..end].to_string()
}

#[test]
fn a_root_path_image_leads_to_its_file_under_the_base_path() {
    let site = Site::fixture_with_default_theme("directory");
    site.file(
        "content/guides/pictured.md",
        "---\ntitle: Pictured\nimage:\n  src: /img/x.png\n  alt: A timeline\n---\nBody.\n",
    )
    .file("static/img/x.png", b"\x89PNG\r\n");
    site.build_ok();
    let html = site.main_of("guides/pictured/index.html");
    assert!(
        html.contains("<img src=\"../../img/x.png\" alt=\"A timeline\">"),
        "{html}"
    );
}
