//! Internal links: `@/path.md` and `@/path.md#anchor` become relative links that lead to the
//! target's output file from every page that shows them (the page itself and the lists that
//! show its summary); a missing page or anchor is an error at the link's `file:line:col`.

use crate::support::{Site, follow, href_of_link, hrefs, only_error, place};

const LINKER: &str = "---\ntitle: Linker\ndate: 2026-05-01\ntags: [visas]\n---\n\nRead [alpha](@/guides/alpha.md) and [its overview](@/guides/alpha.md#overview) first.\n\nAlso [delta](@/guides/exams/delta.md), [the exams](@/guides/exams/_index.md) and [home](@/_index.md).\n";

#[test]
fn internal_links_become_relative_links_to_the_target_page() {
    let site = Site::fixture("basic");
    site.file("content/guides/linker.md", LINKER);
    site.build_ok();
    let from = "guides/linker/index.html";
    let html = site.main_of(from);
    for (text, target) in [
        ("alpha", "guides/alpha/index.html"),
        ("its overview", "guides/alpha/index.html"),
        ("delta", "guides/exams/delta/index.html"),
        ("the exams", "guides/exams/index.html"),
        ("home", "index.html"),
    ] {
        let href = href_of_link(&html, text);
        assert_eq!(follow(from, &href), target, "{text}: {href}");
        assert!(
            href.ends_with("index.html") || href.contains("index.html#"),
            "portable: {href}"
        );
        assert!(site.exists(target));
    }
    assert!(href_of_link(&html, "its overview").ends_with("/alpha/index.html#overview"));
    assert!(!html.contains("@/"), "no link is left unresolved:\n{html}");
    assert!(
        !html.contains('\u{E000}'),
        "no placeholder is left:\n{html}"
    );
}

#[test]
fn link_from_a_nested_page_climbs_the_right_number_of_folders() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/exams/delta.md",
        "---\ntitle: Delta Guide\ndate: 2025-12-01\n---\n\nSee [about](@/about.md#who).\n",
    )
    .file(
        "content/about.md",
        "---\ntitle: About\n---\n\n## Who\n\nUs.\n",
    );
    site.build_ok();
    let from = "guides/exams/delta/index.html";
    let href = href_of_link(&site.main_of(from), "about");
    assert_eq!(href, "../../../about/index.html#who");
    assert_eq!(follow(from, &href), "about/index.html");
}

#[test]
fn summaries_on_list_pages_link_from_the_list_page() {
    let site = Site::fixture("basic");
    site.file("content/guides/linker.md", LINKER);
    site.build_ok();
    // The linker's first paragraph (its summary) is shown on lists at three depths.
    for list in ["index.html", "guides/index.html", "tags/visas/index.html"] {
        let html = site.main_of(list);
        let href = href_of_link(&html, "its overview");
        assert_eq!(
            follow(list, &href),
            "guides/alpha/index.html",
            "on {list}: {href}"
        );
        assert!(href.ends_with("#overview"), "on {list}: {href}");
    }
    // Beta's summary links to alpha on the fixture's lists as well.
    for list in ["index.html", "guides/index.html"] {
        let href = href_of_link(&site.main_of(list), "the alpha guide");
        assert_eq!(
            follow(list, &href),
            "guides/alpha/index.html",
            "on {list}: {href}"
        );
    }
}

#[test]
fn feed_summaries_use_absolute_links() {
    let site = Site::fixture("basic");
    site.build_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("&lt;a href=&quot;https://example.test/docs/guides/alpha/&quot;&gt;the alpha guide&lt;/a&gt;"),
        "{atom}"
    );
}

#[test]
fn every_link_of_every_page_leads_to_an_output_file() {
    let site = Site::fixture("basic");
    site.file("content/guides/linker.md", LINKER);
    site.build_ok();
    for page in site
        .outputs()
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        for href in hrefs(&site.read(page)) {
            if href.starts_with('#') || href.contains("://") {
                continue;
            }
            let target = follow(page, &href);
            assert!(
                site.exists(&target),
                "{page} links to {href}, which leads to missing {target}"
            );
        }
    }
}

