//! The pieces of context that many outputs share: the fields every page gets (`Common`), cards,
//! section cards, tag links, dates and pagination, and the `Planner` helpers that build them.

use serde::Serialize;

use super::{Content, Ctx, GENERATOR, Origin, Planner};
use crate::markdown::{self, escape};
use crate::model::{Date, Extra, Link, Owner};
use crate::slug::slugify;

/// The tags a card shows; the guide's own page shows them all.
pub(super) const CARD_TAGS: usize = 3;

#[derive(Serialize)]
pub(super) struct SiteCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) author: &'a str,
    pub(super) base_url: &'a str,
}

#[derive(Serialize)]
pub(super) struct NavItem<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct Common<'a> {
    pub(super) lang: &'a str,
    pub(super) site: SiteCtx<'a>,
    pub(super) root: String,
    pub(super) home_href: String,
    pub(super) feed_href: String,
    pub(super) nav: Vec<NavItem<'a>>,
    pub(super) page_title: String,
    pub(super) meta_description: String,
    pub(super) canonical: String,
    pub(super) generator: &'static str,
    pub(super) directory_href: Option<String>,
    pub(super) smart_pick_href: Option<String>,
    /// The search page, which the header's search box sends its query to; `None` when the
    /// site has no search (`search: enabled: false`, or nothing indexed).
    pub(super) search_href: Option<String>,
    pub(super) breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
pub(super) struct DateCtx {
    pub(super) iso: String,
    pub(super) display: String,
}

impl From<Date> for DateCtx {
    fn from(date: Date) -> Self {
        Self {
            iso: date.iso(),
            display: date.long(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct TagLink<'a> {
    pub(super) name: &'a str,
    pub(super) href: String,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct SectionRef<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) description: &'a str,
    pub(super) summary: String,
    pub(super) date: Option<DateCtx>,
    pub(super) reading_minutes: usize,
    /// The first `CARD_TAGS` tags of the guide.
    pub(super) tags: Vec<TagLink<'a>>,
    /// How many more tags the guide has than the card shows.
    pub(super) more_tags: usize,
    pub(super) section: Option<SectionRef<'a>>,
    pub(super) extra: &'a Extra,
}

#[derive(Serialize)]
pub(super) struct SectionCard<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) href: String,
    pub(super) count: usize,
    pub(super) extra: &'a Extra,
}

#[derive(Serialize)]
pub(super) struct PageNumber {
    pub(super) number: usize,
    pub(super) href: String,
    pub(super) current: bool,
    /// Page numbers were skipped before this one.
    pub(super) gap_before: bool,
}

/// The list pages a pagination bar links to: the first, the last, and two either side of the
/// current one, so that a list of a thousand pages does not link a thousand pages from each.
/// Built from the ends, not by filtering `1..=total`: each list page costs the same however
/// long the list.
pub(super) fn page_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages = Vec::with_capacity(7);
    if total == 0 {
        return pages;
    }
    pages.push(1);
    let low = current.saturating_sub(2).max(2);
    let high = current.saturating_add(2).min(total - 1);
    pages.extend(low..=high);
    if total > 1 {
        pages.push(total);
    }
    pages
}

#[derive(Serialize)]
pub(super) struct Pagination {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) prev_href: Option<String>,
    pub(super) next_href: Option<String>,
    pub(super) pages: Vec<PageNumber>,
}

#[derive(Serialize)]
pub(super) struct SpecialtyCtx {
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct FaqCtx<'a> {
    pub(super) question: &'a str,
    pub(super) answer: String,
}

#[derive(Serialize)]
pub(super) struct ImageCtx<'a> {
    /// An http(s) URL as written, or an href to the site path written (`/img/a.png`).
    pub(super) src: std::borrow::Cow<'a, str>,
    pub(super) alt: &'a str,
}

/// A source a page cites.
#[derive(Serialize)]
pub(super) struct CitationCtx<'a> {
    pub(super) title: &'a str,
    pub(super) url: &'a str,
    pub(super) accessed: Option<DateCtx>,
}

/// A page's last review: its date, its reviewer, or both.
#[derive(Serialize)]
pub(super) struct ReviewCtx<'a> {
    pub(super) date: Option<DateCtx>,
    pub(super) by: Option<&'a str>,
}

impl<'a> CitationCtx<'a> {
    pub(super) fn list(sources: &'a [crate::model::Citation]) -> Vec<Self> {
        sources
            .iter()
            .map(|s| Self {
                title: &s.title,
                url: &s.url,
                accessed: s.accessed.map(DateCtx::from),
            })
            .collect()
    }
}

