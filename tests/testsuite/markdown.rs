//! Markdown: the extensions authors rely on (tables, footnotes, strikethrough, task lists,
//! `{#id}` headings, smart punctuation, GitHub alerts) render as expected; heading ids are
//! unique; an image without alt text is a warning at its line; template syntax of other
//! generators is one warning per file and stays as written.

use crate::support::{Site, place};

#[test]
fn guide_with_every_extension_renders_as_snapshot() {
    let site = Site::fixture("markdown");
    site.build_ok();
    let main = site.main_of("guides/features/index.html");
    insta::assert_snapshot!(main);
}

#[test]
fn extensions_produce_their_elements() {
    let site = Site::fixture("markdown");
    site.build_ok();
    let main = site.main_of("guides/features/index.html");
    for expected in [
        "<table>",
        "<th style=\"text-align: right\">Score</th>",
        "<del>Old advice</del>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
        "class=\"footnote-definition\"",
        "<h3 id=\"custom-id\">Custom anchor",
        "\u{201c}smart quotes\u{201d}",
        "it\u{2019}s",
        "\u{2013} a dash \u{2014}",
        "ellipsis\u{2026}",
    ] {
        assert!(main.contains(expected), "missing {expected:?} in:\n{main}");
    }
    assert!(
        !main.contains("{#custom-id}"),
        "the attribute syntax is consumed"
    );
}

#[test]
fn duplicate_headings_get_unique_ids() {
    let site = Site::fixture("markdown");
    site.build_ok();
    let main = site.main_of("guides/features/index.html");
    assert!(main.contains("<h2 id=\"overview\">Overview"), "{main}");
    assert!(main.contains("<h2 id=\"overview-1\">Overview"), "{main}");
}

#[test]
fn every_id_on_a_page_is_unique_even_between_headings_and_footnotes() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/notes.md",
        "---\ntitle: Notes\n---\n\nScores arrive in weeks.[^timing]\n\n## Timing\n\nPlan ahead.\n\n## Timing\n\nAgain.\n\n[^timing]: About four weeks.\n",
    );
    site.build_ok();
    let main = site.main_of("guides/notes/index.html");
    let mut ids: Vec<&str> = main
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids on the page: {main}");
}

#[test]
fn image_without_alt_text_is_a_warning_at_its_line() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/pictures.md",
        "---\ntitle: Pictures\n---\n\n![A described chart](/chart.png)\n\nText, then an image:\n\n  ![](/blank.png)\n",
    )
    .file("static/chart.png", b"\x89PNG")
    .file("static/blank.png", b"\x89PNG");
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let w = &report.warnings[0];
    assert!(!w.is_error());
    assert_eq!(place(w), ("content/guides/pictures.md".to_string(), 9, 3));
    assert!(w.message.contains("alt text"), "{w}");
    assert!(
        site.read("guides/pictures/index.html")
            .contains("src=\"../../blank.png\""),
        "the page is still built"
    );
}

#[test]
fn level_one_heading_in_the_body_is_a_warning() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/h1.md",
        "---\ntitle: H1\n---\n\nIntro.\n\n# Second title\n",
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(
        place(&report.warnings[0]),
        ("content/guides/h1.md".to_string(), 7, 1)
    );
}

#[test]
fn html_in_a_title_is_escaped() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/escaping.md",
        "---\ntitle: \"Fish & <Chips>\"\n---\n\nBody.\n",
    );
    site.build_ok();
    let main = site.main_of("guides/escaping/index.html");
    assert!(main.contains("<h1>Fish &amp; &lt;Chips&gt;</h1>"), "{main}");
}

const ALERTS: &str = "---\ntitle: Alerts\n---\n\nBefore the callouts.\n\n> [!NOTE]\n> Programs publish their own requirements.\n\n> [!TIP]\n> Ask your letter writers [early](https://example.org/letters).\n\n> [!IMPORTANT]\n> Certify your rank order list.\n>\n> - Check the status.\n> - Check it again.\n\n> [!WARNING]\n> The deadline is at 9 p.m. Eastern Time.\n\n> [!caution]\n> Never rank a program you would not attend.\n\n> A plain quote stays a quote.\n";

