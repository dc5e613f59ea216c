//! Plan: turns a `Site` into the list of outputs, each a file path with either a template and
//! the complete context it renders (templates read nothing else), or finished bytes (feeds,
//! sitemap, redirects). Every link a page shows is computed here, relative to that page, so the
//! same output works from disk, under a sub-path, and on any host.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;

mod ctx;
mod programs;

pub use ctx::Ctx;

use crate::config::LinkStyle;
use crate::error::{Diagnostic, did_you_mean};
use crate::markdown::{self, escape};
use crate::model::{Date, Page, PageKind, Section, Site, Target};

/// What the planned file holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// Render `template` with `context`.
    Template {
        /// The template's name (`guide.html`).
        template: &'static str,
        /// Everything the template shows.
        context: Box<Ctx>,
    },
    /// Finished bytes.
    Bytes(Vec<u8>),
}

/// One output file: where it goes and what it is. Its content is built on demand by
/// `Planner::content`, so that a build holds only the pages being rendered, never all of them.
#[derive(Debug, Clone)]
pub struct Job {
    /// Path relative to the output folder, with forward slashes (`guides/a/index.html`).
    pub path: String,
    /// The input that produced it, for messages (`content/guides/a.md`).
    pub source: PathBuf,
    /// The template that renders it, if any.
    pub template: Option<&'static str>,
    /// Which output it is.
    pub what: What,
}

/// Which output a job is, by index into the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The home page.
    Home,
    /// Page `number` (from 1) of a section's list.
    Section {
        /// The section, by index.
        section: usize,
        /// The list page, from 1.
        number: usize,
    },
    /// A guide or plain page.
    Page(usize),
    /// A redirect from an old path to a page.
    Redirect {
        /// The page, by index.
        page: usize,
        /// The alias, by index in the page's aliases.
        alias: usize,
    },
    /// The tag index.
    Tags,
    /// A tag's page.
    Tag(usize),
    /// The 404 page.
    NotFound,
    /// The Atom feed.
    Feed,
    /// robots.txt.
    Robots,
    /// The sitemap, listing these site paths.
    Sitemap(Vec<String>),
    /// The specialty directory.
    Directory,
    /// A specialty's page.
    Specialty(usize),
    /// A specialty's programs as JSON.
    SpecialtyJson(usize),
    /// A program's page.
    Program(usize),
}

/// The site's outputs, and how many of each kind, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every output file, sorted by path.
    pub jobs: Vec<Job>,
    /// Pages (guides and plain pages).
    pub pages: usize,
    /// Section pages, counting each page of a paginated list.
    pub sections: usize,
    /// Tags.
    pub tags: usize,
    /// Program pages.
    pub programs: usize,
}

/// Computes hrefs from one page to another.
#[derive(Debug, Clone, Copy)]
struct Linker<'a> {
    style: LinkStyle,
    base_path: &'a str,
}

impl Linker<'_> {
    /// The prefix that leads from the page at `from` to the site root.
    fn root(&self, from: &str) -> String {
        match self.style {
            LinkStyle::Portable => "../".repeat(from.matches('/').count()),
            LinkStyle::Clean => self.base_path.to_string(),
        }
    }

    /// The href from the page at `from` to the site path `to` (`guides/a/`, or a file).
    fn href(&self, from: &str, to: &str) -> String {
        let mut href = self.root(from);
        href.push_str(to);
        if self.style == LinkStyle::Portable && (to.is_empty() || to.ends_with('/')) {
            href.push_str("index.html");
        }
        href
    }
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    author: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct Common<'a> {
    lang: &'a str,
    site: SiteCtx<'a>,
    root: String,
    home_href: String,
    feed_href: String,
    nav: Vec<NavItem<'a>>,
    page_title: String,
    meta_description: String,
    canonical: String,
    generator: &'static str,
    directory_href: Option<String>,
    breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
struct DateCtx {
    iso: String,
    display: String,
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
struct TagLink<'a> {
    name: &'a str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct SectionRef<'a> {
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    href: String,
    description: &'a str,
    summary: String,
    date: Option<DateCtx>,
    reading_minutes: usize,
    tags: Vec<TagLink<'a>>,
    section: Option<SectionRef<'a>>,
}

#[derive(Serialize)]
struct SectionCard<'a> {
    title: &'a str,
    description: &'a str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    href: String,
    current: bool,
    /// Page numbers were skipped before this one.
    gap_before: bool,
}

