//! Site assembly: parsed content files and the program directory become a `Site`: sections
//! from folders, URLs assigned and checked for collisions, the links of every body resolved to
//! site paths, lists and tags collected, related guides chosen. It always gives a site: a file
//! that cannot stand is left out (and its URL remembered, so links to it are not reported
//! twice), and every problem is returned beside the site.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::front_matter::{ParseResult, Parsed, implicit_section, parent_dir, parse_file};
use super::related::{related_guides, related_key};
use super::review;
use super::{
    Absent, Directory, LeftOut, LeftOutKind, Link, Page, Section, Site, SortBy, Tag, link_to_draft,
    sort_pages,
};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::markdown::{Dest, Rendered};
use crate::slug::slugify;
use crate::source::SourceFile;
use crate::stored::{Carried, Got, Stored};

/// The outcome of building the model: the site, and every problem found.
#[derive(Debug)]
pub struct Built {
    /// The site (without the files that cannot stand).
    pub site: Site,
    /// Every problem found in the content, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
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
) -> Built {
    build_cached(config, files, directory, drafts, &mut ParseCache::default())
}

/// Content files parsed by earlier builds, by path: a file is parsed again only when its text,
/// the default pagination or the known specialties changed (what parsing depends on). Besides
/// the files parsed in this process, it may hold those an earlier process stored (`decode`,
/// `encode`), decoded when a file still has the text it had then.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// Each file's key, and its result: `None` for a result taken from what was stored when
    /// the cache serves one build only (see `for_one_build`).
    entries: HashMap<String, (u64, Option<Arc<ParseResult>>)>,
    /// Whether results taken from what was stored are given to the model without a copy
    /// kept here (see `for_one_build`).
    one_build: bool,
    /// The related guides of the last build, with the hash of what they were computed from.
    related: Option<(u64, Vec<Vec<usize>>)>,
    /// What an earlier process stored.
    carried: Carried,
    /// The related guides an earlier process stored (see `related_to_store`).
    related_stored: Stored,
    /// The key of the related guides known to be stored whole: taken from there, or stored.
    related_kept: Option<u64>,
}

/// The name of the related guides among stored results.
const RELATED: &str = "related";

impl ParseCache {
    /// A cache of the files stored in `bytes` (what `encode` wrote).
    pub fn decode(bytes: Vec<u8>) -> Self {
        Self {
            carried: Carried::decode(bytes),
            ..Self::default()
        }
    }

    /// A cache of the files stored in the first `len` bytes of `file`, whose long texts stay
    /// there until asked for (see `stored::Text`).
    pub fn read(file: std::fs::File, len: u64) -> Self {
        Self {
            carried: Carried::read(file, len),
            ..Self::default()
        }
    }

    /// The file the stored results were read from, when they were read from one: see
    /// `stored::Source::damaged`.
    pub fn source(&self) -> Option<Arc<crate::stored::Source>> {
        self.carried.stored.source().cloned()
    }

    /// This cache, for one build only: a result taken from what was stored goes to the model
    /// as it is, with no copy kept here for a later build in this process (at 10,000 guides,
    /// copying them took a tenth of a second of a build after one edit); `store` copies it
    /// from the stored bytes. Used with `forget_stored`, a later build would find nothing.
    #[must_use]
    pub fn for_one_build(mut self) -> Self {
        self.one_build = true;
        self
    }

    /// This cache, with the related guides an earlier process stored in `bytes` (what
    /// `related_bytes` gave).
    #[must_use]
    pub fn with_related(mut self, bytes: Vec<u8>) -> Self {
        self.related_stored = Stored::decode(bytes);
        self
    }

    /// The related guides of the last build, for `with_related` in a later process (and noted
    /// as stored); `None` when they are what was stored already, or there are none.
    pub fn related_to_store(&mut self) -> Option<Vec<u8>> {
        let (key, lists) = self.related.as_ref()?;
        if self.related_kept == Some(*key) {
            return None;
        }
        let mut out = Vec::new();
        Stored::default()
            .write(&[(RELATED, *key, lists)], &mut out)
            .ok()?;
        self.related_kept = Some(*key);
        Some(out)
    }

    /// What an earlier process stored, and what became of it (see `Carried`).
    pub fn carried(&self) -> &Carried {
        &self.carried
    }

