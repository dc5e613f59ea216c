//! The outputs of the content: the home page, section lists, guides and plain pages, the tag
//! index and tag pages, and the 404 page.

use std::sync::{Mutex, OnceLock};

use serde_json::json;

use super::contact::report_href;
use super::context::{
    Card, CitationCtx, Common, Crumb, DateCtx, FaqCtx, GuideCtx, ImageCtx, ReviewCtx, SectionCard,
    SectionRef, SpecialtyCtx, TagLink,
};
use super::linker::Linker;
use super::{
    Content, Indexes, Planner, list_pages, section_page_path, section_pages, tag_page_path,
};
use crate::config::LinkStyle;
use crate::model::{Date, Owner, Page, PageKind};

/// Guides on the home page.
const LATEST_ON_HOME: usize = 6;

/// Tags on the home page (the most used); the tag index lists them all.
const HOME_TAGS: usize = 30;

impl<'a> Planner<'a> {
    pub(super) fn home(&self) -> Content {
        let site = self.site;
        let home = &site.sections[0];
        let mut ctx = self.context(&self.common("", &home.title, &home.description));
        ctx.insert(
            "home",
            &json!({
                "title": home.title,
                "content": self.resolve_text("", &home.body.html, &home.links, Owner::Section(0)),
                "extra": *home.extra,
            }),
        );
        let latest: Vec<Card<'_>> = site
            .guides_by_date()
            .into_iter()
            .take(LATEST_ON_HOME)
            .map(|i| self.card("", i))
            .collect();
        ctx.insert("latest", &latest);
        let guides = site
            .sections
            .iter()
            .position(|s| s.dir == crate::model::GUIDES_SECTION);
        let topic_parent = guides.unwrap_or(0);
        let sections: Vec<SectionCard<'_>> = site.sections[topic_parent]
            .subsections
            .iter()
            .map(|&i| self.section_card("", i))
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("tags", &self.home_tags());
        ctx.insert(
            "tags_more",
            &json!({
                "total": site.tags.len(),
                "href": self.linker.href("", "tags/"),
            }),
        );
        let directory = &site.directory;
        let summary = (!directory.specialties.is_empty()).then(|| {
            json!({
                "href": self.linker.href("", "programs/"),
                "programs": directory.programs.len(),
                "specialties": directory.specialties.iter().filter(|s| !s.programs.is_empty()).count(),
                "notice": site.config.data_notice,
            })
        });
        ctx.insert("directory", &summary);
        ctx.insert(
            "guides_href",
            &self
                .linker
                .href("", guides.map_or("", |i| site.sections[i].path.as_str())),
        );
        Self::template("index.html", ctx)
    }

