//! Front matter: every mistake is reported at the right `file:line:col` of the markdown file
//! (the YAML's lines count from the `---` line), with a message a person can act on. Content
//! moved from other generators builds as it is: their keys are warnings whose values templates
//! read as `extra`, a title may come from the body's first heading, and dates may carry a time.

use matchpress::{Code, Diagnostic, Error};

use crate::support::{Site, only_error, place};

/// A guide template that shows the date and a few `extra` values, for the basic fixture.
const GUIDE_WITH_EXTRA: &str = "{% extends \"base.html\" %}{% block main %}<h1>{{ guide.title }}</h1>\
{% if guide.date %}<time>{{ guide.date.iso }}</time>{% endif %}\
{% if guide.extra.author %}<p class=\"author\">{{ guide.extra.author }}</p>{% endif %}\
{% if guide.extra.categories %}<ul class=\"categories\">{% for c in guide.extra.categories %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}\
{% if guide.extra.toc %}<p class=\"toc\">toc</p>{% endif %}\
{{ guide.content | safe }}{% endblock main %}";

/// The unknown-key warnings of a build, as (line, key, hint), for one file.
fn unknown_keys(warnings: &[Diagnostic], file: &str) -> Vec<(usize, String, String)> {
    warnings
        .iter()
        .filter(|d| d.code == Code::FrontMatterUnknownKey && place(d).0 == file)
        .map(|d| {
            let key = d.message.split('`').nth(1).unwrap_or_default().to_string();
            (place(d).1, key, d.hint.clone().unwrap_or_default())
        })
        .collect()
}

#[test]
fn missing_title_is_an_error_at_line_1_col_1() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/untitled.md",
        "---\ndescription: No title here.\n---\n\nBody.\n",
    );
    let error = site.build_err();
    assert!(matches!(error, Error::Site(_)), "{error:?}");
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/untitled.md".to_string(), 1, 1));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn file_without_front_matter_or_heading_is_missing_its_title() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/bare.md",
        "Just markdown.\n\n## Not a title\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/bare.md".to_string(), 1, 1));
    assert!(d.message.contains("title"), "{d}");
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("# Title") && hint.contains("---"), "{d}");
}

#[test]
fn toml_front_matter_is_named_in_the_missing_title_hint() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/hugo-toml.md",
        "+++\ntitle = \"From Hugo\"\n+++\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::FrontMatterMissingField);
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("TOML") && hint.contains("`---`"), "{d}");
}

#[test]
fn empty_title_without_a_heading_is_missing_not_silently_dropped() {
    // `title: ""` used to leave the page out with no problem reported.
    let site = Site::fixture("basic");
    site.file(
        "content/guides/empty.md",
        "---\ntitle: \"\"\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::FrontMatterMissingField);
    assert_eq!(place(d), ("content/guides/empty.md".to_string(), 1, 1));
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("title: ...") && hint.contains("# Title"),
        "both ways to give a title: {d}"
    );
}

#[test]
fn mkdocs_page_without_front_matter_is_titled_by_its_heading() {
    let site = Site::fixture("basic");
    // Line 6 has an image without alt text: its warning must still name line 6, though the
    // heading is no longer part of the body.
    site.file(
        "content/guides/setup.md",
        "\n# Setting *up* `matchpress` {#setup}\n\nFirst paragraph.\n\n![](https://example.test/pic.png)\n",
    );
    let report = site.build_ok();
    let warnings: Vec<(Code, (String, usize, usize))> =
        report.warnings.iter().map(|d| (d.code, place(d))).collect();
    assert_eq!(
        warnings,
        [(
            Code::MarkdownMissingAlt,
            ("content/guides/setup.md".to_string(), 6, 1)
        )],
        "no warning for the heading or the missing front matter"
    );
    let page = site.read("guides/setup/index.html");
    assert!(
        page.contains("<title>Setting up matchpress · Fixture Site</title>"),
        "{page}"
    );
    let main = site.main_of("guides/setup/index.html");
    assert!(
        main.starts_with("<main><h1>Setting up matchpress</h1>"),
        "{main}"
    );
    assert_eq!(
        main.matches("<h1").count(),
        1,
        "the heading is not repeated: {main}"
    );
    assert!(main.contains("<p>First paragraph.</p>"), "{main}");
    // Listed under its title.
    assert!(
        site.read("guides/index.html")
            .contains(">Setting up matchpress</a>"),
        "the guide list names it"
    );
}