#[test]
fn link_to_a_missing_page_is_an_error_at_the_link() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/beta.md",
        "---\ntitle: Beta Guide\ndate: 2026-02-20\n---\n\nIntro.\n\nSee  [the checklist](@/guides/interview-checklist.md) now.\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/beta.md".to_string(), 8, 6));
    assert!(
        d.message.contains("`@/guides/interview-checklist.md`"),
        "{d}"
    );
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn link_with_a_typo_suggests_the_page() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/beta.md",
        "---\ntitle: Beta Guide\n---\n\nSee [alpha](@/guides/alhpa.md).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/beta.md".to_string(), 5, 5));
    assert_eq!(d.hint.as_deref(), Some("did you mean `@/guides/alpha.md`?"));
}

#[test]
fn link_to_a_missing_page_with_a_short_name_suggests_no_unrelated_page() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/beta.md",
        "---\ntitle: Beta Guide\n---\n\nSee [gone](@/guides/gone.md).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/beta.md".to_string(), 5, 5));
    // `gone` shares no letter position with `beta`, `gamma` or `_index`: not a typo of them.
    assert!(
        !d.hint.as_deref().unwrap_or("").contains("did you mean"),
        "an unrelated page is suggested: {d}"
    );
}

#[test]
fn link_to_a_missing_anchor_is_an_error_at_the_link() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/beta.md",
        "---\ntitle: Beta Guide\n---\n\n- one\n- see [steps](@/guides/alpha.md#next-step)\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(place(d), ("content/guides/beta.md".to_string(), 6, 7));
    assert!(d.message.contains("#next-step"), "{d}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `#next-steps`?"));
    insta::assert_snapshot!(site.diagnostics_text(&error));
}

#[test]
fn link_to_a_page_with_a_front_matter_error_adds_no_second_error() {
    let site = Site::fixture("basic");
    // Its front matter does not parse: alpha cannot stand and is left out of the site.
    site.file(
        "content/guides/alpha.md",
        "---\ntitle: Alpha\ndate: soon: later\n---\n\nAlpha.\n",
    );
    let error = site.build_err();
    // Beta and the linker link to alpha. Alpha is broken, not missing and not a draft: its own
    // error is the one to fix, and an error at every link to it would be noise.
    site.file("content/guides/linker.md", LINKER);
    let error_with_more_links = site.build_err();
    for error in [&error, &error_with_more_links] {
        let d = only_error(error);
        assert_eq!(
            place(d),
            ("content/guides/alpha.md".to_string(), 3, 11),
            "{error}"
        );
        assert_eq!(d.code, matchpress::Code::FrontMatterSyntax, "{error}");
        assert!(!error.to_string().contains("draft"), "{error}");
    }
}

/// A guide with a link of every form that leads somewhere, one per line.
const EVERY_FORM: &str = "---\ntitle: Forms\n---\n\n## Intro\n\n[root](/guides/alpha/)\n[relative](../alpha/)\n[index](../alpha/index.html)\n[fragment](../alpha/#overview)\n[root fragment](/guides/alpha/#next-steps)\n[same page](#intro)\n[file](alpha.md#overview)\n[at file](@/guides/exams/delta.md)\n[static](/style.css)\n![picture](/style.css)\n[section](/guides/exams/)\n[no slash](/about)\n\n<p><a href=\"/about/\">raw</a> <a href='../beta/'>raw relative</a></p>\n";