    /// Every file parsed, by path, with its key: what a later process may `decode`.
    pub fn results(&self) -> Vec<(&str, u64, ToStore<'_>)> {
        let mut results: Vec<(&str, u64, ToStore<'_>)> = self
            .entries
            .iter()
            .map(|(name, (key, result))| {
                let result = result.as_deref().map_or(ToStore::Stored, ToStore::Decoded);
                (name.as_str(), *key, result)
            })
            .collect();
        results.sort_unstable_by_key(|(name, _, _)| *name);
        results
    }

    /// Let go of what `decode` was given (the files in use stay, decoded).
    pub fn forget_stored(&mut self) {
        self.carried.forget();
    }
}

/// A file's key, what the cache keeps of its result, and where that came from.
type Kept = (u64, Option<Arc<ParseResult>>, Got);

/// A file's result for `Stored::write`: decoded, or left in the stored bytes it came from
/// (which `Stored::write` copies: it never asks for such a result to be encoded).
#[derive(Debug, Clone, Copy)]
pub enum ToStore<'a> {
    /// Parsed in this process, or kept decoded.
    Decoded(&'a ParseResult),
    /// Taken from what was stored, and stored still.
    Stored,
}

impl serde::Serialize for ToStore<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Decoded(result) => result.serialize(serializer),
            Self::Stored => Err(serde::ser::Error::custom(
                "a result left in the stored bytes is copied from them, not encoded",
            )),
        }
    }
}

