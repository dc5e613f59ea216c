//! Model: the validated, resolved site. Its types live here; `site` assembles them from the
//! decoded source files (front matter parsed by `front_matter`, program data by `programs`),
//! `related` chooses related guides, `review` checks that pages are sourced and reviewed,
//! `program_edits` applies an edit of a few programs in place. No I/O here; every problem
//! becomes a `Diagnostic` with `file:line:col`, all collected.

use std::borrow::Borrow;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::diagnostic::{LineIndex, Location};
use crate::markdown::Rendered;
use crate::source::SourceFile;

mod directory;
mod front_matter;
pub mod program_edits;
pub mod programs;
mod related;
mod review;
mod site;

pub use crate::date::Date;
pub use directory::{
    Directory, InterviewFormat, ListAdvice, MONTHS, Percent, Program, ProgramType, Requirements,
    STATES, ScoreReference, Service, Specialty, Usce, VISAS, program_path, season_order,
    specialty_path,
};
pub use site::{Built, ParseCache, ToStore, build, build_cached, reparsed_page};

/// The top section whose pages are guides (the others are plain pages).
pub const GUIDES_SECTION: &str = "guides";

/// How a section orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortBy {
    /// Newest first; undated last.
    Date,
    /// A to Z.
    Title,
    /// Lowest `weight` first.
    Weight,
}

/// What kind of page a markdown file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageKind {
    /// An article under `content/guides/`.
    Guide,
    /// A standalone page (`about.md`).
    Plain,
}

/// A question and its answer, from front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Faq {
    /// The question, as text.
    pub question: String,
    /// The answer, rendered from markdown (links as placeholders, see `links`).
    pub answer: Arc<Rendered>,
    /// The answer as plain text, for JSON-LD.
    pub answer_text: String,
    /// The answer's links, resolved.
    pub links: Vec<Link>,
    /// Where the answer is written.
    pub location: Location,
}

/// An illustration, from front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Image {
    /// Where the image is (a URL or a path under `static/`).
    pub src: String,
    /// Its alternative text.
    pub alt: String,
}

/// A source a page cites (`sources:` in front matter): where its facts can be checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// What the source is, as the reader sees it (`ECFMG: Pathways for the 2027 Match`).
    pub title: String,
    /// An http(s) URL.
    pub url: String,
    /// When the author last read it; `None` when not given.
    pub accessed: Option<Date>,
}

/// Who last reviewed a page against its sources, and when (`reviewed_by:`, `last_reviewed:`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Review {
    /// The reviewer, as written; `None` when not given.
    pub by: Option<String>,
    /// The date of the last review, and where it is written; `None` when not given.
    pub on: Option<(Date, Location)>,
}

/// A link of a body into the site, resolved: the site path it leads to and what follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// The site path: a folder's page (`guides/a/`; empty for home) or a file (`style.css`).
    pub path: String,
    /// `?query#fragment` as written, or the `#anchor` of an `@/` link; may be empty.
    pub rest: String,
    /// Byte offset of the link in its text (a body, notes or an answer).
    pub offset: usize,
}

/// Whose text a link or a finding is in, to say where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A page's body, by index.
    Page(usize),
    /// A section's `_index.md` body, by index.
    Section(usize),
    /// An answer of a page's FAQ.
    Faq {
        /// The page, by index.
        page: usize,
        /// The entry, by index in the page's FAQ.
        entry: usize,
    },
    /// A program's notes, by index in the directory.
    Notes(usize),
}

/// The diagnostic for the link `shown` (as written), at `location`, that leads to a draft.
pub fn link_to_draft(location: Option<Location>, shown: &str) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::new(
        crate::diagnostic::Code::LinkToDraft,
        location,
        format!("the link `{shown}` leads to a draft, which is not published"),
    )
    .with_hint("build with --drafts to see it, or remove the link until the page is ready")
}