#[test]
fn setext_heading_titles_a_page_and_later_lines_keep_their_place() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/setext.md",
        "---\ndescription: Underlined.\n---\nThe *Setext*\nTitle\n=====\n\nSee [nothing](@/guides/nothing.md).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::LinkBroken);
    assert_eq!(place(d), ("content/guides/setext.md".to_string(), 8, 5));
    let site = Site::fixture("basic");
    site.file(
        "content/guides/setext.md",
        "---\ndescription: Underlined.\n---\nThe *Setext*\nTitle\n=====\n\nBody.\n",
    );
    site.build_ok();
    let main = site.main_of("guides/setext/index.html");
    assert!(
        main.starts_with("<main><h1>The Setext Title</h1>"),
        "{main}"
    );
    assert!(!main.contains("====="), "{main}");
}

#[test]
fn front_matter_title_and_a_body_heading_keeps_the_h1_warning() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/both.md",
        "---\ntitle: From front matter\n---\n# From the body\n\nText.\n",
    );
    let report = site.build_ok();
    let warnings: Vec<(Code, (String, usize, usize))> =
        report.warnings.iter().map(|d| (d.code, place(d))).collect();
    assert_eq!(
        warnings,
        [(
            Code::MarkdownHeading1,
            ("content/guides/both.md".to_string(), 4, 1)
        )]
    );
    let main = site.main_of("guides/both/index.html");
    assert!(
        main.starts_with("<main><h1>From front matter</h1>"),
        "{main}"
    );
    assert!(
        main.contains("From the body"),
        "the body is kept whole: {main}"
    );
}

#[test]
fn section_index_takes_its_heading_and_extra() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/exams/_index.md",
        "---\nsort_by: title\nextra:\n  icon: pencil\n---\n# Exams and scores\n\nEvery exam.\n",
    )
    .file(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>{% if section.extra.icon %}<p class=\"icon\">{{ section.extra.icon }}</p>{% endif %}{{ section.content | safe }}\
<ul>{% for s in subsections %}<li>{{ s.title }}{% if s.extra.icon %} ({{ s.extra.icon }}){% endif %}</li>{% endfor %}</ul>{% endblock main %}",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let main = site.main_of("guides/exams/index.html");
    assert!(
        main.starts_with(
            "<main><h1>Exams and scores</h1><p class=\"icon\">pencil</p><p>Every exam.</p>"
        ),
        "{main}"
    );
    let parent = site.main_of("guides/index.html");
    assert!(
        parent.contains("<li>Exams and scores (pencil)</li>"),
        "{parent}"
    );
}

#[test]
fn bad_yaml_on_front_matter_line_2_is_reported_on_file_line_3() {
    let site = Site::fixture("basic");
    // YAML line 2 is indented under a scalar; the `---` line makes it file line 3.
    site.file(
        "content/guides/indented.md",
        "---\ntitle: Indented\n  description: too far in\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/indented.md".to_string(), 3, 14),
        "{d}"
    );
    assert!(d.message.starts_with("invalid YAML"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn second_colon_on_yaml_line_2_is_reported_on_file_line_3() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/colons.md",
        "---\ntitle: Colons\ndescription: Step 2: the exam\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(
        (path.as_str(), line),
        ("content/guides/colons.md", 3),
        "{d}"
    );
}

