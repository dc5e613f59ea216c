//! The outputs that are not pages: alias redirects, the Atom feed, robots.txt and the sitemap.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::linker::Linker;
use super::{Content, GENERATOR, Planner};
use crate::config::LinkStyle;
use crate::markdown::escape;
use crate::model::{Date, Owner, Page};

impl Planner<'_> {
    pub(super) fn redirect(&self, alias: &str, page: &Page) -> Content {
        let href = escape(&self.linker.href(alias, &page.path));
        let canonical = escape(&format!("{}{}", self.site.config.base_url, page.path));
        let title = escape(&page.title);
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
            lang = escape(&self.site.config.language),
        );
        Content::Bytes(html.into_bytes())
    }

    pub(super) fn feed(&self) -> Content {
        let config = &self.site.config;
        let guides: Vec<usize> = self
            .site
            .guides_by_date()
            .into_iter()
            .take(config.feed_limit)
            .collect();
        let stamp = |d: Option<Date>| {
            d.map_or_else(
                || "1970-01-01T00:00:00Z".to_string(),
                |d| format!("{}T00:00:00Z", d.iso()),
            )
        };
        let updated = guides
            .iter()
            .filter_map(|&i| {
                let p = &self.site.pages[i];
                p.updated.or(p.date)
            })
            .max();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = write!(
            xml,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n<link rel=\"self\" href=\"{base}atom.xml\"/>\n<link href=\"{base}\"/>\n<id>{base}</id>\n<updated>{updated}</updated>\n<generator>{GENERATOR}</generator>\n",
            lang = escape(&config.language),
            title = escape(&config.title),
            subtitle = escape(&config.description),
            base = escape(&config.base_url),
            updated = stamp(updated),
        );
        for i in guides {
            let page = &self.site.pages[i];
            let url = format!("{}{}", config.base_url, page.path);
            // Feed readers resolve links against the entry's absolute URL.
            let absolute = Planner {
                site: self.site,
                hash_only: self.hash_only,
                linker: Linker {
                    style: LinkStyle::Clean,
                    base_path: &config.base_url,
                },
                tag_index: HashMap::new(),
                traced: None,
            };
            let summary =
                absolute.resolve(&page.path, &page.body.summary, &page.links, Owner::Page(i));
            let _ = write!(
                xml,
                "<entry>\n<title>{title}</title>\n<link href=\"{url}\"/>\n<id>{url}</id>\n<published>{published}</published>\n<updated>{updated}</updated>\n<author><name>{author}</name></author>\n<summary type=\"html\">{summary}</summary>\n</entry>\n",
                title = escape(&page.title),
                url = escape(&url),
                published = stamp(page.date),
                updated = stamp(page.updated.or(page.date)),
                author = escape(&config.author),
                summary = escape(&summary),
            );
        }
        xml.push_str("</feed>\n");
        Content::Bytes(xml.into_bytes())
    }

    pub(super) fn robots(&self) -> Content {
        let text = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            self.site.config.base_url
        );
        Content::Bytes(text.into_bytes())
    }

    pub(super) fn sitemap(&self, pages: &[String]) -> Content {
        let base = &self.site.config.base_url;
        let lastmod: HashMap<&str, Date> = self
            .site
            .pages
            .iter()
            .filter_map(|p| p.updated.or(p.date).map(|d| (p.path.as_str(), d)))
            .collect();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for path in pages {
            let _ = write!(xml, "<url><loc>{}</loc>", escape(&format!("{base}{path}")));
            if let Some(date) = lastmod.get(path.as_str()) {
                let _ = write!(xml, "<lastmod>{}</lastmod>", date.iso());
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        Content::Bytes(xml.into_bytes())
    }
}