#[test]
fn every_link_form_that_leads_somewhere_passes_and_works_from_disk() {
    let site = Site::fixture("basic");
    site.file("content/guides/forms.md", EVERY_FORM);
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.links > 50, "links were checked: {}", report.links);
    let from = "guides/forms/index.html";
    let html = site.main_of(from);
    for (text, target) in [
        ("root", "guides/alpha/index.html"),
        ("relative", "guides/alpha/index.html"),
        ("index", "guides/alpha/index.html"),
        ("fragment", "guides/alpha/index.html"),
        ("root fragment", "guides/alpha/index.html"),
        ("file", "guides/alpha/index.html"),
        ("at file", "guides/exams/delta/index.html"),
        ("static", "style.css"),
        ("section", "guides/exams/index.html"),
        ("no slash", "about/index.html"),
        ("raw", "about/index.html"),
    ] {
        let href = href_of_link(&html, text);
        // Root-relative links are rewritten like the others: relative, ending in index.html,
        // so they work from disk and under the base URL's sub-path.
        assert!(!href.starts_with('/'), "{text}: {href}");
        assert_eq!(follow(from, &href), target, "{text}: {href}");
        assert!(site.exists(target), "{target}");
    }
    assert!(
        html.contains("<a href='../../guides/beta/index.html'>raw relative</a>"),
        "raw HTML keeps its quotes: {html}"
    );
    assert_eq!(href_of_link(&html, "same page"), "#intro");
    assert!(href_of_link(&html, "root fragment").ends_with("#next-steps"));
    assert!(
        html.contains("<img src=\"../../style.css\" alt=\"picture\" />"),
        "{html}"
    );
}

#[test]
fn root_relative_links_follow_the_base_path_with_clean_links() {
    let site = Site::fixture("basic");
    site.edit_text("site.yaml", "author:", "link_style: clean\nauthor:")
        .file("content/guides/forms.md", EVERY_FORM);
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let html = site.main_of("guides/forms/index.html");
    assert_eq!(href_of_link(&html, "root"), "/docs/guides/alpha/");
    assert_eq!(href_of_link(&html, "raw"), "/docs/about/");
    assert_eq!(href_of_link(&html, "no slash"), "/docs/about/");
}