/// The list pages a pagination bar links to: the first, the last, and two either side of the
/// current one, so that a list of a thousand pages does not link a thousand pages from each.
fn page_window(current: usize, total: usize) -> Vec<usize> {
    (1..=total)
        .filter(|&m| m == 1 || m == total || m.abs_diff(current) <= 2)
        .collect()
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
    pages: Vec<PageNumber>,
}

#[derive(Serialize)]
struct SpecialtyCtx {
    slug: String,
    name: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct FaqCtx<'a> {
    question: &'a str,
    answer: &'a str,
}

#[derive(Serialize)]
struct ImageCtx<'a> {
    src: &'a str,
    alt: &'a str,
}

#[derive(Serialize)]
struct GuideCtx<'a> {
    title: &'a str,
    description: &'a str,
    content: String,
    toc: &'a [markdown::TocEntry],
    reading_minutes: usize,
    word_count: usize,
    date: Option<DateCtx>,
    updated: Option<DateCtx>,
    tags: Vec<TagLink<'a>>,
    specialties: Vec<SpecialtyCtx>,
    faq: Vec<FaqCtx<'a>>,
    related: Vec<Card<'a>>,
    image: Option<ImageCtx<'a>>,
}

const GENERATOR: &str = concat!("matchpress ", env!("CARGO_PKG_VERSION"));
const LATEST_ON_HOME: usize = 6;

/// Builds every output's content from the site; shared by all rendering threads.
pub struct Planner<'a> {
    site: &'a Site,
    /// Build contexts only to hash them (see `Planner::hashing`).
    hash_only: bool,
    linker: Linker<'a>,
    tag_index: HashMap<String, usize>,
}

impl<'a> Planner<'a> {
    /// A planner for `site`.
    pub fn new(site: &'a Site) -> Self {
        Self {
            site,
            hash_only: false,
            linker: Linker {
                style: site.config.link_style,
                base_path: site.config.base_path(),
            },
            tag_index: site
                .tags
                .iter()
                .enumerate()
                .flat_map(|(i, t)| [(t.name.clone(), i), (t.slug.clone(), i)])
                .collect(),
        }
    }

    /// A planner whose contexts are only hashed, never rendered: `content` then gives the
    /// same hashes as a normal planner's, for less work.
    pub fn hashing(site: &'a Site) -> Self {
        Self {
            hash_only: true,
            ..Self::new(site)
        }
    }

    /// A context for a template, starting with the fields of `common`.
    fn context<T: Serialize>(&self, common: &T) -> Ctx {
        Ctx::from_fields(common, self.hash_only)
    }

    /// Every output of the site; two outputs at one path, or a menu entry that leads
    /// nowhere, is an error.
    pub fn plan(&self) -> Result<Plan, Vec<Diagnostic>> {
        let site = self.site;
        let mut plan = Plan::default();
        let mut add =
            |path: String, source: &std::path::Path, template: Option<&'static str>, what: What| {
                plan.jobs.push(Job {
                    path,
                    source: source.to_path_buf(),
                    template,
                    what,
                });
            };
        for (i, section) in site.sections.iter().enumerate() {
            if i == 0 {
                add(
                    "index.html".to_string(),
                    &section.source,
                    Some("index.html"),
                    What::Home,
                );
                continue;
            }
            for number in 1..=section_pages(section) {
                add(
                    format!("{}index.html", section_page_path(section, number)),
                    &section.source,
                    Some("section.html"),
                    What::Section { section: i, number },
                );
                plan.sections += 1;
            }
        }
        for (i, page) in site.pages.iter().enumerate() {
            let template = if page.kind == PageKind::Plain {
                "page.html"
            } else {
                "guide.html"
            };
            add(
                format!("{}index.html", page.path),
                &page.source,
                Some(template),
                What::Page(i),
            );
            plan.pages += 1;
            for (a, alias) in page.aliases.iter().enumerate() {
                add(
                    format!("{alias}index.html"),
                    &page.source,
                    None,
                    What::Redirect { page: i, alias: a },
                );
            }
        }
        if !site.directory.specialties.is_empty() {
            for (path, source, template, what) in programs::describe(site) {
                add(path, &source, template, what);
            }
            plan.programs = site.directory.programs.len();
        }
        if !site.tags.is_empty() {
            add(
                "tags/index.html".to_string(),
                std::path::Path::new("(tags)"),
                Some("tags.html"),
                What::Tags,
            );
            for (i, tag) in site.tags.iter().enumerate() {
                add(
                    format!("tags/{}/index.html", tag.slug),
                    std::path::Path::new("(tags)"),
                    Some("tag.html"),
                    What::Tag(i),
                );
            }
            plan.tags = site.tags.len();
        }
        add(
            "404.html".to_string(),
            std::path::Path::new("(404)"),
            Some("404.html"),
            What::NotFound,
        );
        add(
            "atom.xml".to_string(),
            std::path::Path::new("(feed)"),
            None,
            What::Feed,
        );
        add(
            "robots.txt".to_string(),
            std::path::Path::new("(robots)"),
            None,
            What::Robots,
        );
        let mut pages: Vec<String> = plan
            .jobs
            .iter()
            .filter(|j| j.template.is_some_and(|t| t != "404.html"))
            .filter_map(|j| j.path.strip_suffix("index.html").map(str::to_string))
            .collect();
        pages.sort_unstable();
        plan.jobs.push(Job {
            path: "sitemap.xml".to_string(),
            source: PathBuf::from("(sitemap)"),
            template: None,
            what: What::Sitemap(pages),
        });

