//! Model: turns decoded source files into a validated, resolved `Site`: front matter parsed into
//! raw structs and converted field by field, URLs assigned and checked for collisions, markdown
//! rendered (in parallel), tags collected, related guides chosen, internal links resolved.
//! No I/O here; every problem becomes a `Diagnostic` with `file:line:col`, all collected.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::Config;
use crate::data::{Directory, SPECIALTIES_FILE};
use crate::error::{Diagnostic, LineIndex, Location, did_you_mean};
use crate::markdown::{self, Rendered};
use crate::slug::slugify;
use crate::source::{SourceFile, split_front_matter};
use crate::yaml::{self, Origin, Spanned};
use std::sync::Arc;

/// The top section whose pages are guides (the others are plain pages).
pub const GUIDES_SECTION: &str = "guides";

/// A calendar date from front matter (`2026-03-28`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD`, optionally followed by a time (`T...` or ` ...`), which is ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let valid =
            (1..=12).contains(&date.month) && (1..=date.days_in_month()).contains(&date.day);
        valid.then_some(date)
    }

    fn days_in_month(self) -> u8 {
        match self.month {
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// `2026-03-28`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `March 28, 2026`.
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
        format!("{month} {}, {}", self.day, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// How a section orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Newest first; undated last.
    Date,
    /// A to Z.
    Title,
    /// Lowest `weight` first.
    Weight,
}

/// What kind of page a markdown file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An article under `content/guides/`.
    Guide,
    /// A standalone page (`about.md`).
    Plain,
}

/// A question and its answer, from front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faq {
    /// The question, as text.
    pub question: String,
    /// The answer, rendered from markdown to HTML.
    pub answer_html: String,
    /// The answer as plain text, for JSON-LD.
    pub answer_text: String,
}

/// An illustration, from front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Where the image is (a URL or a path under `static/`).
    pub src: String,
    /// Its alternative text.
    pub alt: String,
}

/// What an internal link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A page, by index in `Site::pages`.
    Page(usize),
    /// A section, by index in `Site::sections`.
    Section(usize),
}

/// A resolved internal link: its target and anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The page or section linked to.
    pub target: Target,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
}

/// A markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/` (`guides/visas/j1-vs-h1b.md`).
    pub rel: String,
    /// Path relative to the site root, for messages.
    pub source: PathBuf,
    /// The URL path, without a leading slash (`guides/visas/j1-vs-h1b/`).
    pub path: String,
    /// The last URL segment.
    pub slug: String,
    /// Guide or plain page.
    pub kind: PageKind,
    /// Title.
    pub title: String,
    /// One or two sentences; empty when not given.
    pub description: String,
    /// First published.
    pub date: Option<Date>,
    /// Last revised.
    pub updated: Option<Date>,
    /// Tag names, as written.
    pub tags: Vec<String>,
    /// Specialty slugs.
    pub specialties: Vec<String>,
    /// Whether it is a draft (only present with `--drafts`).
    pub draft: bool,
    /// Old URL paths that redirect here.
    pub aliases: Vec<String>,
    /// Questions and answers.
    pub faq: Vec<Faq>,
    /// An illustration.
    pub image: Option<Image>,
    /// Order in weight-sorted lists.
    pub weight: i64,
    /// The section it belongs to, by index.
    pub section: usize,
    /// The rendered body.
    pub body: Arc<Rendered>,
    /// Byte offset of the body in the source file, to locate findings in it.
    pub body_offset: usize,
    /// The body's internal links, resolved, in placeholder order.
    pub links: Vec<Link>,
    /// Up to three related guides, by index.
    pub related: Vec<usize>,
    /// Hash of the source text.
    pub hash: u64,
}

/// A folder of `content/`, described by its `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder relative to `content/` (empty for the home section).
    pub dir: String,
    /// The `_index.md` relative to the site root (it may not exist).
    pub source: PathBuf,
    /// The URL path, without a leading slash (`guides/`; empty for home).
    pub path: String,
    /// Title.
    pub title: String,
    /// One sentence; empty when not given.
    pub description: String,
    /// Order of its list.
    pub sort_by: SortBy,
    /// Entries per list page.
    pub paginate_by: usize,
    /// Order among sibling sections.
    pub weight: i64,
    /// The rendered body of `_index.md`.
    pub body: Arc<Rendered>,
    /// The body's internal links, resolved.
    pub links: Vec<Link>,
    /// The parent section, by index (none for home).
    pub parent: Option<usize>,
    /// Child sections, by index, ordered by weight then title.
    pub subsections: Vec<usize>,
    /// Every page in this section and below, in list order.
    pub listing: Vec<usize>,
    /// Hash of the source text (0 when there is no `_index.md`).
    pub hash: u64,
}