impl<'a> ReviewCtx<'a> {
    /// `None` when the page gives neither a date nor a reviewer.
    pub(super) fn of(review: &'a crate::model::Review) -> Option<Self> {
        (review.on.is_some() || review.by.is_some()).then(|| Self {
            date: review.on.as_ref().map(|(date, _)| DateCtx::from(*date)),
            by: review.by.as_deref(),
        })
    }
}

#[derive(Serialize)]
pub(super) struct GuideCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) content: String,
    pub(super) toc: &'a [markdown::TocEntry],
    pub(super) reading_minutes: usize,
    pub(super) word_count: usize,
    pub(super) date: Option<DateCtx>,
    pub(super) updated: Option<DateCtx>,
    pub(super) tags: Vec<TagLink<'a>>,
    pub(super) specialties: Vec<SpecialtyCtx>,
    /// The section the guide is in; none at the top of the site.
    pub(super) section: Option<SectionRef<'a>>,
    pub(super) faq: Vec<FaqCtx<'a>>,
    pub(super) related: Vec<Card<'a>>,
    pub(super) image: Option<ImageCtx<'a>>,
    pub(super) sources: Vec<CitationCtx<'a>>,
    pub(super) review: Option<ReviewCtx<'a>>,
    /// "Report an error on this page", from `contact:` of `site.yaml`; `None` without one.
    pub(super) report_href: Option<String>,
    pub(super) extra: &'a Extra,
}