    /// The `HOME_TAGS` most used tags, in the order of the tag index; the home page links the
    /// index for the rest, so that it stays small however many tags a site has.
    fn home_tags(&self) -> Vec<TagLink<'a>> {
        let tags = &self.site.tags;
        let mut chosen: Vec<usize> = (0..tags.len()).collect();
        if chosen.len() > HOME_TAGS {
            chosen.select_nth_unstable_by(HOME_TAGS - 1, |&a, &b| {
                tags[b]
                    .pages
                    .len()
                    .cmp(&tags[a].pages.len())
                    .then(a.cmp(&b))
            });
            chosen.truncate(HOME_TAGS);
            chosen.sort_unstable();
        }
        chosen
            .into_iter()
            .map(|i| TagLink {
                name: &tags[i].name,
                href: self.linker.href("", &format!("tags/{}/", tags[i].slug)),
                count: tags[i].pages.len(),
            })
            .collect()
    }

    fn all_tags(&self, from: &str) -> Vec<TagLink<'a>> {
        self.site
            .tags
            .iter()
            .map(|tag| TagLink {
                name: &tag.name,
                href: self.linker.href(from, &format!("tags/{}/", tag.slug)),
                count: tag.pages.len(),
            })
            .collect()
    }

    pub(super) fn section(&self, index: usize, n: usize) -> Content {
        let section = &self.site.sections[index];
        let total = section_pages(section);
        let start = (n - 1) * section.paginate_by;
        let end = (start + section.paginate_by).min(section.listing.len());
        let chunk = section.listing.get(start..end).unwrap_or(&[]);
        let from = section_page_path(section, n);
        let title = if n == 1 {
            section.title.clone()
        } else {
            format!("{} (page {n} of {total})", section.title)
        };
        let mut common = self.common(&from, &title, &section.description);
        common.breadcrumbs = self.breadcrumbs(&from, section.parent);
        let mut ctx = self.context(&common);
        ctx.insert(
            "section",
            &json!({
                "title": section.title,
                "description": section.description,
                "content": if n == 1 { self.resolve_text(&from, &section.body.html, &section.links, Owner::Section(index)) } else { String::new() },
                "extra": *section.extra,
            }),
        );
        let subsections: Vec<SectionCard<'_>> = section
            .subsections
            .iter()
            .map(|&s| self.section_card(&from, s))
            .collect();
        ctx.insert("subsections", &subsections);
        let cards: Vec<Card<'_>> = chunk.iter().map(|&p| self.card(&from, p)).collect();
        ctx.insert("guides", &cards);
        ctx.insert(
            "pagination",
            &self.pagination(&from, n, total, |m| section_page_path(section, m)),
        );
        Self::template("section.html", ctx)
    }

    pub(super) fn page(&self, index: usize) -> Content {
        let page = &self.site.pages[index];
        let from = page.path.as_str();
        let mut common = self.common(from, &page.title, &page.description);
        common.breadcrumbs = self.breadcrumbs(from, Some(page.section));
        let content = self.resolve_text(from, &page.body.html, &page.links, Owner::Page(index));
        let report_href = report_href(
            &self.site.config.contact,
            "Error on",
            &page.title,
            &common.canonical,
        );
        if page.kind == PageKind::Plain {
            let mut ctx = self.context(&common);
            ctx.insert(
                "page",
                &json!({
                    "title": page.title,
                    "description": page.description,
                    "content": content,
                    "sources": CitationCtx::list(&page.sources),
                    "review": ReviewCtx::of(&page.review),
                    "report_href": report_href,
                    "extra": *page.extra,
                }),
            );
            return Self::template("page.html", ctx);
        }
        let guide = GuideCtx {
            title: &page.title,
            description: &page.description,
            content,
            toc: &page.body.toc,
            reading_minutes: page.body.reading_minutes(),
            word_count: page.body.words,
            date: page.date.map(DateCtx::from),
            updated: page.updated.map(DateCtx::from),
            tags: self.tag_links(from, &page.tags, usize::MAX).0,
            specialties: page
                .specialties
                .iter()
                .map(|slug| {
                    let directory = &self.site.directory;
                    match self.indexes().specialty.get(slug.as_str()).copied() {
                        Some(i) => SpecialtyCtx {
                            slug: slug.clone(),
                            name: directory.specialties[i].name.clone(),
                            href: Some(self.linker.href(from, &crate::model::specialty_path(slug))),
                        },
                        None => SpecialtyCtx {
                            slug: slug.clone(),
                            name: specialty_name(slug),
                            href: None,
                        },
                    }
                })
                .collect(),
            section: (page.section != 0).then(|| {
                let section = &self.site.sections[page.section];
                SectionRef {
                    title: &section.title,
                    href: self.linker.href(from, &section.path),
                }
            }),
            faq: page
                .faq
                .iter()
                .enumerate()
                .map(|(entry, f)| FaqCtx {
                    question: &f.question,
                    answer: self.resolve_text(
                        from,
                        &f.answer.html,
                        &f.links,
                        Owner::Faq { page: index, entry },
                    ),
                })
                .collect(),
            related: page.related.iter().map(|&i| self.card(from, i)).collect(),
            image: page.image.as_ref().map(|i| ImageCtx {
                src: self.image_src(from, &i.src),
                alt: &i.alt,
            }),
            sources: CitationCtx::list(&page.sources),
            review: ReviewCtx::of(&page.review),
            report_href,
            extra: &page.extra,
        };
        let json_ld = self.guide_json_ld(page, &common);
        let mut ctx = self.context(&common);
        ctx.insert("guide", &guide);
        ctx.insert("json_ld", &json_ld);
        Self::template("guide.html", ctx)
    }

    /// The `src` of a front matter image as the page at `from` uses it: a URL as written, a
    /// root path (`/img/a.png`, or with the base path) as an href to that file, and a relative
    /// path as written (relative to the page).
    fn image_src<'s>(&self, from: &str, src: &'s str) -> std::borrow::Cow<'s, str> {
        match src.strip_prefix('/') {
            Some(rooted) if !rooted.starts_with('/') => {
                let base = self.linker.base_path.trim_start_matches('/');
                let path = rooted
                    .strip_prefix(base)
                    .filter(|_| !base.is_empty())
                    .unwrap_or(rooted);
                std::borrow::Cow::Owned(self.linker.href(from, path))
            }
            _ => std::borrow::Cow::Borrowed(src),
        }
    }

    fn guide_json_ld(&self, page: &Page, common: &Common<'_>) -> String {
        let config = &self.site.config;
        let mut article = json!({
            "@type": "Article",
            "headline": page.title,
            "description": page.description,
            "datePublished": page.date.map(Date::iso),
            "dateModified": page.updated.or(page.date).map(Date::iso),
            "author": { "@type": "Organization", "name": config.author },
            "publisher": { "@type": "Organization", "name": config.title },
            "mainEntityOfPage": common.canonical,
            "wordCount": page.body.words,
            "inLanguage": config.language,
            "keywords": page.tags.join(", "),
        });
        // The review and the sources, where the page gives them: `reviewedBy` and
        // `lastReviewed` (schema.org's WebPage properties, which search engines read on the
        // article as well), and each source as a `citation`.
        if let Some(by) = &page.review.by {
            article["reviewedBy"] = json!({ "@type": "Organization", "name": by });
        }
        if let Some((date, _)) = &page.review.on {
            article["lastReviewed"] = json!(date.iso());
        }
        if !page.sources.is_empty() {
            article["citation"] = page
                .sources
                .iter()
                .map(|s| json!({ "@type": "CreativeWork", "name": s.title, "url": s.url }))
                .collect();
        }
        let mut graph = vec![article];
        if !page.faq.is_empty() {
            graph.push(json!({
                "@type": "FAQPage",
                "mainEntity": page.faq.iter().map(|f| json!({
                    "@type": "Question",
                    "name": f.question,
                    "acceptedAnswer": { "@type": "Answer", "text": f.answer_text },
                })).collect::<Vec<_>>(),
            }));
        }
        let mut crumbs: Vec<(String, String)> = Vec::new();
        let mut section = Some(page.section);
        while let Some(i) = section {
            let s = &self.site.sections[i];
            let name = if i == 0 { "Home" } else { s.title.as_str() };
            crumbs.push((name.to_string(), format!("{}{}", config.base_url, s.path)));
            section = s.parent;
        }
        crumbs.reverse();
        crumbs.push((page.title.clone(), common.canonical.clone()));
        graph.push(json!({
            "@type": "BreadcrumbList",
            "itemListElement": crumbs.iter().enumerate().map(|(k, (name, url))| json!({
                "@type": "ListItem", "position": k + 1, "name": name, "item": url,
            })).collect::<Vec<_>>(),
        }));
        let ld = json!({ "@context": "https://schema.org", "@graph": graph });
        super::script_json(&ld)
    }

    pub(super) fn tags(&self) -> Content {
        let from = "tags/";
        let mut common = self.common(from, "Tags", "");
        common.breadcrumbs = self.breadcrumbs(from, Some(0));
        let mut ctx = self.context(&common);
        ctx.insert("tags", &self.all_tags(from));
        Self::template("tags.html", ctx)
    }

    pub(super) fn tag(&self, i: usize, n: usize) -> Content {
        let tag = &self.site.tags[i];
        let per = self.site.config.paginate_by.max(1);
        let total = list_pages(tag.pages.len(), per);
        let from = tag_page_path(tag, n);
        let title = if n == 1 {
            format!("Tagged “{}”", tag.name)
        } else {
            format!("Tagged “{}” (page {n} of {total})", tag.name)
        };
        let mut common = self.common(&from, &title, "");
        let mut crumbs = self.breadcrumbs(&from, Some(0));
        crumbs.push(Crumb {
            title: "Tags".to_string(),
            href: self.linker.href(&from, "tags/"),
        });
        common.breadcrumbs = crumbs;
        let mut ctx = self.context(&common);
        ctx.insert(
            "tag",
            &json!({ "name": tag.name, "count": tag.pages.len() }),
        );
        let start = (n - 1) * per;
        let chunk = tag
            .pages
            .get(start..(start + per).min(tag.pages.len()))
            .unwrap_or(&[]);
        let cards: Vec<Card<'_>> = chunk.iter().map(|&p| self.card(&from, p)).collect();
        ctx.insert("guides", &cards);
        ctx.insert(
            "pagination",
            &self.pagination(&from, n, total, |m| tag_page_path(tag, m)),
        );
        Self::template("tag.html", ctx)
    }

    pub(super) fn not_found(&self) -> Content {
        // The 404 page is served at any path, so its links start from the site's root path.
        let planner = Planner {
            site: self.site,
            hash_only: self.hash_only,
            linker: Linker {
                style: LinkStyle::Clean,
                base_path: self.linker.base_path,
            },
            // Without indexes: no tag or specialty is looked up.
            indexes: OnceLock::from(Indexes::default()),
            traced: self.traced.as_ref().map(|_| Mutex::new(Vec::new())),
            sitemap_limits: self.sitemap_limits,
            inline_style: None,
        };
        let mut common = planner.common("", "Page not found", "");
        for traced in planner.take_traced() {
            self.trace(&traced.href, || traced.origin);
        }
        common.canonical = format!("{}404.html", self.site.config.base_url);
        for item in &mut common.nav {
            item.current = false;
        }
        let mut ctx = self.context(&common);
        // `</style` would end the element early: CSS reads `<\/` the same inside a string or a
        // comment, the only places it can be.
        let inline_style = self
            .inline_style
            .as_deref()
            .map(|css| css.replace("</", "<\\/"));
        ctx.insert("inline_style", &inline_style);
        Self::template("404.html", ctx)
    }
}

/// A readable name for a specialty slug until the program data names them
/// (`obstetrics-gynecology` -> `Obstetrics Gynecology`).
fn specialty_name(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_uppercase().collect::<String>() + c.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}