/// A tag and the pages that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The name, as first written (in path order).
    pub name: String,
    /// The URL segment.
    pub slug: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// The whole site, validated and resolved.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Sections; index 0 is home.
    pub sections: Vec<Section>,
    /// Pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Tags, sorted by slug.
    pub tags: Vec<Tag>,
    /// Specialties and programs (empty when the site has no `data/`).
    pub directory: Arc<Directory>,
    /// The internal links of each program's notes, resolved, by program index.
    pub notes_links: Vec<Vec<Link>>,
}

impl Site {
    /// Guides, newest first.
    pub fn guides_by_date(&self) -> Vec<usize> {
        let mut guides: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].kind == PageKind::Guide)
            .collect();
        sort_pages(&mut guides, &self.pages, SortBy::Date);
        guides
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPageFront {
    title: Option<String>,
    description: Option<String>,
    date: Option<Spanned<String>>,
    updated: Option<Spanned<String>>,
    tags: Option<Vec<Spanned<String>>>,
    specialties: Option<Vec<Spanned<String>>>,
    draft: Option<bool>,
    slug: Option<Spanned<String>>,
    aliases: Option<Vec<Spanned<String>>>,
    faq: Option<Vec<RawFaq>>,
    image: Option<RawImage>,
    weight: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    question: String,
    answer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    src: String,
    alt: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSectionFront {
    title: Option<String>,
    description: Option<String>,
    sort_by: Option<Spanned<String>>,
    paginate_by: Option<Spanned<i64>>,
    weight: Option<i64>,
}

/// The outcome of building the model: the site, and warnings worth showing.
#[derive(Debug)]
pub struct Built {
    /// The site.
    pub site: Site,
    /// Warnings (the build goes on).
    pub warnings: Vec<Diagnostic>,
    /// Time spent parsing front matter and rendering markdown (part of building the model).
    pub parse_time: std::time::Duration,
}

/// Build the site model from `config`, the files of `content/` and the program directory;
/// `drafts` keeps drafts.
pub fn build(
    config: Config,
    files: &[SourceFile],
    directory: Arc<Directory>,
    drafts: bool,
) -> Result<Built, Vec<Diagnostic>> {
    build_cached(config, files, directory, drafts, &mut ParseCache::default())
}

/// Content files parsed by earlier builds, by path: a file is parsed again only when its text,
/// the default pagination or the known specialties changed (what parsing depends on).
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<String, (u64, Arc<ParseResult>)>,
    /// The related guides of the last build, with the hash of what they were computed from.
    related: Option<(u64, Vec<Vec<usize>>)>,
}