#[test]
fn unclosed_list_is_reported_where_the_parser_stops() {
    let site = Site::fixture("basic");
    // The `[` of YAML line 2 is never closed; the parser notices at the `:` of YAML line 3,
    // which is file line 4.
    site.file(
        "content/guides/broken.md",
        "---\ntitle: Broken\ntags: [visas, exams\ndescription: x\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/broken.md".to_string(), 4, 12),
        "{d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn unknown_field_is_a_warning_that_says_did_you_mean_at_its_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/typo.md",
        "---\ntitle: Typo\ndesciption: A misspelt key.\n---\n\nBody.\n",
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let d = &report.warnings[0];
    assert!(!d.is_error());
    assert_eq!(place(d), ("content/guides/typo.md".to_string(), 3, 1));
    assert_eq!(d.code, Code::FrontMatterUnknownKey);
    assert_eq!(d.message, "unknown key `desciption` in the front matter");
    assert_eq!(d.hint.as_deref(), Some("did you mean `description`?"));
    insta::assert_snapshot!(site.redact(&d.to_string()));
}

#[test]
fn misspelt_title_falls_back_to_the_heading_or_is_missing() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/titel.md",
        "---\ntitel: Typed title\n---\n\n# Heading title\n\nBody.\n",
    );
    let report = site.build_ok();
    let keys = unknown_keys(&report.warnings, "content/guides/titel.md");
    assert_eq!(
        keys,
        [(2, "titel".to_string(), "did you mean `title`?".to_string())]
    );
    assert!(
        site.main_of("guides/titel/index.html")
            .starts_with("<main><h1>Heading title</h1>")
    );

    // Without a heading there is no title: the error, beside the warning that explains it.
    site.file(
        "content/guides/titel.md",
        "---\ntitel: Typed title\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::FrontMatterMissingField);
    assert!(
        error
            .diagnostics()
            .iter()
            .any(|w| w.code == Code::FrontMatterUnknownKey
                && w.hint.as_deref() == Some("did you mean `title`?")),
        "{error}"
    );
}

#[test]
fn jekyll_post_builds_with_warnings_and_its_date_as_written() {
    let site = Site::fixture("basic");
    site.file("templates/guide.html", GUIDE_WITH_EXTRA).file(
        "content/guides/2007-01-01-welcome.md",
        "---\nlayout: post\ntitle: Welcome\ncategories: [a, b]\npermalink: /x/\ndate: 2007-01-01 00:00:00 +0700\nauthor: Jane Doe\n---\n\nHello.\n",
    );
    let report = site.build_ok();
    let keys = unknown_keys(&report.warnings, "content/guides/2007-01-01-welcome.md");
    let lines: Vec<(usize, &str)> = keys.iter().map(|(l, k, _)| (*l, k.as_str())).collect();
    assert_eq!(
        lines,
        [
            (2, "layout"),
            (4, "categories"),
            (5, "permalink"),
            (7, "author")
        ],
        "{:?}",
        report.warnings
    );
    assert_eq!(report.warnings.len(), 4, "{:?}", report.warnings);
    let hint = |key: &str| &keys.iter().find(|(_, k, _)| k == key).expect("warned").2;
    assert!(
        hint("permalink").contains("`slug:`"),
        "{}",
        hint("permalink")
    );
    assert!(
        hint("permalink").contains("`aliases:`"),
        "{}",
        hint("permalink")
    );
    assert!(
        hint("categories").contains("`tags:`"),
        "{}",
        hint("categories")
    );
    assert!(
        hint("author").contains("`extra.author`"),
        "{}",
        hint("author")
    );
    // Its URL is matchpress's, not the permalink's; its date is the calendar date written.
    let main = site.main_of("guides/2007-01-01-welcome/index.html");
    assert!(!site.exists("x/index.html"));
    assert!(main.contains("<time>2007-01-01</time>"), "{main}");
    assert!(main.contains("<p class=\"author\">Jane Doe</p>"), "{main}");
    assert!(
        main.contains("<ul class=\"categories\"><li>a</li><li>b</li></ul>"),
        "{main}"
    );
}