/// The values of front matter keys matchpress does not read (`extra:` and unknown keys), by
/// key, for templates.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// `Extra` stored as JSON text: the cache's binary format cannot hold a value whose kind is
/// known only by reading it.
mod extra_as_json {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::Extra;

    pub fn serialize<S: Serializer>(extra: &Arc<Extra>, to: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&**extra).map_err(serde::ser::Error::custom)?;
        to.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Arc<Extra>, D::Error> {
        let text = String::deserialize(from)?;
        serde_json::from_str(&text)
            .map(Arc::new)
            .map_err(serde::de::Error::custom)
    }
}

/// Why a page that a link may lead to is not in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// It is a draft (and the build leaves drafts out).
    Draft,
    /// Its front matter has a problem that is reported on its own.
    Broken,
}

/// What kind of input the site left out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LeftOutKind {
    /// A content file (a page, or a section's `_index.md`).
    Page,
    /// One program of a program file.
    Program,
    /// A whole data file (it could not be read at all).
    DataFile,
}

impl LeftOutKind {
    /// "page", "program", "data file".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Program => "program",
            Self::DataFile => "data file",
        }
    }
}

/// An input the site leaves out because it cannot stand (no title, no ID, a duplicate, YAML
/// that does not parse): listed in the summary of every build and check, whatever the
/// severity of the problem, so nothing is ever dropped silently. Drafts are not listed: they
/// are left out on purpose.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct LeftOut {
    /// What it is.
    pub kind: LeftOutKind,
    /// Where it is written.
    pub location: Location,
    /// A name for people beside its place: the program's name and ID, a page's title when it
    /// has one; empty when the place says it all (a file).
    pub name: String,
    /// The problem that left it out.
    pub reason: crate::diagnostic::Code,
}

/// A markdown page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// Where each alias is written.
    pub alias_locations: Vec<Location>,
    /// Questions and answers.
    pub faq: Vec<Faq>,
    /// An illustration.
    pub image: Option<Image>,
    /// The sources the page cites.
    pub sources: Vec<Citation>,
    /// Its last review.
    pub review: Review,
    /// Order in weight-sorted lists.
    pub weight: i64,
    /// The section it belongs to, by index.
    pub section: usize,
    /// The rendered body.
    pub body: Arc<Rendered>,
    /// Byte offset of the body in the source file, to locate findings in it.
    pub body_offset: usize,
    /// Front matter values for templates only (`extra:` and unknown keys).
    #[serde(with = "extra_as_json")]
    pub extra: Arc<Extra>,
    /// The body's internal links, resolved, in placeholder order.
    pub links: Vec<Link>,
    /// Up to three related guides, by index.
    pub related: Vec<usize>,
    /// Hash of the source text.
    pub hash: u64,
}

/// A folder of `content/`, described by its `_index.md`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// Whether its guides must cite sources (`sources_required:`); `None`: as its parent says.
    pub sources_required: Option<bool>,
    /// The rendered body of `_index.md`.
    pub body: Arc<Rendered>,
    /// Byte offset of the body in the source file, to locate findings in it.
    pub body_offset: usize,
    /// Front matter values for templates only (`extra:` and unknown keys).
    #[serde(with = "extra_as_json")]
    pub extra: Arc<Extra>,
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
    pub sections: Arc<Vec<Section>>,
    /// Pages, sorted by source path.
    pub pages: Vec<Arc<Page>>,
    /// Tags, sorted by slug.
    pub tags: Arc<Vec<Tag>>,
    /// Specialties and programs (empty when the site has no `data/`).
    pub directory: Arc<Directory>,
    /// The internal links of each program's notes, resolved, by program index.
    pub notes_links: Arc<Vec<Vec<Link>>>,
    /// The URL paths of content files left out of the site (drafts, pages that cannot
    /// stand), so that links to them are reported once, and precisely.
    pub absent: Arc<FxHashMap<String, Absent>>,
    /// Site paths of folders whose every page is left out for a problem reported on its own
    /// (`programs/` when the program data cannot be loaded).
    pub absent_below: Vec<String>,
    /// Content files left out because they cannot stand (drafts are not listed).
    pub left_out: Vec<LeftOut>,
}

