//! Search, the theme's side: the `/search/` page (its scripts, where it finds the index and the
//! site's root, its links for readers without JavaScript), the search box every page's header
//! sends to it, and no trace of the Pagefind markup the theme once carried. What the index holds
//! is tested beside the index (`src/search.rs`).

use crate::support::{Site, follow, href_of_link};

fn site() -> Site {
    let site = Site::fixture_with_default_theme("directory");
    site.build_ok();
    site
}

/// The value of `attr` on the first element that has it.
fn attr(html: &str, attr: &str) -> String {
    let needle = format!(" {attr}=\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no {attr} in {html}"))
        + needle.len();
    html[at..at + html[at..].find('"').expect("the attribute's end")].to_string()
}

#[test]
fn the_search_page_loads_the_engine_then_the_page_script_and_names_the_index_and_the_root() {
    let site = site();
    let page = "search/index.html";
    let html = site.read(page);
    let engine = html
        .find("<script src=\"../search-engine.js\" defer></script>")
        .expect("the engine's script");
    let script = html
        .find("<script src=\"../search.js\" defer></script>")
        .expect("the page's script");
    assert!(engine < script, "search.js needs the engine loaded first");
    for file in ["search-engine.js", "search.js"] {
        assert!(site.exists(file), "{file} is not in the output");
    }
    let root = &html[html.find("id=\"search\"").expect("the page's root element")..];
    // The index's folder, relative to the page, holds the index.json the build wrote.
    let index = attr(root, "data-index");
    assert_eq!(index, "../search-index/");
    let index_json = follow(page, &format!("{index}index.json"));
    assert_eq!(index_json, "search-index/index.json");
    assert!(site.read(&index_json).contains("\"generation\""));
    // The index's paths are relative to the site's root; the site's links end in index.html.
    assert_eq!(attr(root, "data-root"), "../");
    assert_eq!(attr(root, "data-suffix"), "index.html");
}

#[test]
fn with_clean_links_the_search_page_names_the_index_from_the_site_root_and_no_suffix() {
    let site = Site::fixture_with_default_theme("directory");
    site.edit_text(
        "site.yaml",
        "author: Fixture Author\n",
        "author: Fixture Author\nlink_style: clean\n",
    );
    site.build_ok();
    let html = site.read("search/index.html");
    let root = &html[html.find("id=\"search\"").expect("the page's root element")..];
    assert_eq!(attr(root, "data-index"), "/docs/search-index/");
    assert_eq!(attr(root, "data-root"), "/docs/");
    assert_eq!(attr(root, "data-suffix"), "");
}

#[test]
fn the_search_page_links_to_the_guides_tags_and_directory_for_readers_without_javascript() {
    let site = site();
    let page = "search/index.html";
    let html = site.read(page);
    assert!(html.contains("<form class=\"filters search-form\" role=\"search\""));
    assert!(html.contains("type=\"search\" name=\"q\""));
    assert!(html.contains("Search needs JavaScript and a web server."));
    // The status line that announces the count is a live region from the start.
    assert!(html.contains("id=\"search-status\" role=\"status\""));
    for (text, to) in [
        ("All guides", "guides/index.html"),
        ("Guides by tag", "tags/index.html"),
        ("The program directory", "programs/index.html"),
    ] {
        assert_eq!(follow(page, &href_of_link(&html, text)), to, "{text}");
    }
    // The page's own form is its search box: the header has none.
    assert!(!html.contains("class=\"site-search\""));
}

#[test]
fn the_search_page_of_a_site_without_tags_or_programs_links_to_the_guides_only() {
    let site = Site::fixture_with_default_theme("directory");
    site.remove_dir("data");
    site.edit_text(
        "site.yaml",
        "  - title: Programs\n    path: /programs/\n",
        "",
    );
    for guide in ["guides/im-match.md", "guides/step2.md"] {
        let rel = format!("content/{guide}");
        let text = site.text(&rel);
        let mut kept = String::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with("tags:") && !l.starts_with("specialties:"))
        {
            kept.push_str(line);
            kept.push('\n');
        }
        site.file(&rel, kept);
    }
    site.build_ok();
    let html = site.read("search/index.html");
    assert!(html.contains("All guides"));
    assert!(!html.contains("Guides by tag"));
    assert!(!html.contains("The program directory"));
}

#[test]
fn every_page_kind_has_a_header_search_box_that_sends_its_query_to_the_search_page() {
    let site = site();
    let program = site
        .outputs()
        .into_iter()
        .find(|p| p.starts_with("programs/internal-medicine/") && p.contains("1403521292"))
        .expect("the Brooklyn program's page");
    for page in [
        "index.html",
        "guides/index.html",
        "guides/im-match/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/visas/index.html",
        "programs/index.html",
        "programs/internal-medicine/index.html",
        program.as_str(),
        "smart-pick/index.html",
    ] {
        let html = site.read(page);
        let at = html
            .find("<form class=\"site-search\" role=\"search\"")
            .unwrap_or_else(|| panic!("{page} has no search box"));
        let form = &html[at..at + html[at..].find("</form>").expect("its end")];
        assert!(form.contains("method=\"get\""), "{form}");
        assert!(form.contains("name=\"q\""));
        assert!(form.contains("<label class=\"visually-hidden\" for=\"site-search-q\">"));
        let action = form
            .split("action=\"")
            .nth(1)
            .and_then(|a| a.split('"').next())
            .expect("an action");
        assert_eq!(follow(page, action), "search/index.html", "{page}");
    }
    // The 404 page, shown at any path, links from the site's root.
    assert!(site.read("404.html").contains("action=\"/docs/search/\""));
}

/// The index is made from the model, so pages carry nothing for an indexer: no Pagefind
/// attribute (the theme had them on guides, pages, programs and heading anchors) and no
/// request for a Pagefind bundle.
#[test]
fn no_page_or_script_of_the_theme_mentions_pagefind() {
    let site = site();
    let mut checked = 0;
    for file in site.outputs() {
        if !(file.ends_with(".html") || file.ends_with(".js") || file.ends_with(".css")) {
            continue;
        }
        let text = site.read(&file).to_lowercase();
        assert!(!text.contains("pagefind"), "{file} mentions Pagefind");
        checked += 1;
    }
    // Every kind of page is among them: guides with headings, plain pages, programs.
    assert!(checked > 20, "only {checked} files checked");
    let guide = site.read("guides/im-match/index.html");
    assert!(guide.contains("<a class=\"anchor\" href=\"#"), "{guide}");
}