#[test]
fn every_broken_link_form_is_reported_where_it_is_written_in_one_run() {
    use matchpress::Code::{LinkBroken, LinkBrokenAnchor};
    let site = Site::fixture("basic");
    site.file(
        "content/guides/broken.md",
        "---\ntitle: Broken\n---\n\n[a](/guides/nope/)\n[b](../nope/)\n[c](nope.html)\n[d](../alpha/index.html#nope)\n[e](#missing)\n[f](../../../../up/)\n[g](missing.md)\n\n<a href=\"/nowhere/\">h</a>\n<img src=\"/img/none.png\" alt=\"i\">\n",
    );
    let error = site.build_err();
    let found: Vec<(matchpress::Code, usize, usize)> = error
        .diagnostics()
        .iter()
        .map(|d| {
            let (path, line, col) = place(d);
            assert_eq!(path, "content/guides/broken.md", "{d}");
            (d.code, line, col)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (LinkBroken, 5, 1),
            (LinkBroken, 6, 1),
            (LinkBroken, 7, 1),
            (LinkBrokenAnchor, 8, 1),
            (LinkBrokenAnchor, 9, 1),
            (LinkBroken, 10, 1),
            (LinkBroken, 11, 1),
            (LinkBroken, 13, 10),
            (LinkBroken, 14, 11),
        ],
        "{error}"
    );
    let text = site.diagnostics_text(&error);
    assert!(
        text.contains("broken link `../nope/`: nothing is published at /guides/nope/"),
        "{text}"
    );
    assert!(
        text.contains("`../../../../up/`") && text.contains("leads outside the site"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `#next-steps`?") || text.contains("`#overview`"),
        "{text}"
    );
    assert!(
        !site.exists("guides/broken/index.html"),
        "nothing is written"
    );
}

#[test]
fn broken_link_in_a_template_is_reported_once_at_the_template_line() {
    let site = Site::fixture("basic");
    site.edit_text(
        "themes/default/templates/base.html",
        "<main>",
        "<a href=\"{{ root }}abuot/index.html\">About</a>\n<main>",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::LinkBroken);
    assert_eq!(
        place(d),
        ("themes/default/templates/base.html".to_string(), 6, 10),
        "{d}"
    );
    assert!(
        d.message.starts_with(
            "broken link `{{ root }}abuot/index.html`: nothing is published at /abuot/"
        ),
        "the link as the template writes it: {d}"
    );
    assert!(
        d.message.contains("more pages)"),
        "one diagnostic for every page: {d}"
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `/about/`?"), "{d}");
}

#[test]
fn broken_fragment_in_a_template_is_checked_against_the_page() {
    let site = Site::fixture("basic");
    site.edit_text(
        "themes/default/templates/guide.html",
        "<h1>",
        "<a href=\"#comments\">Comments</a><h1>",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::LinkBrokenAnchor);
    assert_eq!(
        place(d),
        ("themes/default/templates/guide.html".to_string(), 1, 51),
        "{d}"
    );
    assert!(
        d.message
            .contains("on /guides/alpha/, /guides/beta/ and 2 more pages"),
        "{d}"
    );
}

#[test]
fn broken_link_in_program_notes_is_reported_at_the_notes() {
    let site = Site::fixture("directory");
    site.edit_text(
        "data/programs/pediatrics.yaml",
        "    last_verified: 2026-02-14\n",
        "    last_verified: 2026-02-14\n    notes: See [the guide](/guides/none/).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::LinkBroken);
    assert_eq!(
        place(d),
        ("data/programs/pediatrics.yaml".to_string(), 19, 12),
        "{d}"
    );
    assert!(d.message.contains("`/guides/none/`"), "{d}");
}

#[test]
fn root_relative_link_to_a_draft_says_it_is_a_draft() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/secret.md",
        "---\ntitle: Secret\ndraft: true\n---\n\nSoon.\n",
    )
    .file(
        "content/guides/teaser.md",
        "---\ntitle: Teaser\n---\n\nSee [soon](/guides/secret/).\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::LinkToDraft);
    assert_eq!(place(d), ("content/guides/teaser.md".to_string(), 5, 5));
    site.build_with(|o| o.drafts = true)
        .expect("with drafts the link leads to the page");
}

#[test]
fn regression_a_tag_or_comment_spanning_lines_of_an_html_block_is_read_whole() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/html.md",
        "---\ntitle: Html\n---\n\n<p>\n  <a class=\"button\"\n     href=\"@/guides/alpha.md\">Alpha</a>\n  <a\n     href=\"/guides/beta/\">Beta</a>\n</p>\n\n<!--\n<a href=\"@/guides/not-yet.md\">later</a>\n-->\n\n<div>\n<a\n  href=\"/nowhere/\">x</a>\n</div>\n",
    );
    let error = site.build_err();
    let d = only_error(&error);
    // Only the link that is broken, at its value, on the line it is written.
    assert_eq!(
        place(d),
        ("content/guides/html.md".to_string(), 18, 9),
        "{d}"
    );
    site.edit_text("content/guides/html.md", "/nowhere/", "/about/");
    site.build_ok();
    let html = site.main_of("guides/html/index.html");
    assert_eq!(
        follow("guides/html/index.html", &href_of_link(&html, "Alpha")),
        "guides/alpha/index.html"
    );
    assert!(
        html.contains("href=\"../../guides/beta/index.html\">Beta</a>"),
        "{html}"
    );
}

#[test]
fn regression_an_image_in_a_heading_is_rewritten_and_checked() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/logo.md",
        "---\ntitle: Logo\n---\n\n## Section ![logo](/style.css)\n\n## Other ![](/style.css)\n",
    );
    let report = site.build_ok();
    let html = site.main_of("guides/logo/index.html");
    assert!(
        html.contains("<img src=\"../../style.css\" alt=\"logo\" />"),
        "{html}"
    );
    assert_eq!(
        report.warnings.len(),
        1,
        "the image without alt text: {:?}",
        report.warnings
    );
    assert_eq!(
        place(&report.warnings[0]),
        ("content/guides/logo.md".to_string(), 7, 10)
    );
}