/// `build`, reusing and refreshing `cache`.
pub fn build_cached(
    config: Config,
    files: &[SourceFile],
    directory: Arc<Directory>,
    drafts: bool,
    cache: &mut ParseCache,
) -> Built {
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
    let key_of = |hash: u64| hash ^ settings.rotate_left(17);
    // Each file: as this process last parsed it, else as an earlier one stored it, else parsed.
    let keyed: Vec<(u64, Arc<ParseResult>, Got)> = files
        .par_iter()
        .map(|file| {
            let key = key_of(file.hash);
            if let Some((cached, Some(result))) = cache.entries.get(&file.rel)
                && *cached == key
            {
                return (key, Arc::clone(result), Got::Kept);
            }
            if let Some(result) = cache.carried.stored.get(&file.rel, key) {
                return (key, Arc::new(result), Got::Stored);
            }
            if file.read {
                let parsed = parse_file(file, config.paginate_by, &known);
                return (key, Arc::new(parsed), Got::Parsed);
            }
            // Left unread for the hash an earlier build knew: read now, whatever it holds
            // (changed since, it is parsed as it is now, under its new hash).
            match file.read_again() {
                Ok(fresh) => {
                    let key = key_of(fresh.hash);
                    let parsed = parse_file(&fresh, config.paginate_by, &known);
                    (key, Arc::new(parsed), Got::Parsed)
                }
                Err(e) => {
                    let result = ParseResult {
                        parsed: None,
                        problems: e.diagnostics().to_vec(),
                    };
                    (key, Arc::new(result), Got::Unreadable)
                }
            }
        })
        .collect();
    cache.carried.note(keyed.iter().map(|k| k.2), files.len());
    // A file left unread that no longer held the text it was known by when it was read for
    // parsing (or could no longer be read) changed while this build ran: the rest of the
    // build knows it by its old hash, so the build fails and says to build again.
    let mut changed_meanwhile: Vec<Diagnostic> = files
        .iter()
        .zip(&keyed)
        .filter(|(file, (key, _, got))| {
            !file.read
                && (*got == Got::Unreadable || (*got == Got::Parsed && *key != key_of(file.hash)))
        })
        .map(|(file, _)| {
            Diagnostic::new(
                Code::FileChangedDuringBuild,
                Location::file(&file.site_path),
                "the file changed while matchpress was building the site",
            )
            .with_hint("build again; nothing was written")
        })
        .collect();
    // Each result to the model, and, unless it came from what was stored and the cache
    // serves this build only, a copy to the cache.
    let one_build = cache.one_build;
    let (parsed, kept): (Vec<ParseResult>, Vec<Kept>) = keyed
        .into_par_iter()
        .map(|(key, result, got)| {
            if one_build && got == Got::Stored {
                (Arc::unwrap_or_clone(result), (key, None, got))
            } else {
                (ParseResult::clone(&result), (key, Some(result), got))
            }
        })
        .unzip();
    cache.entries = files
        .iter()
        .zip(kept)
        .filter(|(_, (_, _, got))| *got != Got::Unreadable)
        .map(|(file, (key, result, _))| (file.rel.clone(), (key, result)))
        .collect();
    let parse_time = parse_start.elapsed();

    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut section_files = Vec::new();
    let mut page_files = Vec::new();
    // Files that are not in the site, by path under `content/`: links to them get a precise
    // message, or none when the file's own problem is reported.
    let mut absent_files: HashMap<&str, Absent> = HashMap::default();
    let mut absent_paths: HashMap<String, Absent> = HashMap::default();
    let mut left_out: Vec<LeftOut> = Vec::new();
    for (result, file) in parsed.into_iter().zip(files) {
        let ParseResult {
            parsed,
            problems: mut found,
        } = result;
        if parsed.is_none() {
            left_out.push(LeftOut {
                kind: LeftOutKind::Page,
                location: Location::file(&file.site_path),
                name: String::new(),
                reason: found
                    .iter()
                    .find(|d| d.is_error())
                    .or(found.first())
                    .map_or(Code::FrontMatterSyntax, |d| d.code),
            });
        }
        problems.append(&mut found);
        match parsed {
            Some(Parsed::Section(s)) => section_files.push(s),
            Some(Parsed::Page(p)) if p.draft && !drafts => {
                absent_files.insert(&file.rel, Absent::Draft);
                absent_paths.insert(page_path(&p.rel, &p.slug), Absent::Draft);
            }
            Some(Parsed::Page(p)) => page_files.push((p, file)),
            None => {
                absent_files.insert(&file.rel, Absent::Broken);
                let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
                let stem = name.strip_suffix(".md").unwrap_or(name);
                // A section whose `_index.md` fails still has its list page (untitled).
                if stem != "_index" {
                    absent_paths.insert(page_path(&file.rel, &slugify(stem)), Absent::Broken);
                }
            }
        }
    }

    // Sections: one per folder that has an `_index.md` or a page, and their ancestors.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for section in section_files {
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

    // Pages, with URLs. One URL has one source: a second claimant is an error naming the
    // first, and is left out (an alias: the alias is dropped).
    let mut owners: HashMap<String, Location> = HashMap::default();
    for s in &sections {
        owners.insert(s.path.clone(), Location::file(&s.source));
    }
    let mut pages: Vec<Page> = Vec::with_capacity(page_files.len());
    for (mut page, file) in page_files {
        page.section = section_index[&parent_dir(&page.rel)];
        page.path = format!("{}{}/", sections[page.section].path, page.slug);
        if let Some(first) = owners.get(&page.path) {
            problems.push(
                Diagnostic::new(
                    Code::UrlClash,
                    Location::file(&page.source),
                    format!(
                        "the URL /{} is claimed twice: by {} and by {}",
                        page.path,
                        display(&first.path),
                        display(&page.source)
                    ),
                )
                .with_hint("give one of them another file name or `slug:`")
                .with_related(first.clone(), "first claimed here"),
            );
            left_out.push(LeftOut {
                kind: LeftOutKind::Page,
                location: Location::file(&page.source),
                name: page.title.clone(),
                reason: Code::UrlClash,
            });
            absent_files.insert(&file.rel, Absent::Broken);
            continue;
        }
        owners.insert(page.path.clone(), Location::file(&page.source));
        pages.push(*page);
    }
    for page in &mut pages {
        let mut kept = (Vec::new(), Vec::new());
        for (alias, at) in page.aliases.drain(..).zip(page.alias_locations.drain(..)) {
            if let Some(first) = owners.get(&alias) {
                let what = if first.has_position() {
                    "an alias of"
                } else {
                    "the URL of"
                };
                problems.push(
                    Diagnostic::new(
                        Code::UrlAliasClash,
                        at.clone(),
                        format!(
                            "the alias /{alias} is already {what} {}",
                            display(&first.path)
                        ),
                    )
                    .with_hint("remove this alias, or the other page's alias; a URL redirects to one page only")
                    .with_related(first.clone(), "it is claimed here"),
                );
            } else {
                owners.insert(alias.clone(), at.clone());
                kept.0.push(alias);
                kept.1.push(at);
            }
        }
        (page.aliases, page.alias_locations) = kept;
    }
    // A URL that a page of the site has is not absent, whatever else wanted it.
    absent_paths.retain(|path, _| !owners.contains_key(path));

    // Links: every body's links resolved to site paths.
    // Resolved while the resolver borrows the pages, assigned after.
    let (page_links, faq_links, section_links, notes_links) = {
        let (by_file, targets) = link_targets(&pages, &sections);
        let resolver = Resolver {
            targets: Targets::Maps {
                by_file,
                paths: targets,
            },
            absent_files: &absent_files,
            absent_paths: &absent_paths,
            base_path: config.base_path().trim_start_matches('/'),
            files,
        };
        let per_page: Vec<PageLinks> = pages
            .par_iter()
            .map(|page| {
                let mut found = Vec::new();
                let links = resolver.resolve(
                    &page.body,
                    &page.rel,
                    &page.path,
                    &|offset| resolver.locate(&page.source, page.body_offset, offset),
                    &mut found,
                );
                let faq = page
                    .faq
                    .iter()
                    .map(|faq| {
                        resolver.resolve(
                            &faq.answer,
                            &page.rel,
                            &page.path,
                            &|_| faq.location.clone(),
                            &mut found,
                        )
                    })
                    .collect();
                resolver.findings(&page.body, &page.source, page.body_offset, &mut found);
                (links, faq, found)
            })
            .collect();
        let mut page_links = Vec::with_capacity(pages.len());
        let mut faq_links = Vec::with_capacity(pages.len());
        for (links, faq, mut found) in per_page {
            page_links.push(links);
            faq_links.push(faq);
            problems.append(&mut found);
        }
        let section_links: Vec<Vec<Link>> = sections
            .iter()
            .map(|section| {
                let rel = section
                    .source
                    .to_str()
                    .and_then(|p| p.strip_prefix("content/"))
                    .unwrap_or("_index.md");
                resolver.findings(
                    &section.body,
                    &section.source,
                    section.body_offset,
                    &mut problems,
                );
                resolver.resolve(
                    &section.body,
                    rel,
                    &section.path,
                    &|offset| resolver.locate(&section.source, section.body_offset, offset),
                    &mut problems,
                )
            })
            .collect();
        // Program notes are markdown too: their links resolve from the program's page.
        let notes_links: Vec<Vec<Link>> = directory
            .programs
            .iter()
            .enumerate()
            .map(
                |(i, program)| match (&program.notes, &program.notes_location) {
                    (Some(notes), Some(start)) => resolver.resolve(
                        notes,
                        "",
                        &directory.program_path(i),
                        &|_| start.clone(),
                        &mut problems,
                    ),
                    _ => Vec::new(),
                },
            )
            .collect();
        (page_links, faq_links, section_links, notes_links)
    };
    for ((page, links), faq) in pages.iter_mut().zip(page_links).zip(faq_links) {
        page.links = links;
        for (entry, links) in page.faq.iter_mut().zip(faq) {
            entry.links = links;
        }
    }
    for (section, links) in sections.iter_mut().zip(section_links) {
        section.links = links;
    }

    // Lists, tags, related guides.
    // A page is listed in its folder's section and in every section above it: found by
    // walking up from each page (pages times depth), not by testing every page against every
    // section.
    let mut listings: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (p, page) in pages.iter().enumerate() {
        let mut dir = parent_dir(&page.rel);
        loop {
            if let Some(&i) = section_index.get(&dir) {
                listings[i].push(p);
            }
            if dir.is_empty() {
                break;
            }
            dir = parent_dir(&dir);
        }
    }
    for (i, mut listing) in listings.into_iter().enumerate() {
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
        _ => match cache
            .related_stored
            .get::<Vec<Vec<usize>>>(RELATED, key)
            .filter(|lists| {
                lists.len() == pages.len() && lists.iter().flatten().all(|&i| i < pages.len())
            }) {
            Some(lists) => {
                cache.related_kept = Some(key);
                lists
            }
            None => related_guides(&pages),
        },
    };
    cache.related = Some((key, related.clone()));
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }
    problems.extend(review::check(&config, &sections, &pages));
    problems.append(&mut changed_meanwhile);

    problems.sort();
    Built {
        site: Site {
            config,
            sections: Arc::new(sections),
            pages: pages.into_iter().map(Arc::new).collect(),
            tags: Arc::new(tags),
            directory,
            notes_links: Arc::new(notes_links),
            absent: Arc::new(absent_paths.into_iter().collect()),
            absent_below: Vec::new(),
            left_out,
        },
        diagnostics: problems,
        parse_time,
    }
}