impl<'a> Planner<'a> {
    pub(super) fn common(&self, from: &str, title: &str, description: &'a str) -> Common<'a> {
        let config = &self.site.config;
        let page_title = if title.is_empty() || title == config.title {
            config.title.clone()
        } else {
            format!("{title} · {}", config.title)
        };
        Common {
            lang: &config.language,
            site: SiteCtx {
                title: &config.title,
                description: &config.description,
                author: &config.author,
                base_url: &config.base_url,
            },
            root: self.linker.root(from),
            home_href: self.linker.href(from, ""),
            feed_href: self.linker.href(from, "atom.xml"),
            nav: config
                .menu
                .iter()
                .map(|item| NavItem {
                    title: &item.title,
                    href: {
                        let href = self.linker.href(from, &item.path);
                        self.trace(&href, || Origin::Menu(item.location.clone()));
                        href
                    },
                    current: if item.path.is_empty() {
                        from.is_empty()
                    } else {
                        from.starts_with(&item.path)
                    },
                })
                .collect(),
            page_title,
            meta_description: if description.is_empty() {
                config.description.clone()
            } else {
                description.to_string()
            },
            canonical: format!("{}{from}", config.base_url),
            generator: GENERATOR,
            directory_href: (!self.site.directory.specialties.is_empty())
                .then(|| self.linker.href(from, "programs/")),
            smart_pick_href: (!self.site.directory.programs.is_empty())
                .then(|| self.linker.href(from, super::smart_pick::PATH)),
            search_href: self
                .site
                .config
                .search
                .indexes_anything()
                .then(|| self.linker.href(from, super::search::PATH)),
            breadcrumbs: Vec::new(),
        }
    }

    pub(super) fn breadcrumbs(&self, from: &str, mut section: Option<usize>) -> Vec<Crumb> {
        let mut crumbs = Vec::new();
        while let Some(i) = section {
            let s = &self.site.sections[i];
            crumbs.push(Crumb {
                title: if i == 0 {
                    "Home".to_string()
                } else {
                    s.title.clone()
                },
                href: self.linker.href(from, &s.path),
            });
            section = s.parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// The href from the output at `from` to a resolved link: the fragment alone when the link
    /// leads to the same page.
    pub(super) fn link_href(&self, from: &str, link: &Link) -> String {
        if link.path == from && link.rest.starts_with('#') {
            return link.rest.clone();
        }
        let mut href = self.linker.href(from, &link.path);
        href.push_str(&link.rest);
        href
    }

    /// `resolve` of a rendered body's HTML, which a context that is only hashed does not
    /// read (its hash is known: see `stored::Text::digest`), and which is read for this use
    /// only when it was left in the cache's file.
    pub(super) fn resolve_text(
        &self,
        from: &str,
        html: &crate::stored::Text,
        links: &[Link],
        owner: Owner,
    ) -> String {
        if self.hash_only {
            return self.hashed_stand_in(from, html.digest(), links, owner);
        }
        html.with_str(|html| self.resolve(from, html, links, owner))
    }

    /// Resolve the links of rendered markdown written by `owner`, for the output at `from`.
    pub(super) fn resolve(&self, from: &str, html: &str, links: &[Link], owner: Owner) -> String {
        if self.hash_only {
            let hash = xxhash_rust::xxh3::xxh3_64(html.as_bytes());
            return self.hashed_stand_in(from, hash, links, owner);
        }
        let hrefs = self.hrefs(from, links, owner);
        markdown::resolve_links(html, &hrefs)
    }

    /// A context that is only hashed needs a stand-in that changes when the resolved HTML
    /// would: the HTML's hash and the links put into it.
    fn hashed_stand_in(&self, from: &str, hash: u64, links: &[Link], owner: Owner) -> String {
        let mut key = format!("{hash:016x}");
        for href in self.hrefs(from, links, owner) {
            key.push('\0');
            key.push_str(&href);
        }
        key
    }

    /// The hrefs of `links` from the page at `from`, escaped, each traced to its place.
    fn hrefs(&self, from: &str, links: &[Link], owner: Owner) -> Vec<String> {
        links
            .iter()
            .map(|link| {
                let href = self.link_href(from, link);
                self.trace(&href, || Origin::Text {
                    owner,
                    offset: link.offset,
                });
                escape(&href)
            })
            .collect()
    }

    /// Links to the tags named in `tags`, in order, at most `limit` of them, and how many more
    /// there are. Only the links shown are built, so a card of a guide with 20,000 tags costs
    /// as much as one with three.
    pub(super) fn tag_links(
        &self,
        from: &str,
        tags: &'a [String],
        limit: usize,
    ) -> (Vec<TagLink<'a>>, usize) {
        let mut links = Vec::with_capacity(limit.min(tags.len()));
        for (k, name) in tags.iter().enumerate() {
            if links.len() == limit {
                // A page's tags are distinct by slug and every one has a tag page.
                return (links, tags.len() - k);
            }
            let index = &self.indexes().tag;
            let found = index.get(name).or_else(|| index.get(&slugify(name)));
            if let Some(&i) = found {
                let tag = &self.site.tags[i];
                links.push(TagLink {
                    name: &tag.name,
                    href: self.linker.href(from, &format!("tags/{}/", tag.slug)),
                    count: tag.pages.len(),
                });
            }
        }
        (links, 0)
    }

    pub(super) fn card(&self, from: &str, i: usize) -> Card<'a> {
        let page = &self.site.pages[i];
        let section = &self.site.sections[page.section];
        let (tags, more_tags) = self.tag_links(from, &page.tags, CARD_TAGS);
        Card {
            title: &page.title,
            href: self.linker.href(from, &page.path),
            description: &page.description,
            summary: self.resolve(from, &page.body.summary, &page.links, Owner::Page(i)),
            date: page.date.map(DateCtx::from),
            reading_minutes: page.body.reading_minutes(),
            tags,
            more_tags,
            section: (page.section != 0).then(|| SectionRef {
                title: &section.title,
                href: self.linker.href(from, &section.path),
            }),
            extra: &page.extra,
        }
    }

    /// The pagination bar of list page `current` of `total`, whose pages are at `path(m)`.
    pub(super) fn pagination(
        &self,
        from: &str,
        current: usize,
        total: usize,
        path: impl Fn(usize) -> String,
    ) -> Pagination {
        let href = |m: usize| self.linker.href(from, &path(m));
        let mut previous = 0;
        Pagination {
            current,
            total,
            prev_href: (current > 1).then(|| href(current - 1)),
            next_href: (current < total).then(|| href(current + 1)),
            pages: page_window(current, total)
                .into_iter()
                .map(|m| {
                    let gap_before = m > previous + 1;
                    previous = m;
                    PageNumber {
                        number: m,
                        href: href(m),
                        current: m == current,
                        gap_before,
                    }
                })
                .collect(),
        }
    }

    pub(super) fn section_card(&self, from: &str, i: usize) -> SectionCard<'a> {
        let s = &self.site.sections[i];
        SectionCard {
            title: &s.title,
            description: &s.description,
            href: self.linker.href(from, &s.path),
            count: s.listing.len(),
            extra: &s.extra,
        }
    }

    pub(super) fn template(template: &'static str, context: Ctx) -> Content {
        Content::Template {
            template,
            context: Box::new(context),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn pagination_links_the_ends_and_the_neighbourhood_of_the_current_page() {
        assert_eq!(page_window(1, 3), vec![1, 2, 3]);
        assert_eq!(page_window(1, 100), vec![1, 2, 3, 100]);
        assert_eq!(page_window(50, 100), vec![1, 48, 49, 50, 51, 52, 100]);
        assert_eq!(page_window(100, 100), vec![1, 98, 99, 100]);
        assert_eq!(page_window(1, 1), vec![1]);
        assert_eq!(page_window(2, 2), vec![1, 2]);
        assert_eq!(page_window(3, 5), vec![1, 2, 3, 4, 5]);
        for total in 1usize..40 {
            for current in 1..=total {
                let filtered: Vec<usize> = (1..=total)
                    .filter(|&m| m == 1 || m == total || m.abs_diff(current) <= 2)
                    .collect();
                assert_eq!(
                    page_window(current, total),
                    filtered,
                    "{current} of {total}"
                );
            }
        }
    }
}