#[test]
fn hugo_page_builds_with_a_hint_for_lastmod_and_its_values_in_extra() {
    let site = Site::fixture("basic");
    site.file("templates/guide.html", GUIDE_WITH_EXTRA).file(
        "content/guides/hugo.md",
        "---\ntitle: From Hugo\ndate: 2026-03-28T23:30:00-05:00\nlastmod: 2026-04-02T08:00:00Z\ntoc: true\ndraft: false\nsummary: A short one.\n---\n\nHello.\n",
    );
    let report = site.build_ok();
    let keys = unknown_keys(&report.warnings, "content/guides/hugo.md");
    let lines: Vec<(usize, &str)> = keys.iter().map(|(l, k, _)| (*l, k.as_str())).collect();
    assert_eq!(lines, [(4, "lastmod"), (5, "toc"), (7, "summary")]);
    assert!(keys[0].2.contains("`updated:`"), "{}", keys[0].2);
    assert!(keys[2].2.contains("`description:`"), "{}", keys[2].2);
    let main = site.main_of("guides/hugo/index.html");
    // The date as written: 23:30 at -05:00 is the 28th, though it is the 29th in UTC.
    assert!(main.contains("<time>2026-03-28</time>"), "{main}");
    assert!(main.contains("<p class=\"toc\">toc</p>"), "{main}");
}

#[test]
fn extra_values_reach_templates_and_explicit_extra_wins_without_a_warning() {
    let site = Site::fixture("basic");
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\
{% if page.extra.author %}<p class=\"author\">{{ page.extra.author }}</p>{% endif %}\
{% if page.extra.social %}<p class=\"social\">{{ page.extra.social.mastodon }} {{ page.extra.social.posts | length }} {{ page.extra.social.posts[1] }} {{ page.extra.rating }} {{ page.extra.hidden }}</p>{% endif %}\
{{ page.content | safe }}{% endblock main %}",
    )
    .file(
        "content/team.md",
        "---\ntitle: Team\nauthor: Top level\nextra:\n  author: Explicit\n  social:\n    mastodon: \"@team\"\n    posts: [1, two, null]\n  rating: 4.5\n  hidden: false\n---\n\nWho we are.\n",
    );
    let report = site.build_ok();
    // The keys under `extra:` are not warned about; the top-level `author` is, and says that
    // `extra:` gives it too.
    let keys = unknown_keys(&report.warnings, "content/team.md");
    assert_eq!(keys.len(), 1, "{:?}", report.warnings);
    assert_eq!((keys[0].0, keys[0].1.as_str()), (3, "author"));
    assert!(
        keys[0].2.contains("`extra:` gives `author` too"),
        "{}",
        keys[0].2
    );
    let main = site.main_of("team/index.html");
    assert!(main.contains("<p class=\"author\">Explicit</p>"), "{main}");
    assert!(
        main.contains("<p class=\"social\">@team 3 two 4.5 false</p>"),
        "{main}"
    );
    // A page without extra values renders too.
    assert!(site.main_of("about/index.html").contains("About"));
}

#[test]
fn extra_that_is_not_a_mapping_is_a_wrong_type_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/listed.md",
        "---\ntitle: Listed\nextra: [a, b]\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, Code::FrontMatterWrongType);
    assert_eq!(place(d), ("content/guides/listed.md".to_string(), 3, 8));
    assert!(d.message.contains("`extra` must be a mapping"), "{d}");
}

#[test]
fn a_repeated_unknown_key_is_a_duplicate_key_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/twice.md",
        "---\ntitle: Twice\nauthor: A\nauthor: B\nextra:\n  x: 1\n  x: 2\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let mut duplicates: Vec<(usize, usize)> = error
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::FrontMatterDuplicateKey)
        .map(|d| (place(d).1, d.related[0].location.line))
        .collect();
    duplicates.sort_unstable();
    assert_eq!(duplicates, [(4, 3), (7, 6)], "{error}");
}