#[test]
fn regression_private_use_characters_in_text_do_not_hide_links() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/icons.md",
        "---\ntitle: Icons\n---\n\nIcon \u{E000} home, `code \u{E001}`, then [alpha](/guides/nope/) and text.\n",
    );
    let error = site.build_err();
    assert_eq!(only_error(&error).code, matchpress::Code::LinkBroken);
    site.edit_text("content/guides/icons.md", "/guides/nope/", "/guides/alpha/");
    site.build_ok();
    let html = site.main_of("guides/icons/index.html");
    assert!(html.contains("Icon &#xE000; home"), "{html}");
    assert!(html.contains("and text."), "{html}");
    assert_eq!(
        follow("guides/icons/index.html", &href_of_link(&html, "alpha")),
        "guides/alpha/index.html"
    );
}

#[test]
fn regression_an_empty_comment_hides_no_link() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/comment.md",
        "---\ntitle: Comment\n---\n\nIntro <!--> and text.\n\nSee [x](/guides/nope/).\n",
    );
    let error = site.build_err();
    assert_eq!(
        place(only_error(&error)),
        ("content/guides/comment.md".to_string(), 7, 5)
    );
}

#[test]
fn regression_a_draft_with_the_url_of_a_published_page_does_not_hide_it() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/alpha-v2.md",
        "---\ntitle: Alpha 2\nslug: alpha\ndraft: true\n---\n\nSoon.\n",
    )
    .file(
        "content/guides/linker.md",
        "---\ntitle: Linker\n---\n\n[a](/guides/alpha/)\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn regression_a_menu_entry_that_leads_to_a_draft_is_an_error() {
    let site = Site::fixture("basic");
    site.edit_text(
        "content/about.md",
        "title: About",
        "title: About\ndraft: true",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::ConfigMenuTarget);
    assert!(d.message.contains("a draft"), "{d}");
}

#[test]
fn regression_percent_encoded_markdown_file_links_are_found() {
    let site = Site::fixture("basic");
    site.file(
        "content/guides/my notes.md",
        "---\ntitle: My notes\n---\n\nNotes.\n",
    )
    .file(
        "content/guides/linker.md",
        "---\ntitle: Linker\n---\n\n[a](my%20notes.md) and [b](@/guides/my%20notes.md)\n",
    );
    site.build_ok();
}

#[test]
fn regression_a_fragment_through_a_path_without_a_slash_names_the_page_ids() {
    let site = Site::fixture("basic");
    site.edit_text(
        "themes/default/templates/page.html",
        "{{ page.title }}",
        "{{ page.title }}<a href=\"{{ root }}guides/alpha#overveiw\">see</a>",
    );
    let error = site.build_err();
    let d = only_error(&error);
    assert_eq!(d.code, matchpress::Code::LinkBrokenAnchor);
    assert_eq!(d.hint.as_deref(), Some("did you mean `#overview`?"), "{d}");
}

#[test]
fn imported_root_links_with_or_without_the_base_path_work_and_broken_ones_can_be_downgraded() {
    // Content moved from a site that was published under the same sub-path (`/docs/`) writes
    // its links both ways; a link to a page that did not come along is `link/broken`.
    let site = Site::fixture("basic");
    site.file(
        "content/guides/imported.md",
        "---\ntitle: Imported\n---\n\n[plain](/guides/alpha/) [prefixed](/docs/guides/alpha/) [gone](/guides/old-archive/)\n",
    );
    let error = site.build_err();
    let broken = only_error(&error);
    assert_eq!(broken.code, matchpress::Code::LinkBroken);
    assert_eq!(
        place(broken),
        ("content/guides/imported.md".to_string(), 5, 57)
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  link/broken: warning\n"),
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let html = site.main_of("guides/imported/index.html");
    for text in ["plain", "prefixed"] {
        assert_eq!(
            follow("guides/imported/index.html", &href_of_link(&html, text)),
            "guides/alpha/index.html",
            "{text}"
        );
    }
    assert_eq!(
        follow("guides/imported/index.html", &href_of_link(&html, "gone")),
        "guides/old-archive/index.html",
        "a downgraded broken link is kept as written"
    );
}