/// `build`, reusing and refreshing `cache`.
pub fn build_cached(
    config: Config,
    files: &[SourceFile],
    directory: Arc<Directory>,
    drafts: bool,
    cache: &mut ParseCache,
) -> Result<Built, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = Vec::new();

    // Parse front matter and render bodies, in parallel, one result per file.
    let known: Vec<&str> = directory
        .specialties
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    let parse_start = std::time::Instant::now();
    let mut settings = xxhash_rust::xxh3::Xxh3::new();
    settings.update(&config.paginate_by.to_le_bytes());
    for slug in &known {
        settings.update(slug.as_bytes());
        settings.update(&[0]);
    }
    let settings = settings.digest();
    let keyed: Vec<(u64, Arc<ParseResult>)> = files
        .par_iter()
        .map(|file| {
            let key = file.hash ^ settings.rotate_left(17);
            match cache.entries.get(&file.rel) {
                Some((cached, result)) if *cached == key => (key, Arc::clone(result)),
                _ => (key, Arc::new(parse_file(file, config.paginate_by, &known))),
            }
        })
        .collect();
    let parsed: Vec<ParseResult> = keyed
        .par_iter()
        .map(|(_, result)| ParseResult::clone(result))
        .collect();
    cache.entries = files
        .iter()
        .zip(keyed)
        .map(|(file, entry)| (file.rel.clone(), entry))
        .collect();
    let parse_time = parse_start.elapsed();
    let mut section_files = Vec::new();
    let mut page_files = Vec::new();
    // Files that are not in the site: links to them get a precise hint, or no second error.
    let mut absent: HashMap<&str, Absent> = HashMap::default();
    for (result, file) in parsed.into_iter().zip(files) {
        match result {
            Ok(Parsed::Section(s)) => section_files.push((s, file)),
            Ok(Parsed::Page(p)) if p.draft && !drafts => {
                absent.insert(&file.rel, Absent::Draft);
            }
            Ok(Parsed::Page(p)) => page_files.push((p, file)),
            Err(mut d) => {
                absent.insert(&file.rel, Absent::Broken);
                problems.append(&mut d);
            }
        }
    }

    // Sections: one per folder that has an `_index.md` or a page, and their ancestors.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (section, _) in section_files {
        sections.insert(section.dir.clone(), *section);
    }
    let mut dirs: Vec<String> = page_files.iter().map(|(p, _)| parent_dir(&p.rel)).collect();
    dirs.extend(sections.keys().cloned());
    for dir in dirs {
        let mut d = dir;
        loop {
            sections
                .entry(d.clone())
                .or_insert_with(|| implicit_section(&d, config.paginate_by));
            if d.is_empty() {
                break;
            }
            d = parent_dir(&d);
        }
    }
    sections
        .entry(String::new())
        .or_insert_with(|| implicit_section("", config.paginate_by));
    let mut sections: Vec<Section> = sections.into_values().collect();
    let section_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 0..sections.len() {
        if !sections[i].dir.is_empty() {
            let parent = section_index[&parent_dir(&sections[i].dir)];
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }
    }

    // Pages, with URLs.
    let mut pages: Vec<Page> = Vec::with_capacity(page_files.len());
    let mut texts: Vec<&SourceFile> = Vec::with_capacity(page_files.len());
    for (mut page, file) in page_files {
        page.section = section_index[&parent_dir(&page.rel)];
        page.path = format!("{}{}/", sections[page.section].path, page.slug);
        pages.push(*page);
        texts.push(file);
    }

    // Two sources for one URL is an error naming both.
    let mut owners: HashMap<&str, &Path> = HashMap::default();
    for (path, source) in sections
        .iter()
        .map(|s| (s.path.as_str(), s.source.as_path()))
        .chain(pages.iter().map(|p| (p.path.as_str(), p.source.as_path())))
        .chain(pages.iter().flat_map(|p| {
            p.aliases
                .iter()
                .map(move |a| (a.as_str(), p.source.as_path()))
        }))
    {
        if let Some(first) = owners.insert(path, source) {
            problems.push(
                Diagnostic::error(
                    Some(Location::new(source, 1, 1)),
                    format!(
                        "the URL /{path} is claimed twice: by {} and by {}",
                        display(first),
                        display(source)
                    ),
                )
                .with_hint("give one of them another file name or `slug:`"),
            );
        }
    }

    // Internal links: resolve, and check the anchors.
    let by_rel: HashMap<&str, Target> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), Target::Page(i)))
        .chain(sections.iter().enumerate().map(|(i, s)| {
            let rel = if s.dir.is_empty() {
                "_index.md"
            } else {
                s.source
                    .to_str()
                    .and_then(|p| p.strip_prefix("content/"))
                    .unwrap_or_default()
            };
            (rel, Target::Section(i))
        }))
        .collect();
    let anchors_of = |t: Target| -> &[String] {
        match t {
            Target::Page(i) => &pages[i].body.anchors,
            Target::Section(i) => &sections[i].body.anchors,
        }
    };
    let mut page_links: Vec<Vec<Link>> = Vec::with_capacity(pages.len());
    for (page, file) in pages.iter().zip(&texts) {
        page_links.push(resolve(
            &page.body,
            &body_locator(file, page.body_offset),
            &by_rel,
            &absent,
            &anchors_of,
            &mut problems,
        ));
    }
    let by_path: HashMap<&Path, &SourceFile> =
        files.iter().map(|f| (f.site_path.as_path(), f)).collect();
    let mut section_links: Vec<Vec<Link>> = Vec::with_capacity(sections.len());
    for section in &sections {
        let file = by_path.get(section.source.as_path()).copied();
        section_links.push(match file {
            Some(file) => resolve(
                &section.body,
                &body_locator(
                    file,
                    split_front_matter(&file.text, &file.site_path).map_or(0, |s| s.body_offset),
                ),
                &by_rel,
                &absent,
                &anchors_of,
                &mut problems,
            ),
            None => Vec::new(),
        });
    }
    // Program notes are markdown too: their links resolve against the same pages.
    let mut notes_links: Vec<Vec<Link>> = Vec::with_capacity(directory.programs.len());
    for program in &directory.programs {
        notes_links.push(match (&program.notes, &program.notes_location) {
            (Some(notes), Some(start)) => {
                // Notes are a few lines: pointing at their start is precise enough.
                let at_notes = |_: usize| start.clone();
                resolve(
                    notes,
                    &at_notes,
                    &by_rel,
                    &absent,
                    &anchors_of,
                    &mut problems,
                )
            }
            _ => Vec::new(),
        });
    }
    for (page, links) in pages.iter_mut().zip(page_links) {
        page.links = links;
    }
    for (section, links) in sections.iter_mut().zip(section_links) {
        section.links = links;
    }

    // Warnings from markdown (images without alt text, level-1 headings).
    let mut warnings = Vec::new();
    for (page, file) in pages.iter().zip(&texts) {
        let locate = body_locator(file, page.body_offset);
        for finding in &page.body.warnings {
            warnings.push(
                Diagnostic::warning(Some(locate(finding.offset)), finding.message.clone())
                    .with_hint(finding.hint.clone()),
            );
        }
    }

    if problems.iter().any(Diagnostic::is_error) {
        problems.sort();
        return Err(problems);
    }

    // Lists, tags, related guides.
    for i in 0..sections.len() {
        let mut listing: Vec<usize> = (0..pages.len())
            .filter(|&p| is_within(&pages[p].rel, &sections[i].dir))
            .collect();
        sort_pages(&mut listing, &pages, sections[i].sort_by);
        sections[i].listing = listing;
        let mut subsections = std::mem::take(&mut sections[i].subsections);
        subsections.sort_by(|&a, &b| {
            (sections[a].weight, &sections[a].title).cmp(&(sections[b].weight, &sections[b].title))
        });
        sections[i].subsections = subsections;
    }
    let tags = collect_tags(&pages);
    // Related guides depend only on what `related_key` hashes: reuse the last build's lists
    // when that did not change (the search is the costliest part of the model).
    let key = related_key(&pages);
    let related = match cache.related.take() {
        Some((cached, lists)) if cached == key => lists,
        _ => related_guides(&pages),
    };
    cache.related = Some((key, related.clone()));
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }

    Ok(Built {
        site: Site {
            config,
            sections,
            pages,
            tags,
            directory,
            notes_links,
        },
        warnings,
        parse_time,
    })
}