#[test]
fn wrong_type_says_what_was_expected_at_the_value() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/heavy.md",
        "---\ntitle: Heavy\nweight: heavy\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/heavy.md".to_string(), 3, 9));
    assert!(d.message.contains("whole number"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn list_where_text_is_expected_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/listy.md",
        "---\ntitle: Listy\ndescription:\n  - not\n  - text\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    let (path, line, _) = place(d);
    assert_eq!(path, "content/guides/listy.md");
    assert!(
        (3..=4).contains(&line),
        "the list starts on line 3 or 4: {d}"
    );
}

#[test]
fn invalid_date_is_an_error_at_the_value() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/leap.md",
        "---\ntitle: Leap\ndate: 2026-02-30\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/leap.md".to_string(), 3, 7));
    assert!(d.message.contains("2026-02-30"), "{d}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn date_in_another_format_is_an_error() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/us-date.md",
        "---\ntitle: US date\nupdated: 03/28/2026\n---\n\nBody.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/us-date.md".to_string(), 3, 10));
    assert!(d.message.starts_with("`updated` must be"), "{d}");
    assert!(d.message.contains("YYYY-MM-DD"), "{d}");
    assert!(d.message.contains("`03/28/2026`"), "{d}");
}

#[test]
fn unclosed_front_matter_is_an_error_at_line_1() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/open.md",
        "---\ntitle: Never closed\n\nThe body starts here.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/open.md".to_string(), 1, 1));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn section_index_front_matter_errors_are_located_too() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/exams/_index.md",
        "---\ntitle: Exams\nsort_by: newest\n---\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(
        place(d),
        ("content/guides/exams/_index.md".to_string(), 3, 10)
    );
    assert!(d.message.contains("`newest`"), "{d}");
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.file("content/guides/one.md", "---\ndescription: no title\n---\n")
        .file(
            "content/guides/two.md",
            "---\ntitle: Two\nweight: heavy\n---\n",
        )
        .file(
            "content/guides/three.md",
            "---\ntitle: Three\ndate: 2026-13-01\n---\n",
        )
        .file("content/guides/four.md", "---\ntitle: Four\n")
        .file(
            "content/guides/five.md",
            "---\ntitle: Five\ndate: yesterday\nupdated: tomorrow\n---\n",
        );
    let error = site.build_err();
    let errors: Vec<_> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let places: Vec<(String, usize, usize)> = errors.iter().map(|d| place(d)).collect();
    assert_eq!(
        places,
        vec![
            ("content/guides/five.md".to_string(), 3, 7),
            ("content/guides/five.md".to_string(), 4, 10),
            ("content/guides/four.md".to_string(), 1, 1),
            ("content/guides/one.md".to_string(), 1, 1),
            ("content/guides/three.md".to_string(), 3, 7),
            ("content/guides/two.md".to_string(), 3, 9),
        ],
        "six problems in five files, sorted by file and line:\n{error}"
    );
    assert!(error.to_string().ends_with("\n6 errors\n"), "{error}");
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn a_broken_page_does_not_hide_a_broken_link_elsewhere() {
    let site = Site::fixture("basic");
    site.file("content/guides/one.md", "---\ndescription: no title\n---\n")
        .file(
            "content/guides/two.md",
            "---\ntitle: Two\n---\n\nSee [nothing](@/guides/nothing.md).\n",
        );
    let error = site.build_err();
    let files: Vec<String> = error.diagnostics().iter().map(|d| place(d).0).collect();
    assert!(
        files.contains(&"content/guides/one.md".to_string()),
        "{error}"
    );
    assert!(
        files.contains(&"content/guides/two.md".to_string()),
        "{error}"
    );
}