impl Site {
    /// Where byte `offset` of `owner`'s text was written; `files` are the site's content files,
    /// sorted by path (as `source::read_inputs` gives them).
    pub fn locate(&self, owner: Owner, offset: usize, files: &[SourceFile]) -> Location {
        let in_file = |source: &std::path::Path, body_offset: usize| {
            let rel = source
                .strip_prefix("content")
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            let file = rel
                .and_then(|rel| files.binary_search_by(|f| f.rel.as_str().cmp(&rel)).ok())
                .map(|i| &files[i]);
            match file.and_then(SourceFile::text_now) {
                Some(text) => {
                    let (line, col) = LineIndex::new(&text).line_col(&text, body_offset + offset);
                    Location::new(source, line, col)
                }
                None => Location::file(source),
            }
        };
        match owner {
            Owner::Page(i) => in_file(&self.pages[i].source, self.pages[i].body_offset),
            Owner::Section(i) => in_file(&self.sections[i].source, self.sections[i].body_offset),
            // Answers and notes sit inside YAML: their start is precise enough.
            Owner::Faq { page, entry } => self.pages[page].faq[entry].location.clone(),
            Owner::Notes(i) => {
                let program = &self.directory.programs[i];
                program
                    .notes_location
                    .clone()
                    .unwrap_or_else(|| program.location.clone())
            }
        }
    }

    /// Why the site path `path` (`guides/a/`, `programs/x/y/`) is not in the site, when a
    /// content file that would give it was left out, or the data of its folder.
    pub fn absent_at(&self, path: &str) -> Option<Absent> {
        self.absent.get(path).copied().or_else(|| {
            self.absent_below
                .iter()
                .any(|folder| path.starts_with(folder.as_str()))
                .then_some(Absent::Broken)
        })
    }

    /// The link written at byte `offset` of `owner`'s text, as written (`../visas/`,
    /// `@/guides/a.md#x`), for messages.
    pub fn written_at(&self, owner: Owner, offset: usize) -> Option<String> {
        let body = match owner {
            Owner::Page(i) => self.pages.get(i)?.body.as_ref(),
            Owner::Section(i) => self.sections.get(i)?.body.as_ref(),
            Owner::Faq { page, entry } => self.pages.get(page)?.faq.get(entry)?.answer.as_ref(),
            Owner::Notes(i) => self.directory.programs.get(i)?.notes.as_ref()?,
        };
        body.links
            .iter()
            .find(|l| l.offset == offset)
            .map(|l| l.dest.to_string())
    }

    /// Guides, newest first.
    pub fn guides_by_date(&self) -> Vec<usize> {
        let mut guides: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].kind == PageKind::Guide)
            .collect();
        sort_pages(&mut guides, &self.pages, SortBy::Date);
        guides
    }
}
/// Sort page indices by `sort_by`, ties broken by title then path, so order is deterministic.
pub fn sort_pages<P: Borrow<Page>>(list: &mut [usize], pages: &[P], sort_by: SortBy) {
    let page = |i: usize| -> &Page { pages[i].borrow() };
    let rank = |i: usize| match sort_by {
        SortBy::Date => (std::cmp::Reverse(page(i).date), 0),
        SortBy::Title => (std::cmp::Reverse(None), 0),
        SortBy::Weight => (std::cmp::Reverse(None), page(i).weight),
    };
    // By date or weight first, with no key made; then each run of ties by title, lowercased
    // once per page, and path. Pages by date rarely tie: most titles are never lowercased.
    list.sort_unstable_by_key(|&i| rank(i));
    for ties in list.chunk_by_mut(|&a, &b| rank(a) == rank(b)) {
        if ties.len() > 1 {
            ties.sort_by_cached_key(|&i| (page(i).title.to_lowercase(), page(i).rel.as_str()));
        }
    }
}