/// Why a content file is not in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Absent {
    Draft,
    Broken,
}

/// What parsing one content file gives.
type ParseResult = Result<Parsed, Vec<Diagnostic>>;

#[derive(Debug, Clone)]
enum Parsed {
    Section(Box<Section>),
    Page(Box<Page>),
}

/// Parse one content file; `specialties` are the known specialty slugs (empty: not checked).
fn parse_file(
    file: &SourceFile,
    default_paginate: usize,
    specialties_known: &[&str],
) -> Result<Parsed, Vec<Diagnostic>> {
    let split = split_front_matter(&file.text, &file.site_path).map_err(|d| vec![d])?;
    let origin = Origin {
        path: &file.site_path,
        line_offset: split.front_matter_line_offset,
    };
    let front = split.front_matter.unwrap_or("");
    let missing_front_matter = || {
        Diagnostic::error(
            Some(Location::new(&file.site_path, 1, 1)),
            "missing required field `title`",
        )
        .with_hint(if split.front_matter.is_some() {
            "add a line `title: ...` to the front matter"
        } else {
            "start the file with front matter: a line `---`, `title: ...`, and a line `---`"
        })
    };
    let body = Arc::new(markdown::render(split.body));
    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    if file_name == "_index.md" {
        let raw: RawSectionFront = yaml::parse(front, origin).map_err(|d| vec![d])?;
        let RawSectionFront {
            title,
            description,
            sort_by,
            paginate_by,
            weight,
        } = raw;
        let mut problems = Vec::new();
        let title = title.ok_or_else(|| vec![missing_front_matter()])?;
        let sort_by = match sort_by {
            None => SortBy::Date,
            Some(s) => match s.value.as_str() {
                "date" => SortBy::Date,
                "title" => SortBy::Title,
                "weight" => SortBy::Weight,
                other => {
                    problems.push(
                        Diagnostic::error(
                            Some(origin.location_of(&s)),
                            format!("sort_by must be date, title or weight, found `{other}`"),
                        )
                        .with_hint("`date` lists the newest first"),
                    );
                    SortBy::Date
                }
            },
        };
        let paginate_by = match paginate_by {
            None => default_paginate,
            Some(p) => usize::try_from(p.value)
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or_else(|| {
                    problems.push(
                        Diagnostic::error(
                            Some(origin.location_of(&p)),
                            format!(
                                "paginate_by must be a whole number above 0, found {}",
                                p.value
                            ),
                        )
                        .with_hint("for example `paginate_by: 10`"),
                    );
                    default_paginate
                }),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let dir = parent_dir(&file.rel);
        return Ok(Parsed::Section(Box::new(Section {
            path: section_path(&dir),
            dir,
            source: file.site_path.clone(),
            title,
            description: description.unwrap_or_default(),
            sort_by,
            paginate_by,
            weight: weight.unwrap_or(0),
            body,
            links: Vec::new(),
            parent: None,
            subsections: Vec::new(),
            listing: Vec::new(),
            hash: file.hash,
        })));
    }

    let raw: RawPageFront = yaml::parse(front, origin).map_err(|d| vec![d])?;
    let RawPageFront {
        title,
        description,
        date,
        updated,
        tags,
        specialties,
        draft,
        slug,
        aliases,
        faq,
        image,
        weight,
    } = raw;
    let mut problems = Vec::new();
    let title = title.ok_or_else(|| vec![missing_front_matter()])?;
    let mut parse_date = |value: Option<Spanned<String>>, field: &str| {
        value.and_then(|v| {
            let parsed = Date::parse(&v.value);
            if parsed.is_none() {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&v)),
                        format!(
                            "{field} must be a valid date written YYYY-MM-DD, found `{}`",
                            v.value
                        ),
                    )
                    .with_hint(format!("for example `{field}: 2026-03-28`")),
                );
            }
            parsed
        })
    };
    let date = parse_date(date, "date");
    let updated = parse_date(updated, "updated");

    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let slug = match slug {
        None => slugify(stem),
        Some(s) => {
            let value = s.value.trim();
            if value.contains('/') || value.contains('\\') || value == "." || value == ".." {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&s)),
                        format!("the slug `{value}` would put the page outside its section"),
                    )
                    .with_hint("a slug is one URL segment: letters, digits and hyphens"),
                );
                String::new()
            } else {
                slugify(value)
            }
        }
    };
    if slug.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(
                Some(Location::new(&file.site_path, 1, 1)),
                "the page's URL segment would be empty",
            )
            .with_hint("set `slug:` to a few words of letters or digits"),
        );
    }

    let mut tag_names = Vec::new();
    for tag in tags.unwrap_or_default() {
        if slugify(&tag.value).is_empty() {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&tag)),
                    format!("the tag `{}` has no letters or digits", tag.value),
                )
                .with_hint("write tags as words, like `visas`"),
            );
        } else if !tag_names.contains(&tag.value) {
            tag_names.push(tag.value);
        }
    }
    let mut specialty_slugs: Vec<String> = Vec::new();
    for specialty in specialties.unwrap_or_default() {
        if !specialties_known.is_empty() && !specialties_known.contains(&specialty.value.as_str()) {
            let hint = match did_you_mean(&specialty.value, specialties_known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the specialties are listed in {SPECIALTIES_FILE}"),
            };
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&specialty)),
                    format!("unknown specialty `{}`", specialty.value),
                )
                .with_hint(hint),
            );
        } else if !specialty_slugs.contains(&specialty.value) {
            specialty_slugs.push(specialty.value);
        }
    }

    let mut alias_paths = Vec::new();
    for alias in aliases.unwrap_or_default() {
        let trimmed = alias.value.trim().trim_matches('/');
        let bad = trimmed.is_empty()
            || trimmed
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\'));
        if bad {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&alias)),
                    format!("the alias `{}` is not a path inside the site", alias.value),
                )
                .with_hint("write an old URL path like `/guides/old-name/`"),
            );
        } else {
            alias_paths.push(format!("{trimmed}/"));
        }
    }

    let faq = faq
        .unwrap_or_default()
        .into_iter()
        .map(|RawFaq { question, answer }| {
            let answer_html = markdown::render(&answer).html;
            Faq {
                question,
                answer_text: answer.split_whitespace().collect::<Vec<_>>().join(" "),
                answer_html,
            }
        })
        .collect();

    let image = image.map(|RawImage { src, alt }| {
        if alt.value.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&alt)),
                    "the image's alt text is empty",
                )
                .with_hint("describe what the image shows, for readers who cannot see it"),
            );
        }
        Image {
            src,
            alt: alt.value,
        }
    });

    if !problems.is_empty() {
        return Err(problems);
    }
    let kind = if file.rel.starts_with(&format!("{GUIDES_SECTION}/")) {
        PageKind::Guide
    } else {
        PageKind::Plain
    };
    Ok(Parsed::Page(Box::new(Page {
        rel: file.rel.clone(),
        source: file.site_path.clone(),
        path: String::new(),
        slug,
        kind,
        title,
        description: description.unwrap_or_default(),
        date,
        updated,
        tags: tag_names,
        specialties: specialty_slugs,
        draft: draft.unwrap_or(false),
        aliases: alias_paths,
        faq,
        image,
        weight: weight.unwrap_or(0),
        section: 0,
        body,
        body_offset: split.body_offset,
        links: Vec::new(),
        related: Vec::new(),
        hash: file.hash,
    })))
}

