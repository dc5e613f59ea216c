//! The site's shape: what pages show of one another and of the site as a whole, hashed, and
//! from it the outputs an edit can change. While the shape holds, an edit of a file changes
//! only the outputs of that file and those that read it (`select`); when it does not, every
//! output may have changed. `serve` uses it from one rebuild to the next; a build in a new
//! process uses it with what the last build stored (`Before`), to leave alone the outputs
//! that nothing changed for, without building their contexts.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::Xxh3;

use crate::model::{Page, Section, Site};
use crate::plan::{Job, ProgramReads, What};
use crate::source::Inputs;

/// The data files of the programs, each with the specialties of its programs.
pub type FileSpecialties = HashMap<PathBuf, BTreeSet<usize>>;

/// What a rebuild that updated the data files in place changed.
pub struct InPlace {
    /// The programs whose entries changed.
    pub programs: FxHashSet<usize>,
    /// The specialties whose page or JSON show something of them that changed.
    pub specialties: FxHashSet<usize>,
    /// Whether what the outputs that sum up every program read of them changed
    /// (`plan::summed_view`).
    pub summed: bool,
}

/// What the last build was made from, as far as `select` needs it.
pub struct Last<'a> {
    /// The specialties of the programs of each data file.
    pub file_specialties: &'a FileSpecialties,
    /// Whether an output (its path) was one of the last build's.
    pub had: &'a dyn Fn(&str) -> bool,
}

/// The hash of every content and data file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputHashes {
    /// Content files, by path under `content/`.
    pub content: FxHashMap<String, u64>,
    /// Program and specialty files, by path.
    pub data: FxHashMap<PathBuf, u64>,
}

impl InputHashes {
    /// The hashes of `inputs`.
    pub fn of(inputs: &Inputs) -> Self {
        Self {
            content: inputs
                .content
                .iter()
                .map(|f| (f.rel.clone(), f.hash))
                .collect(),
            data: inputs
                .programs
                .iter()
                .chain(&inputs.specialties)
                .map(|f| (f.path.clone(), f.hash))
                .collect(),
        }
    }
}

/// The content and data files whose text changed since the last build, or that are new.
#[derive(Debug, Default)]
pub struct Changed<'a> {
    /// Content files, by path under `content/`.
    pub content: FxHashSet<&'a str>,
    /// Program and specialty files, by path.
    pub data: FxHashSet<&'a Path>,
    /// The pages (indexes in the site) of the content files, when the caller knows them.
    pub pages: Option<FxHashSet<usize>>,
}

impl<'a> Changed<'a> {
    /// The files of `now` whose hash is not the one `last` has for them.
    pub fn between(last: &InputHashes, now: &'a InputHashes) -> Self {
        Self {
            content: now
                .content
                .iter()
                .filter(|(rel, hash)| last.content.get(*rel) != Some(*hash))
                .map(|(rel, _)| rel.as_str())
                .collect(),
            data: now
                .data
                .iter()
                .filter(|(path, hash)| last.data.get(*path) != Some(*hash))
                .map(|(path, _)| path.as_path())
                .collect(),
            pages: None,
        }
    }
}

