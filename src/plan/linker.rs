//! Links between outputs: the href from one output to another, relative (portable) or from the
//! base path (clean), so that the same site works from disk, under a sub-path and on any host.

use crate::config::LinkStyle;

/// Computes hrefs from one page to another.
#[derive(Debug, Clone, Copy)]
pub(super) struct Linker<'a> {
    pub(super) style: LinkStyle,
    pub(super) base_path: &'a str,
}

impl Linker<'_> {
    /// The prefix that leads from the page at `from` to the site root.
    pub(super) fn root(&self, from: &str) -> String {
        match self.style {
            LinkStyle::Portable => "../".repeat(from.matches('/').count()),
            LinkStyle::Clean => self.base_path.to_string(),
        }
    }

    /// The href from the page at `from` to the site path `to` (`guides/a/`, or a file).
    pub(super) fn href(&self, from: &str, to: &str) -> String {
        let mut href = self.root(from);
        href.push_str(to);
        if self.style == LinkStyle::Portable && (to.is_empty() || to.ends_with('/')) {
            href.push_str("index.html");
        }
        href
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_links_are_relative_and_end_in_index_html() {
        let l = Linker {
            style: LinkStyle::Portable,
            base_path: "/",
        };
        assert_eq!(l.href("", ""), "index.html");
        assert_eq!(l.href("", "guides/"), "guides/index.html");
        assert_eq!(
            l.href("guides/visas/j1/", "tags/visas/"),
            "../../../tags/visas/index.html"
        );
        assert_eq!(l.href("guides/", "style.css"), "../style.css");
    }

    #[test]
    fn clean_links_start_at_the_base_path() {
        let l = Linker {
            style: LinkStyle::Clean,
            base_path: "/sub/",
        };
        assert_eq!(l.href("guides/a/", "tags/x/"), "/sub/tags/x/");
        assert_eq!(l.href("guides/a/", ""), "/sub/");
    }
}
