//! Plan: turns a `Site` into the list of outputs, each a file path with either a template and
//! the complete context it renders (templates read nothing else), or finished bytes (feeds,
//! sitemap, redirects). Every link a page shows is computed here, relative to that page, so the
//! same output works from disk, under a sub-path, and on any host.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::Serialize;

mod contact;
mod context;
mod ctx;
mod feeds;
mod linker;
mod pages;
mod programs;
mod search;
mod smart_pick;

pub use ctx::Ctx;
pub use feeds::{SITEMAP, SitemapFile, SitemapLimits};
use linker::Linker;
pub use programs::{specialty_view, summed_view};

use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::model::{Absent, Owner, PageKind, Section, Site, Tag};

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

/// The redirect rules file Netlify and Cloudflare Pages read; written when a page has aliases
/// (a site's own `static/_redirects` replaces it).
pub const HOST_REDIRECTS: &str = "_redirects";

/// The theme's stylesheet, which the 404 page carries inline.
pub const STYLESHEET: &str = "style.css";

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
    /// Page `number` (from 1) of a tag's list.
    Tag {
        /// The tag, by index.
        tag: usize,
        /// The list page, from 1.
        number: usize,
    },
    /// The 404 page.
    NotFound,
    /// The Atom feed.
    Feed,
    /// robots.txt.
    Robots,
    /// `_redirects`: each alias as a redirect rule, for hosts that read the file.
    HostRedirects,
    /// A sitemap file: some or all of the pages, or the index of the sitemap files.
    Sitemap(SitemapFile),
    /// The specialty directory.
    Directory,
    /// A specialty's page.
    Specialty(usize),
    /// A specialty's programs as JSON.
    SpecialtyJson(usize),
    /// A program's page.
    Program(usize),
    /// The Smart Pick page.
    SmartPick,
    /// The search page.
    Search,
}

/// What an output reads of the programs' entries, beyond which programs there are and where
/// their pages are (an edit in place changes neither): for a rebuild to tell which outputs an
/// edit of some programs can change without looking at the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramReads {
    /// Nothing: guides, lists, tags, feeds, sitemaps (page paths and dates), the home page
    /// (how many programs and specialties there are), search.
    Nothing,
    /// Every program, summed up: the directory's counts, Smart Pick's states and types.
    All,
    /// The programs of one specialty: its table and its JSON.
    Specialty(usize),
    /// One program: its page.
    One(usize),
}

impl What {
    /// What this output reads of the programs' entries.
    pub fn program_reads(&self) -> ProgramReads {
        match self {
            Self::Home
            | Self::Section { .. }
            | Self::Page(_)
            | Self::Redirect { .. }
            | Self::Tags
            | Self::Tag { .. }
            | Self::NotFound
            | Self::Feed
            | Self::Robots
            | Self::HostRedirects
            | Self::Sitemap(_)
            | Self::Search => ProgramReads::Nothing,
            Self::Directory | Self::SmartPick => ProgramReads::All,
            Self::Specialty(s) | Self::SpecialtyJson(s) => ProgramReads::Specialty(*s),
            Self::Program(i) => ProgramReads::One(*i),
        }
    }
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
const GENERATOR: &str = concat!("matchpress ", env!("CARGO_PKG_VERSION"));

/// Where a link shown on a page was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// In markdown: a body, an answer or notes, at a byte offset.
    Text {
        /// Whose text.
        owner: Owner,
        /// Byte offset of the link in it.
        offset: usize,
    },
    /// In a data field (a program's website).
    Field(Location),
    /// In `site.yaml`'s menu (checked when the site is planned).
    Menu(Location),
}

/// A link a planner put into an output, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// The href as the output shows it.
    pub href: String,
    /// Where it was written.
    pub origin: Origin,
}

/// Builds every output's content from the site; shared by all rendering threads.
pub struct Planner<'a> {
    site: &'a Site,
    /// Build contexts only to hash them (see `Planner::hashing`).
    hash_only: bool,
    linker: Linker<'a>,
    /// Made when first needed: a rebuild that renders one page needs none of them.
    indexes: OnceLock<Indexes>,
    /// Every link from the site's inputs that `content` put into an output, when tracing.
    traced: Option<Mutex<Vec<Traced>>>,
    /// The most one sitemap file holds.
    sitemap_limits: SitemapLimits,
    /// The theme's `style.css`, for the 404 page to carry inline (it is shown at any path, and
    /// opened from disk).
    inline_style: Option<Arc<str>>,
}

/// Ways into the site's tags, specialties and guides, so that no page's plan walks every tag,
/// every specialty or every page.
#[derive(Default)]
struct Indexes {
    /// Tag name and slug -> its index.
    tag: HashMap<String, usize>,
    /// Specialty slug -> its index.
    specialty: HashMap<String, usize>,
    /// The guides (page indices, in page order) of each specialty.
    guides_by_specialty: Vec<Vec<usize>>,
}