/// A hash of everything a page can show of other pages and of the site as a whole: the
/// configuration, the specialties, which data files exist, every section, every page's card
/// (what lists, related guides, tags and feeds show of it: all but its body) and every tag.
/// While it holds, an edit to one guide's body or one program changes only their own outputs
/// and those `select` names.
pub fn key(site: &Site, inputs: &Inputs, now: &InputHashes, drafts: bool) -> u64 {
    let mut h = Xxh3::new();
    let text = |h: &mut Xxh3, s: &str| {
        h.update(s.as_bytes());
        h.update(&[0xff]);
    };
    let number = |h: &mut Xxh3, n: u64| h.update(&n.to_le_bytes());
    text(&mut h, &inputs.config);
    h.update(&[u8::from(drafts)]);
    if let Some(specialties) = &inputs.specialties {
        text(&mut h, &specialties.text);
    }
    for file in &inputs.programs {
        text(&mut h, &file.path.to_string_lossy());
    }
    // Every page links to Smart Pick when there is a published program.
    h.update(&[u8::from(site.directory.programs.is_empty())]);
    for section in site.sections.iter() {
        // Every field, so that a new one is a compile error here, not a stale page: hashed
        // when another output shows it, else named with the reason it is left out.
        let Section {
            dir,
            path,
            title,
            description,
            sort_by,
            paginate_by,
            weight,
            parent,
            subsections,
            listing,
            // The hash of its `_index.md` text: whatever the file says, its body, `extra` and
            // `sources_required` included.
            hash,
            source: _,
            body: _,
            body_offset: _,
            extra: _,
            links: _,
            sources_required: _,
        } = section;
        text(&mut h, dir);
        text(&mut h, path);
        text(&mut h, title);
        text(&mut h, description);
        h.update(&[*sort_by as u8]);
        number(&mut h, *paginate_by as u64);
        number(&mut h, weight.cast_unsigned());
        number(&mut h, *hash);
        number(&mut h, parent.map_or(u64::MAX, |p| p as u64));
        for &i in subsections.iter().chain(listing) {
            number(&mut h, i as u64);
        }
        text(&mut h, "");
    }
    for page in &site.pages {
        // Every field, as for sections: what cards, lists, tags, feeds, the sitemap and
        // related guides show of a page, and where it is.
        let Page {
            rel,
            path,
            slug,
            kind,
            title,
            description,
            date,
            updated,
            tags,
            specialties,
            aliases,
            draft,
            weight,
            section,
            body,
            extra,
            links,
            related,
            // Only the page's own outputs show these (`plan::pages`), or they place messages.
            source: _,
            alias_locations: _,
            faq: _,
            image: _,
            sources: _,
            review: _,
            body_offset: _,
            hash: _,
        } = &**page;
        text(&mut h, rel);
        text(&mut h, path);
        text(&mut h, slug);
        h.update(&[*kind as u8]);
        text(&mut h, title);
        text(&mut h, description);
        text(&mut h, &date.map_or(String::new(), crate::model::Date::iso));
        text(
            &mut h,
            &updated.map_or(String::new(), crate::model::Date::iso),
        );
        for list in [tags, specialties, aliases] {
            for item in list {
                text(&mut h, item);
            }
            text(&mut h, "");
        }
        h.update(&[u8::from(*draft)]);
        number(&mut h, weight.cast_unsigned());
        number(&mut h, *section as u64);
        // Of the body, what cards show.
        text(&mut h, &body.summary);
        number(&mut h, body.reading_minutes() as u64);
        // Cards show `extra` too.
        if !extra.is_empty() {
            // A map of JSON values always serializes.
            text(
                &mut h,
                &serde_json::to_string(extra.as_ref()).unwrap_or_default(),
            );
        }
        text(&mut h, "");
        for link in links {
            text(&mut h, &link.path);
            text(&mut h, &link.rest);
        }
        for &i in related {
            number(&mut h, i as u64);
        }
        text(&mut h, "");
    }
    for tag in site.tags.iter() {
        text(&mut h, &tag.name);
        text(&mut h, &tag.slug);
        for &i in &tag.pages {
            number(&mut h, i as u64);
        }
    }
    // Files that were unreadable or broken before are not in the shape; their hashes are.
    number(&mut h, now.content.len() as u64);
    h.digest()
}

/// The outputs to hash again when the shape held: those of changed content files; of changed
/// data files (`changed` names both), their programs, their specialties' pages and JSON, and the pages that sum up the
/// directory (home, directory, Smart Pick, sitemap); and any output that is new. When the data
/// files were updated in place, `in_place` names the programs that changed and the
/// specialties whose page shows something of them that changed, and each output says what it
/// reads of them (`What::program_reads`).
pub fn select(
    site: &Site,
    jobs: &[Job],
    last: &Last<'_>,
    changed: &Changed<'_>,
    in_place: Option<&InPlace>,
) -> Vec<bool> {
    let Changed {
        content: changed_rels,
        data: changed_files,
        pages: changed_pages,
    } = changed;
    let mut specialties: HashSet<usize> = changed_files
        .iter()
        .flat_map(|f| last.file_specialties.get(*f).into_iter().flatten().copied())
        .collect();
    if !changed_files.is_empty() {
        for program in &site.directory.programs {
            if changed_files.contains(program.location.path.as_path()) {
                specialties.insert(program.specialty);
            }
        }
    }
    let data_changed = !changed_files.is_empty();
    jobs.iter()
        .map(|job| {
            // A new output (a rebuild in place has the last one's).
            if in_place.is_none() && !(last.had)(&job.path) {
                return true;
            }
            if let Some(InPlace {
                programs,
                specialties,
                summed,
            }) = in_place
            {
                match job.what.program_reads() {
                    ProgramReads::All if *summed => return true,
                    ProgramReads::Specialty(s) if specialties.contains(&s) => return true,
                    ProgramReads::One(i) if programs.contains(&i) => return true,
                    _ => {}
                }
            }
            match &job.what {
                What::Page(i) | What::Redirect { page: i, .. } => match changed_pages {
                    Some(pages) => pages.contains(i),
                    None => changed_rels.contains(site.pages[*i].rel.as_str()),
                },
                // One page, which carries the stylesheet inline: hashed again every time.
                What::NotFound => true,
                // Data files changed in place: the programs above, and nothing else.
                _ if in_place.is_some() => false,
                What::Home | What::Directory | What::SmartPick | What::Sitemap(_) => data_changed,
                What::Specialty(s) | What::SpecialtyJson(s) => specialties.contains(s),
                What::Program(i) => {
                    changed_files.contains(site.directory.programs[*i].location.path.as_path())
                }
                // Its context follows the site's shape (sections, tags, a directory) only.
                What::Section { .. }
                | What::Search
                | What::Tags
                | What::Tag { .. }
                | What::Feed
                | What::Robots
                | What::HostRedirects => false,
            }
        })
        .collect()
}

/// The specialties of each data file's programs.
pub fn file_specialties(site: &Site) -> FileSpecialties {
    let mut map = FileSpecialties::new();
    for program in &site.directory.programs {
        map.entry(program.location.path.clone())
            .or_default()
            .insert(program.specialty);
    }
    map
}