/// Page `index` of `site` parsed again from `file` (its new text; `files` are the site's
/// content files, to place problems), for an edit that changes only what the page's own
/// output shows: its body's HTML, table of contents and anchors, its FAQ. `None` when anything
/// another output shows of it would change (what cards, lists, tags, feeds and related guides
/// show: title, description, dates, tags, specialties, summary, reading time, its links'
/// targets...), or the file has any problem: then the whole model must be built again.
pub fn reparsed_page(
    site: &Site,
    index: usize,
    file: &SourceFile,
    files: &[SourceFile],
    page_of: &(dyn Fn(&str) -> Option<usize> + Sync),
) -> Option<Page> {
    let old = site.pages.get(index)?;
    let known: Vec<&str> = site
        .directory
        .specialties
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    let ParseResult { parsed, problems } = parse_file(file, site.config.paginate_by, &known);
    let Some(Parsed::Page(new)) = parsed else {
        return None;
    };
    // Every field, so that a new one is a compile error here, not a stale page.
    let Page {
        rel,
        source,
        slug,
        kind,
        title,
        description,
        date,
        updated,
        tags,
        specialties,
        draft,
        aliases,
        weight,
        image,
        extra,
        review,
        sources,
        body,
        // Only the page's own outputs show these (compared below: the links' targets), or
        // they place messages.
        alias_locations: _,
        faq: _,
        body_offset: _,
        hash: _,
        // Assigned by the model, not parsed: the old page's are kept.
        path: _,
        section: _,
        links: _,
        related: _,
    } = &*new;
    let same_card = problems.is_empty()
        && *rel == old.rel
        && *source == old.source
        && *slug == old.slug
        && *kind == old.kind
        && *title == old.title
        && *description == old.description
        && *date == old.date
        && *updated == old.updated
        && *tags == old.tags
        && *specialties == old.specialties
        && *draft == old.draft
        && *aliases == old.aliases
        && *weight == old.weight
        && *image == old.image
        && *extra == old.extra
        // What the review checks read (`review::check`): their warnings are the model's.
        && *review == old.review
        && sources.is_empty() == old.sources.is_empty()
        && body.summary == old.body.summary
        && body.reading_minutes() == old.body.reading_minutes();
    if !same_card {
        return None;
    }
    let absent_files = HashMap::default();
    let absent_paths = HashMap::default();
    let resolver = Resolver {
        targets: Targets::Site {
            site,
            page_of,
            paths: std::sync::OnceLock::new(),
        },
        absent_files: &absent_files,
        absent_paths: &absent_paths,
        base_path: site.config.base_path().trim_start_matches('/'),
        files,
    };
    let mut found = Vec::new();
    let links = resolver.resolve(
        &new.body,
        &new.rel,
        &old.path,
        &|offset| resolver.locate(&new.source, new.body_offset, offset),
        &mut found,
    );
    let mut faq = new.faq;
    for entry in &mut faq {
        entry.links = resolver.resolve(
            &entry.answer,
            &new.rel,
            &old.path,
            &|_| entry.location.clone(),
            &mut found,
        );
    }
    resolver.findings(&new.body, &new.source, new.body_offset, &mut found);
    let targets = |links: &[Link]| -> Vec<(String, String)> {
        links
            .iter()
            .map(|l| (l.path.clone(), l.rest.clone()))
            .collect()
    };
    if !found.is_empty() || targets(&links) != targets(&old.links) {
        return None;
    }
    Some(Page {
        body: new.body,
        body_offset: new.body_offset,
        hash: new.hash,
        faq,
        links,
        alias_locations: new.alias_locations,
        sources: new.sources,
        ..Page::clone(old)
    })
}

