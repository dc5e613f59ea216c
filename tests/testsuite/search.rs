//! Search: what the theme marks for the Pagefind index (`data-pagefind-body` on guides, plain
//! pages and a compact record of each program, with their filters and meta; never on lists),
//! the `/search/` page and its links for readers without JavaScript, and the search box every
//! page's header sends to it.

use crate::support::{Site, follow, href_of_link};

/// Every `name="value"` pair of `attr` in `html`, with the element's text when the attribute
/// holds only a name (`<span data-pagefind-filter="kind">guide</span>` gives `kind`, `guide`).
fn marked(html: &str, attr: &str) -> Vec<(String, String)> {
    let needle = format!("{attr}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let name = &rest[..rest.find('"').expect("the attribute's end")];
        let after = &rest[rest.find('>').expect("the tag's end") + 1..];
        let text = &after[..after.find('<').expect("the element's end")];
        found.push((name.to_string(), text.to_string()));
    }
    found
}

fn values(html: &str, attr: &str, name: &str) -> Vec<String> {
    marked(html, attr)
        .into_iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v)
        .collect()
}

fn site() -> Site {
    let site = Site::fixture_with_default_theme("directory");
    site.build_ok();
    site
}

/// The page of the fixture's Brooklyn internal medicine program (every field known).
fn brooklyn(site: &Site) -> String {
    site.outputs()
        .into_iter()
        .find(|p| p.starts_with("programs/internal-medicine/") && p.contains("1403521292"))
        .expect("the Brooklyn program's page")
}

#[test]
fn a_guide_is_indexed_with_its_kind_specialties_section_and_title() {
    let site = site();
    let html = site.read("guides/im-match/index.html");
    assert_eq!(html.matches("data-pagefind-body").count(), 1, "{html}");
    assert!(html.contains("<article class=\"guide wrap\" data-pagefind-body>"));
    assert_eq!(values(&html, "data-pagefind-filter", "kind"), ["guide"]);
    assert_eq!(
        values(&html, "data-pagefind-filter", "specialty"),
        ["Internal Medicine"]
    );
    assert_eq!(values(&html, "data-pagefind-filter", "section"), ["Guides"]);
    assert_eq!(
        values(&html, "data-pagefind-meta", "title"),
        ["Matching into Internal Medicine"]
    );
    // The chrome inside the article is left out of the index.
    assert!(
        html.contains("<section class=\"cta\" aria-labelledby=\"guide-cta\" data-pagefind-ignore>")
    );
    assert!(html.contains("<p class=\"guide__meta\" data-pagefind-ignore>"));
    // Related guides and breadcrumbs are outside the article.
    let body = &html[html.find("data-pagefind-body").expect("the body")..];
    assert!(!body[..body.find("</article>").expect("its end")].contains("Related guides"));
}

#[test]
fn a_plain_page_is_indexed_as_a_page() {
    let site = site();
    let html = site.read("about/index.html");
    assert_eq!(html.matches("data-pagefind-body").count(), 1);
    assert_eq!(values(&html, "data-pagefind-filter", "kind"), ["page"]);
}

#[test]
fn a_program_is_indexed_as_a_compact_record_with_its_filters_and_place() {
    let site = site();
    let html = site.read(&brooklyn(&site));
    assert_eq!(html.matches("data-pagefind-body").count(), 1);
    // The record is the page's header: the fact sheet is not in it.
    let start = html.find("data-pagefind-body").expect("the record");
    let record = &html[start..start + html[start..].find("</header>").expect("its end")];
    assert!(
        record.contains("<h1>Internal Medicine Residency</h1>"),
        "{record}"
    );
    assert!(record.contains("Brooklyn Example Medical Center"));
    assert!(!record.contains("ACGME ID"));
    let filter = |name| values(record, "data-pagefind-filter", name);
    assert_eq!(filter("kind"), ["program"]);
    assert_eq!(filter("specialty"), ["Internal Medicine"]);
    assert_eq!(filter("state"), ["NY"]);
    assert_eq!(filter("visa"), ["J-1", "H-1B"]);
    assert_eq!(filter("type"), ["Community, university-affiliated"]);
    let meta = |name| values(record, "data-pagefind-meta", name);
    assert_eq!(meta("title"), ["Internal Medicine Residency"]);
    assert_eq!(meta("place"), ["Brooklyn, NY"]);
    assert_eq!(meta("sponsor"), ["Brooklyn Example Medical Center"]);
}

#[test]
fn a_program_with_unknown_or_no_visas_has_no_visa_filter() {
    let site = Site::fixture_with_default_theme("directory");
    site.edit_text(
        "data/programs/internal-medicine.yaml",
        "    visas: [J-1, H-1B]\n",
        "    visas: null\n",
    );
    site.build_ok();
    let html = site.read(&brooklyn(&site));
    assert!(values(&html, "data-pagefind-filter", "visa").is_empty());
    assert_eq!(values(&html, "data-pagefind-filter", "kind"), ["program"]);
}

#[test]
fn lists_directory_specialty_tag_and_search_pages_are_not_indexed() {
    let site = site();
    for page in [
        "index.html",
        "guides/index.html",
        "tags/index.html",
        "tags/visas/index.html",
        "programs/index.html",
        "programs/internal-medicine/index.html",
        "smart-pick/index.html",
        "search/index.html",
    ] {
        let html = site.read(page);
        assert!(
            !html.contains("data-pagefind-body"),
            "{page} is marked for the search index"
        );
    }
}

#[test]
fn the_search_page_links_to_the_guides_tags_and_directory_and_the_bundle() {
    let site = site();
    let page = "search/index.html";
    let html = site.read(page);
    assert!(html.contains("<form class=\"filters search-form\" role=\"search\""));
    assert!(html.contains("type=\"search\" name=\"q\""));
    assert!(html.contains("Search needs JavaScript and a web server."));
    for (text, to) in [
        ("All guides", "guides/index.html"),
        ("Guides by tag", "tags/index.html"),
        ("The program directory", "programs/index.html"),
    ] {
        assert_eq!(follow(page, &href_of_link(&html, text)), to, "{text}");
    }
    assert!(html.contains("data-bundle=\"../pagefind/\""), "{html}");
    assert!(html.contains("src=\"../search.js\""));
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
fn every_header_has_a_search_box_that_sends_its_query_to_the_search_page() {
    let site = site();
    for page in [
        "index.html",
        "guides/im-match/index.html",
        "programs/internal-medicine/index.html",
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
