//! Scale: cards with many tags, paginated tag pages, and output that grows in proportion to the
//! input (a guide with thousands of tags once wrote 22 GB: every tag page repeated every tag).

use crate::support::{Site, follow, href_of_link, main_of};

/// A site with the default theme, two guides a list page, and `guides` as (file, title, date,
/// tags).
fn site_with(guides: &[(&str, &str, &str, Vec<String>)]) -> Site {
    let site = Site::fixture_with_default_theme("pagination");
    site.file(
        "site.yaml",
        "title: Scale Fixture\nbase_url: https://example.test/\npaginate_by: 2\n",
    );
    for name in ["one", "two", "three", "four", "five"] {
        site.remove(&format!("content/guides/{name}.md"));
    }
    for (file, title, date, tags) in guides {
        site.file(
            &format!("content/guides/{file}.md"),
            format!(
                "---\ntitle: {title}\ndate: {date}\ntags: [{}]\n---\n\nThe {title}.\n",
                tags.join(", ")
            ),
        );
    }
    site
}

fn tags(names: &[&str]) -> Vec<String> {
    names.iter().map(ToString::to_string).collect()
}

/// The href of the link with `rel="<rel>"`.
fn rel_href(html: &str, rel: &str) -> String {
    let at = html
        .find(&format!("rel=\"{rel}\""))
        .unwrap_or_else(|| panic!("no rel={rel} link"));
    let open = html[..at].rfind("<a href=\"").expect("an <a> before rel") + "<a href=\"".len();
    let end = html[open..].find('"').expect("the href closes") + open;
    html[open..end].to_string()
}

/// The titles of the guide cards of a page, in order.
fn card_titles(html: &str) -> Vec<String> {
    main_of(html)
        .split("class=\"card__title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (_, after) = rest.split_once("\">")?;
            after.split_once("</a>").map(|(t, _)| t.to_string())
        })
        .collect()
}

#[test]
fn cards_show_three_tags_and_say_how_many_more() {
    let site = site_with(&[(
        "many",
        "Many Tags",
        "2026-01-01",
        tags(&["alpha", "beta", "gamma", "delta", "epsilon"]),
    )]);
    site.build_ok();
    let list = main_of(&site.read("guides/index.html"));
    let card = list
        .split_once("<article class=\"card\">")
        .expect("a card")
        .1;
    let shown = card.matches("class=\"tag\"").count();
    assert_eq!(shown, 3, "{card}");
    for name in ["alpha", "beta", "gamma"] {
        assert!(card.contains(&format!(">{name}</a>")), "{name} in {card}");
    }
    assert!(!card.contains(">delta</a>"), "{card}");
    assert!(
        card.contains("<span aria-hidden=\"true\">+2 more</span>"),
        "{card}"
    );
    assert!(
        card.contains("<span class=\"visually-hidden\">and 2 more tags</span>"),
        "{card}"
    );
    // The same card on a tag page, and the guide's own page with every tag.
    assert!(main_of(&site.read("tags/alpha/index.html")).contains("+2 more"));
    let guide = main_of(&site.read("guides/many/index.html"));
    for name in ["alpha", "beta", "gamma", "delta", "epsilon"] {
        assert!(
            guide.contains(&format!(">{name}</a>")),
            "{name} on the guide"
        );
    }
    assert!(
        !guide.contains("more</span>"),
        "the guide page shows all its tags"
    );
}

#[test]
fn cards_with_three_tags_or_fewer_say_nothing_more() {
    let site = site_with(&[(
        "few",
        "Few Tags",
        "2026-01-01",
        tags(&["alpha", "beta", "gamma"]),
    )]);
    site.build_ok();
    let list = main_of(&site.read("guides/index.html"));
    assert_eq!(list.matches("class=\"tag\"").count(), 3);
    assert!(!list.contains("tag-list__more"), "{list}");
}

#[test]
fn tag_pages_paginate_like_sections_with_links_and_sitemap_entries() {
    let guides: Vec<(&str, &str, &str, Vec<String>)> = vec![
        ("one", "One Guide", "2026-01-01", tags(&["visas"])),
        ("two", "Two Guide", "2026-02-01", tags(&["visas"])),
        (
            "three",
            "Three Guide",
            "2026-03-01",
            tags(&["visas", "exams"]),
        ),
        ("four", "Four Guide", "2026-04-01", tags(&["visas"])),
        ("five", "Five Guide", "2026-05-01", tags(&["visas"])),
    ];
    let site = site_with(&guides);
    site.build_ok();
    assert_eq!(
        card_titles(&site.read("tags/visas/index.html")),
        ["Five Guide", "Four Guide"]
    );
    let page2 = site.read("tags/visas/page/2/index.html");
    assert_eq!(card_titles(&page2), ["Three Guide", "Two Guide"]);
    assert!(page2.contains("Page 2 of 3"), "{}", main_of(&page2));
    assert!(page2.contains("<title>Tagged “visas” (page 2 of 3)"));
    assert_eq!(
        card_titles(&site.read("tags/visas/page/3/index.html")),
        ["One Guide"]
    );
    assert!(!site.exists("tags/visas/page/4/index.html"));
    assert!(!site.exists("tags/visas/page/1/index.html"));
    // A tag with one page has no pagination bar.
    assert!(
        !site
            .read("tags/exams/index.html")
            .contains("aria-label=\"Pagination\"")
    );

    let from = "tags/visas/page/2/index.html";
    let prev = href_of_link(&page2, " Previous");
    let next = rel_href(&page2, "next");
    assert_eq!(follow(from, &prev), "tags/visas/index.html");
    assert_eq!(follow(from, &next), "tags/visas/page/3/index.html");
    let sitemap = site.read("sitemap.xml");
    for path in ["tags/visas/", "tags/visas/page/2/", "tags/visas/page/3/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.test/{path}</loc>")),
            "{path} in the sitemap"
        );
    }
    assert!(!sitemap.contains("tags/visas/page/4/"));
    assert!(!sitemap.contains("tags/exams/page/2/"));
}

/// Every output's bytes, for a site of one guide with `n` tags.
fn output_bytes_with_tags(n: usize) -> (usize, usize, usize) {
    let names: Vec<String> = (0..n).map(|k| format!("topic {k}")).collect();
    let site = site_with(&[("many", "Many Tags", "2026-01-01", names)]);
    site.build_ok();
    let bytes = |rel: &str| {
        std::fs::metadata(site.path("public").join(rel))
            .map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX))
    };
    let all: usize = site.outputs().iter().map(|rel| bytes(rel)).sum();
    (all, bytes("tags/index.html"), bytes("index.html"))
}

#[test]
fn a_guide_with_many_tags_makes_output_in_proportion() {
    let (small, small_index, small_home) = output_bytes_with_tags(100);
    let (large, large_index, large_home) = output_bytes_with_tags(400);
    // Four times the tags: about four times the output. Every tag page repeating every tag
    // made it sixteen times.
    assert!(
        large < small * 5,
        "{small} bytes for 100 tags, {large} for 400"
    );
    assert!(
        large_index < small_index * 5,
        "tag index: {small_index} bytes for 100 tags, {large_index} for 400"
    );
    // The home page shows a fixed number of tags and links the index for the rest.
    assert!(
        large_home < small_home + 200,
        "home: {small_home} bytes for 100 tags, {large_home} for 400"
    );
    assert!(
        large_index / 400 < 400,
        "{} bytes per tag in the index",
        large_index / 400
    );
}