/// What links resolve against: every page's and section's content file (by path under
/// `content/`) with its URL path, and the set of those URL paths.
fn link_targets<'a, P: Borrow<Page>>(
    pages: &'a [P],
    sections: &'a [Section],
) -> (HashMap<&'a str, &'a str>, rustc_hash::FxHashSet<&'a str>) {
    let by_file = pages
        .iter()
        .map(|p| {
            let p: &Page = p.borrow();
            (p.rel.as_str(), p.path.as_str())
        })
        .chain(sections.iter().map(|s| (section_rel(s), s.path.as_str())))
        .collect();
    let targets = pages
        .iter()
        .map(|p| p.borrow().path.as_str())
        .chain(sections.iter().map(|s| s.path.as_str()))
        .collect();
    (by_file, targets)
}

/// A page's links resolved: its body's, each FAQ answer's, and the problems found.
type PageLinks = (Vec<Link>, Vec<Vec<Link>>, Vec<Diagnostic>);

/// The URL path of the page of the content file `rel` with `slug` (`guides/visas/j1/`).
fn page_path(rel: &str, slug: &str) -> String {
    format!(
        "{}{slug}/",
        super::front_matter::section_path(&parent_dir(rel))
    )
}

/// What links resolve against: the URL path of each page's and section's content file, and
/// the set of those URL paths.
enum Targets<'a> {
    /// Every one in maps (`link_targets`), for a whole model.
    Maps {
        /// By the file's path under `content/`.
        by_file: HashMap<&'a str, &'a str>,
        paths: rustc_hash::FxHashSet<&'a str>,
    },
    /// Looked up in a site, for one page parsed again: a page by the index `page_of` gives
    /// for its file's path under `content/`, a section among the few; the set of URL paths made
    /// at the first need.
    Site {
        site: &'a Site,
        page_of: &'a (dyn Fn(&str) -> Option<usize> + Sync),
        paths: std::sync::OnceLock<rustc_hash::FxHashSet<&'a str>>,
    },
}

impl<'a> Targets<'a> {
    /// The URL path of the content file `rel` (its path under `content/`).
    fn file(&self, rel: &str) -> Option<&'a str> {
        match self {
            Self::Maps { by_file, .. } => by_file.get(rel).copied(),
            Self::Site { site, page_of, .. } => match page_of(rel) {
                Some(i) => site.pages.get(i).map(|p| p.path.as_str()),
                None => (site.sections.iter())
                    .find(|s| section_rel(s) == rel)
                    .map(|s| s.path.as_str()),
            },
        }
    }

    /// Whether `path` is the URL path of a page or a section.
    fn has_path(&self, path: &str) -> bool {
        match self {
            Self::Maps { paths, .. } => paths.contains(path),
            Self::Site { site, paths, .. } => paths
                .get_or_init(|| link_targets(&site.pages, &site.sections).1)
                .contains(path),
        }
    }

    /// Every content file's path under `content/`.
    fn files(&self) -> Vec<&'a str> {
        match self {
            Self::Maps { by_file, .. } => by_file.keys().copied().collect(),
            Self::Site { site, .. } => (site.pages.iter().map(|p| p.rel.as_str()))
                .chain(site.sections.iter().map(section_rel))
                .collect(),
        }
    }
}

