//! `/search/`: the page that searches the guides, plain pages and programs in the index the
//! build writes to `search-index/` (`crate::search`). It owns its job (always planned), its
//! template and its context: where the index is, and the lists a reader can browse instead when
//! search cannot run (no JavaScript, or the site opened from disk). Nothing here indexes: the
//! index is built from the model, not from the pages, so templates mark nothing for it.

use std::path::PathBuf;

use serde::Serialize;

use super::{Content, Planner, What};
use crate::config::LinkStyle;

/// The site path of the page.
pub(crate) const PATH: &str = "search/";

/// The page's job: (path, source, template, what).
pub(super) fn describe() -> (String, PathBuf, Option<&'static str>, What) {
    (
        format!("{PATH}index.html"),
        PathBuf::from("(search)"),
        Some("search.html"),
        What::Search,
    )
}

#[derive(Serialize)]
struct Search {
    /// The list of guides (see `context`).
    guides_href: String,
    tags_href: Option<String>,
    directory_href: Option<String>,
    /// The folder of the index (`index.json`), relative to the page, ending in `/`.
    index_href: String,
    /// What a link to a page's folder ends with on this site: `index.html` (portable links),
    /// or nothing; the index knows pages by their folder (`guides/a/`).
    page_suffix: &'static str,
}

fn context(planner: &Planner<'_>, from: &str) -> Search {
    let site = planner.site;
    let linker = &planner.linker;
    // The guides' list: `guides/` when the site has it, else the top section with the most
    // pages, else the home page.
    let top = &site.sections[0].subsections;
    let guides = top
        .iter()
        .map(|&i| &site.sections[i])
        .find(|s| s.path == "guides/")
        .or_else(|| {
            top.iter()
                .map(|&i| &site.sections[i])
                .rev()
                .max_by_key(|s| s.listing.len())
        })
        .map_or("", |s| s.path.as_str());
    Search {
        guides_href: linker.href(from, guides),
        tags_href: (!site.tags.is_empty()).then(|| linker.href(from, "tags/")),
        directory_href: (!site.directory.specialties.is_empty())
            .then(|| linker.href(from, "programs/")),
        index_href: linker
            .href(from, crate::search::FOLDER)
            .trim_end_matches("index.html")
            .to_string(),
        page_suffix: match linker.style {
            LinkStyle::Portable => "index.html",
            LinkStyle::Clean => "",
        },
    }
}

pub(super) fn page(planner: &Planner<'_>) -> Content {
    let from = PATH;
    let mut common = planner.common(
        from,
        "Search",
        "Search the guides and the program directory.",
    );
    common.breadcrumbs = planner.breadcrumbs(from, Some(0));
    let search = context(planner, from);
    let mut ctx = planner.context(&common);
    ctx.insert("search", &search);
    Planner::template("search.html", ctx)
}