impl Indexes {
    fn of(site: &Site) -> Self {
        Self {
            tag: (site.tags.iter().enumerate())
                .flat_map(|(i, t)| [(t.name.clone(), i), (t.slug.clone(), i)])
                .collect(),
            specialty: (specialty_index(site).into_iter())
                .map(|(slug, i)| (slug.to_string(), i))
                .collect(),
            guides_by_specialty: guides_by_specialty(site),
        }
    }
}

/// Specialty slug -> its index in the directory (the first, when a slug is given twice).
fn specialty_index(site: &Site) -> HashMap<&str, usize> {
    let mut index = HashMap::with_capacity(site.directory.specialties.len());
    for (i, specialty) in site.directory.specialties.iter().enumerate() {
        index.entry(specialty.slug.as_str()).or_insert(i);
    }
    index
}

/// The guides of each specialty of the directory (page indices in page order).
fn guides_by_specialty(site: &Site) -> Vec<Vec<usize>> {
    let index = specialty_index(site);
    let mut guides = vec![Vec::new(); site.directory.specialties.len()];
    for (i, page) in site.pages.iter().enumerate() {
        if page.kind != PageKind::Guide {
            continue;
        }
        for slug in &page.specialties {
            if let Some(&s) = index.get(slug.as_str()) {
                guides[s].push(i);
            }
        }
    }
    guides
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
            indexes: OnceLock::new(),
            traced: None,
            sitemap_limits: SitemapLimits::PROTOCOL,
            inline_style: None,
        }
    }

    /// The site's indexes, made at the first call.
    fn indexes(&self) -> &Indexes {
        self.indexes.get_or_init(|| Indexes::of(self.site))
    }

    /// The planner with the theme's stylesheet, which the 404 page carries inline.
    #[must_use]
    pub fn with_inline_style(mut self, css: Option<Arc<str>>) -> Self {
        self.inline_style = css;
        self
    }

    /// The same planner with other limits for one sitemap file (tests lower them to see a
    /// site split without 50,000 pages).
    #[must_use]
    pub fn with_sitemap_limits(self, limits: SitemapLimits) -> Self {
        Self {
            sitemap_limits: limits,
            ..self
        }
    }

    /// A planner that records where every link it puts into an output was written (see
    /// `take_traced`), to say where a broken link comes from.
    pub fn tracing(site: &'a Site) -> Self {
        Self {
            traced: Some(Mutex::new(Vec::new())),
            ..Self::new(site)
        }
    }

    /// The links recorded since the last call (tracing planners only).
    pub fn take_traced(&self) -> Vec<Traced> {
        self.traced
            .as_ref()
            .map(|t| std::mem::take(&mut *t.lock().unwrap_or_else(PoisonError::into_inner)))
            .unwrap_or_default()
    }

    /// Record a link put into an output, when tracing (`origin` is only called then).
    fn trace(&self, href: &str, origin: impl FnOnce() -> Origin) {
        if let Some(traced) = &self.traced {
            traced
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Traced {
                    href: href.to_string(),
                    origin: origin(),
                });
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

    /// Every output of the site, and the problems of the plan: two outputs at one path (the
    /// first is kept), a menu entry that leads nowhere.
    pub fn plan(&self) -> (Plan, Vec<Diagnostic>) {
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
        if let Some((path, source, template, what)) = smart_pick::describe(site) {
            add(path, &source, template, what);
        }
        if site.config.search.indexes_anything() {
            let (path, source, template, what) = search::describe();
            add(path, &source, template, what);
        }
        if !site.tags.is_empty() {
            add(
                "tags/index.html".to_string(),
                std::path::Path::new("(tags)"),
                Some("tags.html"),
                What::Tags,
            );
            for (i, tag) in site.tags.iter().enumerate() {
                for number in 1..=list_pages(tag.pages.len(), site.config.paginate_by) {
                    add(
                        format!("{}index.html", tag_page_path(tag, number)),
                        std::path::Path::new("(tags)"),
                        Some("tag.html"),
                        What::Tag { tag: i, number },
                    );
                }
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
        if site.pages.iter().any(|p| !p.aliases.is_empty()) {
            add(
                HOST_REDIRECTS.to_string(),
                std::path::Path::new("(redirects)"),
                None,
                What::HostRedirects,
            );
        }
        let mut pages: Vec<String> = plan
            .jobs
            .iter()
            .filter(|j| j.template.is_some_and(|t| t != "404.html"))
            .filter_map(|j| j.path.strip_suffix("index.html").map(str::to_string))
            .collect();
        pages.sort_unstable();
        for (path, file) in self.sitemap_files(pages, self.sitemap_limits) {
            plan.jobs.push(Job {
                path,
                source: PathBuf::from("(sitemap)"),
                template: None,
                what: What::Sitemap(file),
            });
        }

        plan.jobs.sort_by(|a, b| a.path.cmp(&b.path));
        let mut problems = Vec::new();
        let place = |source: &std::path::Path| {
            // Generated outputs name their kind in parentheses, `(tags)`: no file to point at.
            (!source.to_string_lossy().starts_with('(')).then(|| Location::file(source))
        };
        let mut kept: Vec<Job> = Vec::with_capacity(plan.jobs.len());
        for job in std::mem::take(&mut plan.jobs) {
            match kept.last() {
                Some(first) if first.path == job.path => {
                    let mut d = Diagnostic::new(
                        Code::UrlClash,
                        place(&job.source),
                        format!(
                            "two outputs would be written to {}: from {} and from {}",
                            job.path,
                            first.source.display(),
                            job.source.display()
                        ),
                    )
                    .with_hint("rename one of the files or give it another `slug:`");
                    if let Some(at) = place(&first.source) {
                        d = d.with_related(at, "the output kept");
                    }
                    problems.push(d);
                }
                _ => kept.push(job),
            }
        }
        plan.jobs = kept;
        let page_paths: std::collections::HashSet<&str> = plan
            .jobs
            .iter()
            .filter_map(|j| j.path.strip_suffix("index.html"))
            .collect();
        for item in &site.config.menu {
            // A page left out for its own problem is reported on its own.
            let absent = site.absent_at(&item.path);
            if absent == Some(Absent::Draft) {
                problems.push(
                    Diagnostic::new(
                        Code::ConfigMenuTarget,
                        item.location.clone(),
                        format!(
                            "the menu entry `{}` leads to /{}, a draft, which is not published",
                            item.title, item.path
                        ),
                    )
                    .with_hint("build with --drafts to see it, or take the entry out of the menu until the page is ready"),
                );
                continue;
            }
            if !page_paths.contains(item.path.as_str()) && absent.is_none() {
                let hint = match did_you_mean(&item.path, page_paths.iter().copied()) {
                    Some(s) => format!("did you mean `/{s}`?"),
                    None => "point the menu at a page of the site, like `/guides/`".to_string(),
                };
                problems.push(
                    Diagnostic::new(
                        Code::ConfigMenuTarget,
                        item.location.clone(),
                        format!(
                            "the menu entry `{}` leads to /{}, which is not a page",
                            item.title, item.path
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
        problems.sort();
        (plan, problems)
    }

    /// Build the content of one planned output.
    pub fn content(&self, job: &Job) -> Content {
        let site = self.site;
        match &job.what {
            What::Home => self.home(),
            What::Section { section, number } => self.section(*section, *number),
            What::Page(i) => self.page(*i),
            What::Redirect { page, alias } => {
                let page = &site.pages[*page];
                self.redirect(&page.aliases[*alias], page)
            }
            What::Tags => self.tags(),
            What::Tag { tag, number } => self.tag(*tag, *number),
            What::NotFound => self.not_found(),
            What::Feed => self.feed(),
            What::Robots => self.robots(),
            What::HostRedirects => self.host_redirects(),
            What::Sitemap(file) => self.sitemap(file),
            What::Directory => programs::directory_page(self),
            What::Specialty(i) => programs::specialty_page(self, &site.directory.specialties[*i]),
            What::SpecialtyJson(i) => {
                programs::specialty_json(self, &site.directory.specialties[*i])
            }
            What::Program(i) => {
                let program = &site.directory.programs[*i];
                programs::program_page(self, &site.directory.specialties[program.specialty], *i)
            }
            What::SmartPick => smart_pick::page(self),
            What::Search => search::page(self),
        }
    }
}

/// How many list pages a list of `len` entries has at `per` a page (at least one).
fn list_pages(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// How many list pages a section has (at least one).
fn section_pages(section: &Section) -> usize {
    list_pages(section.listing.len(), section.paginate_by)
}

/// The site path of list page `number` of the list at `first` (`guides/`, `guides/page/2/`).
fn list_page_path(first: &str, number: usize) -> String {
    if number == 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// The site path of a section's list page `number` (`guides/`, `guides/page/2/`).
fn section_page_path(section: &Section, number: usize) -> String {
    list_page_path(&section.path, number)
}

/// The site path of a tag's list page `number` (`tags/visas/`, `tags/visas/page/2/`).
fn tag_page_path(tag: &Tag, number: usize) -> String {
    list_page_path(&format!("tags/{}/", tag.slug), number)
}

/// `value` as JSON to put inside a `<script>` element (JSON-LD, a page's data): `</` would end
/// the element early and `<!--` change how it is parsed, so `<` is written `\u003c`, and `>`
/// and `&` (`\u003e`, `\u0026`) so no markup is left in it at all; the line separators U+2028
/// and U+2029, which old parsers take for line ends, are escaped too. The JSON means the same.
pub(crate) fn script_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Plan every output of `site` (see `Planner::plan`).
pub fn plan(site: &Site) -> (Plan, Vec<Diagnostic>) {
    Planner::new(site).plan()
}