/// The path under `content/` of a section's `_index.md`.
fn section_rel(section: &Section) -> &str {
    section
        .source
        .to_str()
        .and_then(|p| p.strip_prefix("content/"))
        .unwrap_or("_index.md")
}

/// Resolves the links of bodies to site paths.
struct Resolver<'a> {
    targets: Targets<'a>,
    absent_files: &'a HashMap<&'a str, Absent>,
    absent_paths: &'a HashMap<String, Absent>,
    /// The base URL's path without its leading slash (`sub/`; empty at a domain's root).
    base_path: &'a str,
    files: &'a [SourceFile],
}

impl Resolver<'_> {
    /// Where byte `offset` of a body at `body_offset` of the file `source` is.
    /// Only called for problems, so the line table is built then, not for every page.
    fn locate(&self, source: &Path, body_offset: usize, offset: usize) -> Location {
        self.locate_all(source, body_offset, &[offset])
            .pop()
            .unwrap_or_else(|| Location::file(source))
    }

    /// Where each of `offsets` (bytes of a body at `body_offset` of the file `source`) is: the
    /// file's text and line table are had once for all of them.
    fn locate_all(&self, source: &Path, body_offset: usize, offsets: &[usize]) -> Vec<Location> {
        let rel = source
            .strip_prefix("content")
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"));
        let file = rel
            .and_then(|rel| {
                self.files
                    .binary_search_by(|f| f.rel.as_str().cmp(&rel))
                    .ok()
            })
            .map(|i| &self.files[i]);
        match file.and_then(SourceFile::text_now) {
            Some(text) => {
                let lines = crate::diagnostic::LineIndex::new(&text);
                offsets
                    .iter()
                    .map(|offset| {
                        let (line, col) = lines.line_col(&text, body_offset + offset);
                        Location::new(source, line, col)
                    })
                    .collect()
            }
            None => offsets.iter().map(|_| Location::file(source)).collect(),
        }
    }

    /// The warnings of markdown rendering (images without alt text, level-1 headings, template
    /// syntax of other generators) of a body at `body_offset` of the file `source`, as
    /// diagnostics.
    fn findings(
        &self,
        body: &Rendered,
        source: &Path,
        body_offset: usize,
        problems: &mut Vec<Diagnostic>,
    ) {
        if body.warnings.is_empty() {
            return;
        }
        let offsets: Vec<usize> = body.warnings.iter().map(|f| f.offset).collect();
        let places = self.locate_all(source, body_offset, &offsets);
        for (finding, place) in body.warnings.iter().zip(places) {
            problems.push(
                Diagnostic::new(finding.code, place, finding.message.clone())
                    .with_hint(finding.hint.clone()),
            );
        }
    }

    /// The links of `body`, written in the content file `rel` (empty for text outside
    /// `content/`) and shown at the site path `from`, resolved to site paths; missing content
    /// files, drafts and paths that leave the site are reported at `locate(offset)`.
    fn resolve(
        &self,
        body: &Rendered,
        rel: &str,
        from: &str,
        locate: &dyn Fn(usize) -> Location,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<Link> {
        let mut links = Vec::with_capacity(body.links.len());
        for link in &body.links {
            let resolved = match &link.dest {
                Dest::File {
                    path,
                    anchor,
                    relative,
                } => self.file_link(
                    path,
                    anchor.as_deref(),
                    *relative,
                    rel,
                    link.offset,
                    locate,
                    problems,
                ),
                Dest::Path { path, rest, root } => {
                    self.path_link(path, rest, *root, from, link.offset, locate, problems)
                }
            };
            links.push(resolved.unwrap_or(Link {
                path: String::new(),
                rest: String::new(),
                offset: link.offset,
            }));
        }
        links
    }

    #[expect(clippy::too_many_arguments, reason = "one link and where it is")]
    fn file_link(
        &self,
        written: &str,
        anchor: Option<&str>,
        relative: bool,
        rel: &str,
        offset: usize,
        locate: &dyn Fn(usize) -> Location,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Link> {
        // `my%20notes.md` names `my notes.md`.
        let decoded = percent_encoding::percent_decode_str(written).decode_utf8_lossy();
        let target = if relative {
            let dir = parent_dir(rel);
            normalize(&format!("{dir}/{decoded}"))?
        } else {
            decoded.trim_start_matches('/').to_string()
        };
        let shown = if relative {
            written.to_string()
        } else {
            format!("@/{written}")
        };
        if let Some(path) = self.targets.file(target.as_str()) {
            return Some(Link {
                path: path.to_string(),
                rest: anchor.map(|a| format!("#{a}")).unwrap_or_default(),
                offset,
            });
        }
        let hint = match self.absent_files.get(target.as_str()) {
            // The target's own problem is reported; a second one here is noise.
            Some(Absent::Broken) => return None,
            Some(Absent::Draft) => {
                problems.push(link_to_draft(Some(locate(offset)), &shown));
                return None;
            }
            None => {
                // Suggest only paths whose file name is itself close to the one written.
                let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
                let wanted = name(&target);
                let files = self.targets.files();
                let known = (files.into_iter())
                    .filter(|k| did_you_mean(&wanted, [name(k).as_str()]).is_some());
                match did_you_mean(&target, known) {
                    Some(s) => format!("did you mean `@/{s}`?"),
                    None => "write the path of a file under content/, like `@/guides/visas/j1-vs-h1b.md`".to_string(),
                }
            }
        };
        problems.push(
            Diagnostic::new(
                Code::LinkBroken,
                locate(offset),
                format!("broken link `{shown}`: there is no content/{target}"),
            )
            .with_hint(hint),
        );
        None
    }

    #[expect(clippy::too_many_arguments, reason = "one link and where it is")]
    fn path_link(
        &self,
        written: &str,
        rest: &str,
        root: bool,
        from: &str,
        offset: usize,
        locate: &dyn Fn(usize) -> Location,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Link> {
        let shown = format!("{}{written}{rest}", if root { "/" } else { "" });
        let joined = if root {
            // A root path may name the base URL's path too (`/sub/guides/` for `/guides/`),
            // unless the site has a page at the path as written (a section named like the
            // base path: `/handbook/visas/` under `https://example.org/handbook/`), or would
            // have one but for a draft or a problem of its own.
            match written.strip_prefix(self.base_path) {
                Some(inside)
                    if !self.base_path.is_empty()
                        && !normalize(written).is_some_and(|p| {
                            self.targets.has_path(&p) || self.absent_paths.contains_key(&p)
                        }) =>
                {
                    inside.to_string()
                }
                _ => written.to_string(),
            }
        } else if written.is_empty() {
            from.to_string()
        } else {
            format!("{from}{written}")
        };
        let Some(path) = normalize(&joined) else {
            problems.push(
                Diagnostic::new(
                    Code::LinkBroken,
                    locate(offset),
                    format!("broken link: `{shown}` leads outside the site"),
                )
                .with_hint("a relative link climbs one folder per `../`, from the page's own URL"),
            );
            return None;
        };
        if self.absent_paths.get(&path) == Some(&Absent::Draft) {
            problems.push(link_to_draft(Some(locate(offset)), &shown));
        }
        Some(Link {
            path,
            rest: rest.to_string(),
            offset,
        })
    }
}

/// A site path from a joined path: `.` and `..` applied (`None` when `..` climbs above the
/// root), `index.html` dropped, and a last segment without a dot taken as a folder
/// (`guides/a` is the page `guides/a/`).
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            "index.html" if i == last => {}
            s => parts.push(s),
        }
    }
    let folder = match segments[last] {
        "" | "." | ".." | "index.html" => true,
        name => !name.contains('.'),
    };
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rel: &str, title: &str) -> SourceFile {
        let text = format!("---\ntitle: {title}\n---\n\nBody.\n");
        SourceFile::of_text(rel, text)
    }

    #[test]
    fn a_section_lists_the_pages_of_its_folder_and_of_the_folders_below_only() {
        assert_eq!(parent_dir("guides/visas/a.md"), "guides/visas");
        assert_eq!(parent_dir("a.md"), "");
        let (config, problems) = crate::config::parse("title: T\nbase_url: https://e.org/\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        let files = [
            source("about.md", "About"),
            source("guides/visas/deep/a.md", "Deep"),
            source("guides/visas/b.md", "Visas"),
            source("guidesx/c.md", "Other"),
        ];
        let built = build(config, &files, Arc::default(), false);
        let site = &built.site;
        let listed = |dir: &str| -> Vec<&str> {
            let section = site.sections.iter().find(|s| s.dir == dir).expect(dir);
            let mut titles: Vec<&str> = section
                .listing
                .iter()
                .map(|&i| site.pages[i].title.as_str())
                .collect();
            titles.sort_unstable();
            titles
        };
        assert_eq!(listed(""), ["About", "Deep", "Other", "Visas"]);
        assert_eq!(listed("guides"), ["Deep", "Visas"], "not guidesx/");
        assert_eq!(listed("guides/visas"), ["Deep", "Visas"]);
        assert_eq!(listed("guides/visas/deep"), ["Deep"]);
        assert_eq!(listed("guidesx"), ["Other"]);
    }

    #[test]
    fn related_guides_an_earlier_process_stored_are_used_for_the_same_pages_only() {
        let config = || crate::config::parse("title: T\nbase_url: https://e.org/\n", None).0;
        let files = [
            source("guides/a/one.md", "One"),
            source("guides/a/two.md", "Two"),
            source("guides/b/three.md", "Three"),
        ];
        let mut first = ParseCache::default();
        let built = build_cached(config(), &files, Arc::default(), false, &mut first);
        let computed: Vec<Vec<usize>> =
            built.site.pages.iter().map(|p| p.related.clone()).collect();
        let key = first.related.as_ref().expect("related computed").0;
        assert!(first.related_to_store().is_some(), "new lists are stored");
        assert!(first.related_to_store().is_none(), "and not stored twice");

        // Lists stored for these pages are taken as they are: these are not what the pages
        // share, so only taking them gives them.
        let stored = |lists: &Vec<Vec<usize>>| {
            let mut out = Vec::new();
            Stored::default()
                .write(&[(RELATED, key, lists)], &mut out)
                .expect("writing to memory works");
            out
        };
        let taken = vec![vec![2], vec![0, 2], vec![1]];
        assert_ne!(taken, computed);
        let mut later = ParseCache::default().with_related(stored(&taken));
        let built = build_cached(config(), &files, Arc::default(), false, &mut later);
        let got: Vec<Vec<usize>> = built.site.pages.iter().map(|p| p.related.clone()).collect();
        assert_eq!(got, taken);

        // A list naming a page that is not there is not trusted; other pages, another key.
        let mut damaged =
            ParseCache::default().with_related(stored(&vec![vec![7], vec![], vec![]]));
        let built = build_cached(config(), &files, Arc::default(), false, &mut damaged);
        let got: Vec<Vec<usize>> = built.site.pages.iter().map(|p| p.related.clone()).collect();
        assert_eq!(got, computed);
        let mut other = ParseCache::default().with_related(stored(&taken));
        let built = build_cached(config(), &files[..2], Arc::default(), false, &mut other);
        assert!(
            built
                .site
                .pages
                .iter()
                .all(|p| p.related.iter().all(|&i| i < 2))
        );
        assert_ne!(other.related.as_ref().map(|r| r.0), Some(key));
    }

    #[test]
    fn a_file_left_unread_is_read_when_needed_and_one_changed_since_fails_the_build() {
        let dir = tempfile::tempdir().expect("the test's file system works");
        let text = "---\ntitle: Kept\n---\n\nIntro.\n\n![](/a.png)\n";
        let path = dir.path().join("kept.md");
        std::fs::write(&path, text).expect("the test's file system works");
        // As a build leaves a file it knew: the hash of its text, the text not read.
        let unread = |hash: u64| SourceFile {
            text: String::new(),
            read: false,
            from: path.clone(),
            hash,
            ..SourceFile::of_text("guides/kept.md", String::new())
        };
        let config = || crate::config::parse("title: T\nbase_url: https://e.org/\n", None).0;
        let known = [unread(crate::source::hash_text(text))];
        let built = build(config(), &known, Arc::default(), false);
        assert_eq!(built.site.pages.len(), 1);
        assert_eq!(built.site.pages[0].title, "Kept", "read to be parsed");
        let places: Vec<String> = built.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            places
                .iter()
                .any(|d| d.contains("content/guides/kept.md:7:")),
            "{places:?}"
        );
        assert!(
            !built
                .diagnostics
                .iter()
                .any(|d| d.code == Code::FileChangedDuringBuild)
        );

        // Known by another text's hash: the file changed after the build took its hash.
        let changed = [unread(crate::source::hash_text("---\ntitle: Old\n---\n"))];
        let built = build(config(), &changed, Arc::default(), false);
        let codes: Vec<Code> = built.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::FileChangedDuringBuild), "{codes:?}");
        assert!(!Code::FileChangedDuringBuild.adjustable());
        // Gone since: the same.
        std::fs::remove_file(&path).expect("the test's file system works");
        let built = build(config(), &known, Arc::default(), false);
        let codes: Vec<Code> = built.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::FileChangedDuringBuild), "{codes:?}");
    }

    #[test]
    fn paths_normalize_to_site_paths() {
        assert_eq!(normalize("guides/a/../b/").as_deref(), Some("guides/b/"));
        assert_eq!(normalize("guides/a/../b").as_deref(), Some("guides/b/"));
        assert_eq!(normalize("guides/index.html").as_deref(), Some("guides/"));
        assert_eq!(
            normalize("guides/a/./x.png").as_deref(),
            Some("guides/a/x.png")
        );
        assert_eq!(normalize("").as_deref(), Some(""));
        assert_eq!(normalize("index.html").as_deref(), Some(""));
        assert_eq!(normalize("a/../../b/"), None);
    }
}