/// Resolve the internal links of a rendered body; report missing targets and anchors.
fn resolve<'a>(
    body: &Rendered,
    locate: &dyn Fn(usize) -> Location,
    by_rel: &HashMap<&str, Target>,
    absent: &HashMap<&str, Absent>,
    anchors_of: &dyn Fn(Target) -> &'a [String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let mut links = Vec::with_capacity(body.links.len());
    for link in &body.links {
        let target = link.target.trim_start_matches('/');
        let Some(&resolved) = by_rel.get(target) else {
            let hint = if absent.get(target) == Some(&Absent::Broken) {
                // The target's own errors are reported; a second error here is noise.
                links.push(Link {
                    target: Target::Section(0),
                    anchor: None,
                });
                continue;
            } else if absent.get(target) == Some(&Absent::Draft) {
                "that page is a draft: build with --drafts, or remove the link".to_string()
            } else {
                // Suggest only paths whose file name is itself close to the one written.
                let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
                let wanted = name(target);
                let known = by_rel
                    .keys()
                    .copied()
                    .filter(|k| did_you_mean(&wanted, [name(k).as_str()]).is_some());
                match did_you_mean(target, known) {
                    Some(s) => format!("did you mean `@/{s}`?"),
                    None => {
                        "write the path of a file under content/, like `@/guides/visas/j1-vs-h1b.md`"
                            .to_string()
                    }
                }
            };
            problems.push(
                Diagnostic::error(
                    Some(locate(link.offset)),
                    format!("broken internal link: no page `@/{target}`"),
                )
                .with_hint(hint),
            );
            // Keep placeholders aligned: point at home.
            links.push(Link {
                target: Target::Section(0),
                anchor: None,
            });
            continue;
        };
        if let Some(anchor) = &link.anchor {
            let anchors = anchors_of(resolved);
            if !anchors.iter().any(|a| a == anchor) {
                let hint = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None => format!(
                        "the headings of `@/{target}` have the ids: {}",
                        anchors.join(", ")
                    ),
                };
                problems.push(
                    Diagnostic::error(
                        Some(locate(link.offset)),
                        format!("broken internal link: `@/{target}` has no heading `#{anchor}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
        links.push(Link {
            target: resolved,
            anchor: link.anchor.clone(),
        });
    }
    links
}

/// Locates byte offsets of a page body in its file.
/// Only called for problems, so the line table is built then, not for every page.
fn body_locator(file: &SourceFile, body_offset: usize) -> impl Fn(usize) -> Location + '_ {
    move |offset| {
        let (line, col) = LineIndex::new(&file.text).line_col(&file.text, body_offset + offset);
        Location::new(&file.site_path, line, col)
    }
}

fn implicit_section(dir: &str, paginate_by: usize) -> Section {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut title: String = name.clone();
    if let Some(first) = name.chars().next() {
        title = first.to_uppercase().collect::<String>() + &name[first.len_utf8()..];
    }
    Section {
        dir: dir.to_string(),
        source: if dir.is_empty() {
            PathBuf::from("content/_index.md")
        } else {
            Path::new("content").join(dir).join("_index.md")
        },
        path: section_path(dir),
        title,
        description: String::new(),
        sort_by: SortBy::Date,
        paginate_by,
        weight: 0,
        body: Arc::default(),
        links: Vec::new(),
        parent: None,
        subsections: Vec::new(),
        listing: Vec::new(),
        hash: 0,
    }
}

fn section_path(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        let segments: Vec<String> = dir.split('/').map(slugify).collect();
        format!("{}/", segments.join("/"))
    }
}

/// The folder of a path relative to `content/` (`guides/a.md` gives `guides`; `a.md` gives an empty string).
fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/')
        .map_or_else(String::new, |(dir, _)| dir.to_string())
}