#[test]
fn github_alerts_render_as_callouts_as_snapshot() {
    let site = Site::fixture("markdown");
    site.file("content/guides/alerts.md", ALERTS);
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let main = site.main_of("guides/alerts/index.html");
    insta::assert_snapshot!(main);
}

#[test]
fn each_alert_is_a_titled_note_and_a_plain_quote_is_unchanged() {
    let site = Site::fixture("markdown");
    site.file("content/guides/alerts.md", ALERTS);
    site.build_ok();
    let main = site.main_of("guides/alerts/index.html");
    for (kind, title) in [
        ("note", "Note"),
        ("tip", "Tip"),
        ("important", "Important"),
        ("warning", "Warning"),
        ("caution", "Caution"),
    ] {
        let open = format!(
            "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
        );
        assert_eq!(main.matches(&open).count(), 1, "{open:?} in:\n{main}");
    }
    assert!(
        main.contains("<blockquote>\n<p>A plain quote stays a quote.</p>\n</blockquote>"),
        "{main}"
    );
    assert!(!main.contains("[!"), "no marker is left as text: {main}");
    assert!(!main.contains("markdown-alert"), "{main}");
    // The list page's summary is the first paragraph, not a callout.
    let list = site.main_of("guides/index.html");
    assert!(list.contains("Before the callouts."), "{list}");
    assert!(!list.contains("class=\"callout"), "{list}");
}

#[test]
fn template_syntax_of_other_generators_is_one_warning_per_file_at_its_first_place() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/hugo.md",
        "---\ntitle: From Hugo\n---\n\nIntro.\n\nRead the `{{< ref >}}` docs, then\n  see {{< ref \"visas.md\" >}} and {{% notice %}}.\n",
    )
    .file(
        "content/guides/jekyll.md",
        "---\ntitle: From Jekyll\n---\n\n```liquid\n{% include cta.html %}\n```\n\n> {% include cta.html %}\n\n[Home]({{ site.baseurl }}/)\n",
    );
    let report = site.build_ok();
    let mut warnings: Vec<_> = report
        .warnings
        .iter()
        .map(|w| (place(w), w.code.as_str(), w))
        .collect();
    warnings.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(warnings.len(), 2, "{:?}", report.warnings);
    assert_eq!(
        (warnings[0].0.clone(), warnings[0].1),
        (
            ("content/guides/hugo.md".to_string(), 8, 7),
            "markdown/foreign-syntax"
        )
    );
    assert_eq!(
        (warnings[1].0.clone(), warnings[1].1),
        (
            ("content/guides/jekyll.md".to_string(), 9, 3),
            "markdown/foreign-syntax"
        )
    );
    let text: Vec<String> = warnings
        .iter()
        .map(|(_, _, w)| site.redact(&w.to_string()))
        .collect();
    insta::assert_snapshot!(text.join("\n"));
    // Inert: written as it was, nothing run, nothing removed.
    let hugo = site.main_of("guides/hugo/index.html");
    assert!(
        hugo.contains("see {{&lt; ref \u{201c}visas.md\u{201d} &gt;}} and {{% notice %}}."),
        "{hugo}"
    );
    let jekyll = site.main_of("guides/jekyll/index.html");
    assert!(jekyll.contains("{% include cta.html %}"), "{jekyll}");
}

#[test]
fn template_syntax_only_in_code_is_not_reported() {
    let site = Site::fixture("markdown");
    site.file(
        "content/guides/docs.md",
        "---\ntitle: Migrating\n---\n\nWrite `{{< ref \"x.md\" >}}` as `[x](@/x.md)`.\n\n```\n{% raw %}{{ page.title }}{% endraw %}\n```\n\n    {{% notice %}}\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}