        plan.jobs.sort_by(|a, b| a.path.cmp(&b.path));
        let mut problems = Vec::new();
        for pair in plan.jobs.windows(2) {
            if pair[0].path == pair[1].path {
                problems.push(
                    Diagnostic::error(
                        None,
                        format!(
                            "two outputs would be written to {}: from {} and from {}",
                            pair[0].path,
                            pair[0].source.display(),
                            pair[1].source.display()
                        ),
                    )
                    .with_hint("rename one of the files or give it another `slug:`"),
                );
            }
        }
        let page_paths: std::collections::HashSet<&str> = plan
            .jobs
            .iter()
            .filter_map(|j| j.path.strip_suffix("index.html"))
            .collect();
        for item in &site.config.menu {
            if !page_paths.contains(item.path.as_str()) {
                let hint = match did_you_mean(&item.path, page_paths.iter().copied()) {
                    Some(s) => format!("did you mean `/{s}`?"),
                    None => "point the menu at a page of the site, like `/guides/`".to_string(),
                };
                problems.push(
                    Diagnostic::error(
                        Some(item.location.clone()),
                        format!(
                            "the menu entry `{}` leads to /{}, which is not a page",
                            item.title, item.path
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
        if problems.is_empty() {
            Ok(plan)
        } else {
            problems.sort();
            Err(problems)
        }
    }

    /// Build the content of one planned output.
    pub fn content(&self, job: &Job) -> Content {
        let site = self.site;
        match &job.what {
            What::Home => self.home(),
            What::Section { section, number } => self.section(&site.sections[*section], *number),
            What::Page(i) => self.page(&site.pages[*i]),
            What::Redirect { page, alias } => {
                let page = &site.pages[*page];
                self.redirect(&page.aliases[*alias], page)
            }
            What::Tags => self.tags(),
            What::Tag(i) => self.tag(*i),
            What::NotFound => self.not_found(),
            What::Feed => self.feed(),
            What::Robots => self.robots(),
            What::Sitemap(pages) => self.sitemap(pages),
            What::Directory => programs::directory_page(self),
            What::Specialty(i) => programs::specialty_page(self, &site.directory.specialties[*i]),
            What::SpecialtyJson(i) => {
                programs::specialty_json(self, &site.directory.specialties[*i])
            }
            What::Program(i) => {
                let program = &site.directory.programs[*i];
                programs::program_page(
                    self,
                    &site.directory.specialties[program.specialty],
                    program,
                    &site.notes_links[*i],
                )
            }
        }
    }
}

/// How many list pages a section has (at least one).
fn section_pages(section: &Section) -> usize {
    section.listing.len().div_ceil(section.paginate_by).max(1)
}

/// The site path of a section's list page `number` (`guides/`, `guides/page/2/`).
fn section_page_path(section: &Section, number: usize) -> String {
    if number == 1 {
        section.path.clone()
    } else {
        format!("{}page/{number}/", section.path)
    }
}

/// Plan every output of `site` (see `Planner::plan`).
pub fn plan(site: &Site) -> Result<Plan, Vec<Diagnostic>> {
    Planner::new(site).plan()
}

impl<'a> Planner<'a> {
    fn common(&self, from: &str, title: &str, description: &'a str) -> Common<'a> {
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
                    href: self.linker.href(from, &item.path),
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
            breadcrumbs: Vec::new(),
        }
    }

    fn breadcrumbs(&self, from: &str, mut section: Option<usize>) -> Vec<Crumb> {
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

    fn target_href(&self, from: &str, target: Target) -> String {
        match target {
            Target::Page(i) => self.linker.href(from, &self.site.pages[i].path),
            Target::Section(i) => self.linker.href(from, &self.site.sections[i].path),
        }
    }

    /// Resolve a rendered body's internal links for the page at `from`.
    fn resolve(&self, from: &str, html: &str, links: &[crate::model::Link]) -> String {
        let hrefs: Vec<String> = links
            .iter()
            .map(|link| {
                let mut href = self.target_href(from, link.target);
                if let Some(anchor) = &link.anchor {
                    href.push('#');
                    href.push_str(anchor);
                }
                escape(&href)
            })
            .collect();
        if self.hash_only {
            // A context that is only hashed needs a stand-in that changes when the resolved
            // HTML would: the HTML's hash and the links put into it.
            let mut key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(html.as_bytes()));
            for href in hrefs {
                key.push('\0');
                key.push_str(&href);
            }
            return key;
        }
        markdown::resolve_links(html, &hrefs)
    }

    fn tag_links(&self, from: &str, tags: &'a [String]) -> Vec<TagLink<'a>> {
        tags.iter()
            .filter_map(|name| self.tag_index.get(name))
            .map(|&i| {
                let tag = &self.site.tags[i];
                TagLink {
                    name: &tag.name,
                    href: self.linker.href(from, &format!("tags/{}/", tag.slug)),
                    count: tag.pages.len(),
                }
            })
            .collect()
    }

    fn card(&self, from: &str, i: usize) -> Card<'a> {
        let page = &self.site.pages[i];
        let section = &self.site.sections[page.section];
        Card {
            title: &page.title,
            href: self.linker.href(from, &page.path),
            description: &page.description,
            summary: self.resolve(from, &page.body.summary, &page.links),
            date: page.date.map(DateCtx::from),
            reading_minutes: page.body.reading_minutes(),
            tags: self.tag_links(from, &page.tags),
            section: (page.section != 0).then(|| SectionRef {
                title: &section.title,
                href: self.linker.href(from, &section.path),
            }),
        }
    }

    fn section_card(&self, from: &str, i: usize) -> SectionCard<'a> {
        let s = &self.site.sections[i];
        SectionCard {
            title: &s.title,
            description: &s.description,
            href: self.linker.href(from, &s.path),
            count: s.listing.len(),
        }
    }

    fn template(template: &'static str, context: Ctx) -> Content {
        Content::Template {
            template,
            context: Box::new(context),
        }
    }

    fn home(&self) -> Content {
        let site = self.site;
        let home = &site.sections[0];
        let mut ctx = self.context(&self.common("", &home.title, &home.description));
        ctx.insert(
            "home",
            &json!({
                "title": home.title,
                "content": self.resolve("", &home.body.html, &home.links),
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
        ctx.insert("tags", &self.all_tags(""));
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

    fn section(&self, section: &'a Section, n: usize) -> Content {
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
                "content": if n == 1 { self.resolve(&from, &section.body.html, &section.links) } else { String::new() },
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
        let href = |m: usize| self.linker.href(&from, &section_page_path(section, m));
        ctx.insert(
            "pagination",
            &Pagination {
                current: n,
                total,
                prev_href: (n > 1).then(|| href(n - 1)),
                next_href: (n < total).then(|| href(n + 1)),
                pages: {
                    let window = page_window(n, total);
                    let mut previous = 0;
                    window
                        .into_iter()
                        .map(|m| {
                            let gap_before = m > previous + 1;
                            previous = m;
                            PageNumber {
                                number: m,
                                href: href(m),
                                current: m == n,
                                gap_before,
                            }
                        })
                        .collect()
                },
            },
        );
        Self::template("section.html", ctx)
    }

    fn page(&self, page: &'a Page) -> Content {
        let from = page.path.as_str();
        let mut common = self.common(from, &page.title, &page.description);
        common.breadcrumbs = self.breadcrumbs(from, Some(page.section));
        let content = self.resolve(from, &page.body.html, &page.links);
        if page.kind == PageKind::Plain {
            let mut ctx = self.context(&common);
            ctx.insert(
                "page",
                &json!({ "title": page.title, "description": page.description, "content": content }),
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
            tags: self.tag_links(from, &page.tags),
            specialties: page
                .specialties
                .iter()
                .map(|slug| {
                    let directory = &self.site.directory;
                    match directory.specialty(slug) {
                        Some(i) => SpecialtyCtx {
                            slug: slug.clone(),
                            name: directory.specialties[i].name.clone(),
                            href: Some(self.linker.href(from, &programs::specialty_path(slug))),
                        },
                        None => SpecialtyCtx {
                            slug: slug.clone(),
                            name: specialty_name(slug),
                            href: None,
                        },
                    }
                })
                .collect(),
            faq: page
                .faq
                .iter()
                .map(|f| FaqCtx {
                    question: &f.question,
                    answer: &f.answer_html,
                })
                .collect(),
            related: page.related.iter().map(|&i| self.card(from, i)).collect(),
            image: page.image.as_ref().map(|i| ImageCtx {
                src: &i.src,
                alt: &i.alt,
            }),
        };
        let json_ld = self.guide_json_ld(page, &common);
        let mut ctx = self.context(&common);
        ctx.insert("guide", &guide);
        ctx.insert("json_ld", &json_ld);
        Self::template("guide.html", ctx)
    }

    fn guide_json_ld(&self, page: &Page, common: &Common<'_>) -> String {
        let config = &self.site.config;
        let mut graph = vec![json!({
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
        })];
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
        // `</` inside a script element would end it early.
        ld.to_string().replace("</", "<\\/")
    }

    fn tags(&self) -> Content {
        let from = "tags/";
        let mut common = self.common(from, "Tags", "");
        common.breadcrumbs = self.breadcrumbs(from, Some(0));
        let mut ctx = self.context(&common);
        ctx.insert("tags", &self.all_tags(from));
        Self::template("tags.html", ctx)
    }

    fn tag(&self, i: usize) -> Content {
        let tag = &self.site.tags[i];
        let from = format!("tags/{}/", tag.slug);
        let title = format!("Tagged “{}”", tag.name);
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
        let cards: Vec<Card<'_>> = tag.pages.iter().map(|&p| self.card(&from, p)).collect();
        ctx.insert("guides", &cards);
        Self::template("tag.html", ctx)
    }

    fn not_found(&self) -> Content {
        // The 404 page is served at any path, so its links start from the site's root path.
        let planner = Planner {
            site: self.site,
            hash_only: self.hash_only,
            linker: Linker {
                style: LinkStyle::Clean,
                base_path: self.linker.base_path,
            },
            tag_index: HashMap::new(),
        };
        let mut common = planner.common("", "Page not found", "");
        common.canonical = format!("{}404.html", self.site.config.base_url);
        for item in &mut common.nav {
            item.current = false;
        }
        Self::template("404.html", self.context(&common))
    }

    fn redirect(&self, alias: &str, page: &Page) -> Content {
        let href = escape(&self.linker.href(alias, &page.path));
        let canonical = escape(&format!("{}{}", self.site.config.base_url, page.path));
        let title = escape(&page.title);
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
            lang = escape(&self.site.config.language),
        );
        Content::Bytes(html.into_bytes())
    }

    fn feed(&self) -> Content {
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
            };
            let summary = absolute.resolve(&page.path, &page.body.summary, &page.links);
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

    fn robots(&self) -> Content {
        let text = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            self.site.config.base_url
        );
        Content::Bytes(text.into_bytes())
    }

    fn sitemap(&self, pages: &[String]) -> Content {
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
    fn pagination_links_the_ends_and_the_neighbourhood_of_the_current_page() {
        assert_eq!(page_window(1, 3), vec![1, 2, 3]);
        assert_eq!(page_window(1, 100), vec![1, 2, 3, 100]);
        assert_eq!(page_window(50, 100), vec![1, 48, 49, 50, 51, 52, 100]);
        assert_eq!(page_window(100, 100), vec![1, 98, 99, 100]);
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