fn is_within(rel: &str, dir: &str) -> bool {
    dir.is_empty() || rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Sort page indices by `sort_by`, ties broken by title then path, so order is deterministic.
pub fn sort_pages(list: &mut [usize], pages: &[Page], sort_by: SortBy) {
    // Keys are computed once per page, not once per comparison (titles are lowercased).
    list.sort_by_cached_key(|&i| {
        let page = &pages[i];
        let (date, weight) = match sort_by {
            SortBy::Date => (page.date, 0),
            SortBy::Title => (None, 0),
            SortBy::Weight => (None, page.weight),
        };
        (
            std::cmp::Reverse(date),
            weight,
            page.title.to_lowercase(),
            page.rel.as_str(),
        )
    });
}

fn collect_tags(pages: &[Page]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in &page.tags {
            let slug = slugify(name);
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug,
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    tags.into_values()
        .map(|mut tag| {
            tag.pages.dedup();
            sort_pages(&mut tag.pages, pages, SortBy::Date);
            tag
        })
        .collect()
}

/// A hash of everything `related_guides` reads, in page order.
fn related_key(pages: &[Page]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for page in pages {
        hasher.update(page.rel.as_bytes());
        hasher.update(&[0, u8::from(page.kind == PageKind::Guide)]);
        hasher.update(page.title.as_bytes());
        hasher.update(&[0]);
        for list in [&page.tags, &page.specialties] {
            for item in list {
                hasher.update(item.as_bytes());
                hasher.update(&[0]);
            }
            hasher.update(&[1]);
        }
        hasher.update(&page.section.to_le_bytes());
        let date = page.date.map_or(String::new(), Date::iso);
        hasher.update(date.as_bytes());
        hasher.update(&[0]);
    }
    hasher.digest()
}

/// How many of the newest guides of each tag, specialty and section are related candidates.
const RELATED_POOL: usize = 400;

/// For each guide, up to three others: shared tags count 2, shared specialties 1, then same
/// section 1; ties go to the newer, then to the title. Candidates come from indexes by tag,
/// specialty and section, so the cost follows what guides share, not the square of their number.
fn related_guides(pages: &[Page]) -> Vec<Vec<usize>> {
    let mut by_tag: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_specialty: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_section: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Guide {
            continue;
        }
        for tag in &page.tags {
            by_tag.entry(tag.as_str()).or_default().push(i);
        }
        for specialty in &page.specialties {
            by_specialty.entry(specialty.as_str()).or_default().push(i);
        }
        by_section.entry(page.section).or_default().push(i);
    }
    // Broad tags and sections hold most of a large site: scoring every member of each would
    // make the work grow with the square of the guides. Each list is ordered newest first and
    // only its newest `RELATED_POOL` members are candidates, which keeps large sites linear and
    // changes nothing for lists shorter than that.
    let newest_first = |list: &mut Vec<usize>| {
        list.sort_by(|&a, &b| {
            pages[b]
                .date
                .cmp(&pages[a].date)
                .then_with(|| pages[a].title.cmp(&pages[b].title))
                .then_with(|| pages[a].rel.cmp(&pages[b].rel))
        });
        list.truncate(RELATED_POOL);
    };
    by_tag.values_mut().for_each(newest_first);
    by_specialty.values_mut().for_each(newest_first);
    by_section.values_mut().for_each(newest_first);
    // Is candidate `a` (with its score) a better match than `b`?
    let better = |(a, sa): (usize, u32), (b, sb): (usize, u32)| {
        sb.cmp(&sa)
            .then_with(|| pages[b].date.cmp(&pages[a].date))
            .then_with(|| pages[a].title.cmp(&pages[b].title))
            .then_with(|| pages[a].rel.cmp(&pages[b].rel))
            .is_lt()
    };
    pages
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; pages.len()], Vec::new()),
            |(scores, touched), (i, page)| {
                if page.kind != PageKind::Guide {
                    return Vec::new();
                }
                let lists = page
                    .tags
                    .iter()
                    .map(|t| (2, &by_tag[t.as_str()]))
                    .chain(
                        page.specialties
                            .iter()
                            .map(|s| (1, &by_specialty[s.as_str()])),
                    )
                    .chain(std::iter::once((1, &by_section[&page.section])));
                for (weight, list) in lists {
                    for &j in list {
                        if j != i {
                            if scores[j] == 0 {
                                touched.push(j);
                            }
                            scores[j] += weight;
                        }
                    }
                }
                let mut best: Vec<(usize, u32)> = Vec::with_capacity(4);
                for &j in touched.iter() {
                    let candidate = (j, scores[j]);
                    let at = best
                        .iter()
                        .position(|&b| better(candidate, b))
                        .unwrap_or(best.len());
                    if at < 3 {
                        best.insert(at, candidate);
                        best.truncate(3);
                    }
                    scores[j] = 0;
                }
                touched.clear();
                best.into_iter().map(|(j, _)| j).collect()
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_validate() {
        assert_eq!(
            Date::parse("2026-03-28"),
            Some(Date {
                year: 2026,
                month: 3,
                day: 28
            })
        );
        assert!(Date::parse("2026-03-28T10:00:00Z").is_some());
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("28/03/2026").is_none());
        assert_eq!(
            Date::parse("2026-03-08").map(Date::long).as_deref(),
            Some("March 8, 2026")
        );
    }

    fn source(rel: &str, front: &str) -> SourceFile {
        let text = format!("---\n{front}\n---\n\nBody.\n");
        SourceFile {
            rel: rel.to_string(),
            site_path: Path::new("content").join(rel),
            hash: crate::source::hash_text(&text),
            text,
        }
    }

    #[test]
    fn related_guides_prefer_shared_tags_then_specialties_then_section_then_newer() {
        let config = crate::config::parse("title: T\nbase_url: https://e.org/\n", None)
            .expect("valid config");
        let files = [
            source(
                "guides/a/me.md",
                "title: Me\ntags: [visas, eras]\nspecialties: [im]",
            ),
            // Two shared tags: 4.
            source(
                "guides/b/two-tags.md",
                "title: Two tags\ntags: [visas, eras]\ndate: 2020-01-01",
            ),
            // One shared tag and the specialty: 3; the newer of two such wins the tie.
            source(
                "guides/b/old.md",
                "title: Old\ntags: [visas]\nspecialties: [im]\ndate: 2021-01-01",
            ),
            source(
                "guides/b/new.md",
                "title: New\ntags: [eras]\nspecialties: [im]\ndate: 2022-01-01",
            ),
            // Same section only: 1.
            source(
                "guides/a/neighbour.md",
                "title: Neighbour\ndate: 2026-01-01",
            ),
            // Nothing shared.
            source("guides/c/stranger.md", "title: Stranger\ntags: [match]"),
            source("about.md", "title: About\ntags: [visas, eras]"),
        ];
        let built = build(config, &files, Arc::default(), false).expect("valid site");
        let pages = &built.site.pages;
        let me = pages.iter().find(|p| p.title == "Me").expect("me");
        let titles: Vec<&str> = me
            .related
            .iter()
            .map(|&i| pages[i].title.as_str())
            .collect();
        assert_eq!(titles, vec!["Two tags", "New", "Old"]);
        let stranger = pages
            .iter()
            .find(|p| p.title == "Stranger")
            .expect("stranger");
        assert!(
            stranger.related.is_empty(),
            "plain pages and strangers are never related"
        );
    }

    #[test]
    fn parent_dirs_and_containment() {
        assert_eq!(parent_dir("guides/visas/a.md"), "guides/visas");
        assert_eq!(parent_dir("a.md"), "");
        assert!(is_within("guides/visas/a.md", "guides"));
        assert!(!is_within("guidesx/a.md", "guides"));
        assert!(is_within("a.md", ""));
    }
}
