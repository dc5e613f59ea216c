//! Session: a site kept in memory from one build to the next, for `serve`. A rebuild re-reads
//! only the inputs it is told may have changed (everything after a rescan), reuses parsed
//! files whose text is unchanged, hashes every page's context together with its template
//! set, and renders only the pages whose hash changed. When the only changes are edits of
//! pages that leave what other outputs show of them as it was, the last model is updated in
//! place instead (`quick`), with the last plan. Of the finished files, only the hashes of
//! their bytes are kept, and the bytes of the few rendered last; any other file is rendered
//! when asked for, from the model and plan of the rebuild that made it (`Output`). A rebuild
//! that fails keeps the last good site and its hashes, so the next good rebuild compares
//! against what is being served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::diagnostic::{Diagnostic, has_errors, report};
use crate::error::Error;
use crate::links::{self, Base, Known, PageLinks};
use crate::model::program_edits::{self, ProgramEntries};
use crate::model::{LeftOut, Site};
use crate::output::WriteReport;
use crate::pipeline::{self, BuildReport, CacheUse, Caches, Prepared, Stopwatch};
use crate::plan::{Content, Job, Planner, specialty_view, summed_view};
use crate::render;
use crate::shape::{self, FileSpecialties, InputHashes};
use crate::source::{self, InputPath, Inputs, ThemeFiles, ThemeSource};

/// What a session builds.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Overrides `base_url` of `site.yaml` (the server's own address).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Whether the first build starts from the parsed files an earlier process stored, and
    /// stores them for a later one (see `pipeline::Caches::stored`).
    pub cache: CacheUse,
    /// How many bytes of rendered files the site being served keeps for the next requests
    /// (`RECENT_BYTES` for `serve`); the others are rendered when asked for.
    pub keep_bytes: usize,
}

/// What may have changed since the last rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Anything: read every input again.
    Everything,
    /// These paths (absolute, or relative to the site's folder) were created, changed,
    /// renamed or removed. A hint: the contents decide what really changed.
    Paths(Vec<PathBuf>),
}

/// Files by path relative to the site's root (`guides/a/index.html`), with their bytes.
pub type Files = FxHashMap<Arc<str>, Arc<[u8]>>;

/// How many bytes of rendered files `serve` keeps for the next requests: the pages an author
/// has open and those a save changed, not the site (tens of thousands of pages, hundreds of MB
/// at the size of the benchmark).
pub const RECENT_BYTES: usize = 32 << 20;

/// The finished site: every file's path and the hash of its bytes, each file rendered on
/// request from the model and plan it was built from, as the rebuild rendered it (templates
/// are pure: the same context and template set give the same bytes). Those rendered lately
/// are kept, up to `SessionOptions::keep_bytes`.
#[derive(Default)]
pub struct Output {
    /// Every file: its hash, and where it comes from.
    files: Stamps,
    /// Counts the rebuilds that changed something (0 before the first).
    pub version: u64,
    /// What renders the files (none before the first rebuild).
    renderer: Option<Arc<Renderer>>,
    /// Files rendered lately, the least recently used first out.
    recent: Mutex<Recent>,
}

/// Every file of a site with its stamp: a map shared with the sites before it, and the stamps
/// that changed since. A rebuild in place changes a few of the map's files (of 30,000 at
/// 10,000 guides and 13,000 programs): a copy of the map for each would take longer than the
/// rest of the rebuild.
#[derive(Debug, Clone, Default)]
struct Stamps {
    shared: Arc<FxHashMap<Arc<str>, Stamp>>,
    /// Stamps that replace those of `shared`, for paths in `shared` only.
    changed: FxHashMap<Arc<str>, Stamp>,
}

impl Stamps {
    /// The most stamps kept beside the shared map; more are put into a map of their own.
    const CHANGED: usize = 4096;

    fn new(map: FxHashMap<Arc<str>, Stamp>) -> Self {
        Self {
            shared: Arc::new(map),
            changed: FxHashMap::default(),
        }
    }

    fn get_key_value(&self, path: &str) -> Option<(&Arc<str>, &Stamp)> {
        (self.changed.get_key_value(path)).or_else(|| self.shared.get_key_value(path))
    }

    fn get(&self, path: &str) -> Option<&Stamp> {
        self.get_key_value(path).map(|(_, stamp)| stamp)
    }

    fn contains_key(&self, path: &str) -> bool {
        self.shared.contains_key(path)
    }

    fn len(&self) -> usize {
        self.shared.len()
    }

    fn is_empty(&self) -> bool {
        self.shared.is_empty()
    }

    fn keys(&self) -> impl Iterator<Item = &Arc<str>> {
        self.shared.keys()
    }

    /// Give the file at `path` the stamp `stamp` (`key` is `path`, to add a new file).
    fn set(&mut self, path: &str, stamp: Stamp, key: impl FnOnce() -> Arc<str>) {
        match self.shared.get_key_value(path) {
            // The stamp it has in the shared map (a static file, every rebuild): nothing kept.
            Some((_, at)) if *at == stamp => {
                self.changed.remove(path);
            }
            Some((key, _)) => {
                let key = Arc::clone(key);
                if self.changed.is_empty()
                    && let Some(map) = Arc::get_mut(&mut self.shared)
                {
                    map.insert(key, stamp);
                } else {
                    self.changed.insert(key, stamp);
                }
            }
            None => {
                Arc::make_mut(&mut self.shared).insert(key(), stamp);
            }
        }
    }

    /// The same files, in a map of their own when many stamps changed.
    fn settled(mut self) -> Self {
        if self.changed.len() > Self::CHANGED {
            let mut map = Arc::unwrap_or_clone(self.shared);
            map.extend(std::mem::take(&mut self.changed));
            self.shared = Arc::new(map);
        }
        self
    }
}

/// What a rebuild knows of one of its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    /// A hash of its bytes (XXH3, 128 bits).
    hash: u128,
    /// Its job in the plan; `None` for a static file of the theme.
    job: Option<usize>,
}

/// Files rendered lately, by path, and how many bytes they hold.
struct Recent {
    files: Option<lru::LruCache<Arc<str>, Arc<[u8]>>>,
    bytes: usize,
    /// How many bytes it holds at most.
    limit: usize,
}

impl Default for Recent {
    fn default() -> Self {
        Self::new(0)
    }
}

impl Recent {
    fn new(limit: usize) -> Self {
        Self {
            files: None,
            bytes: 0,
            limit,
        }
    }

    fn get(&mut self, path: &str) -> Option<Arc<[u8]>> {
        self.files.as_mut()?.get(path).cloned()
    }

    /// Keep `bytes` for `path`, letting the least recently used go beyond the limit (a file
    /// larger than the limit is not kept, nor what was kept for its path).
    fn put(&mut self, path: Arc<str>, bytes: Arc<[u8]>) {
        let files = self.files.get_or_insert_with(lru::LruCache::unbounded);
        if bytes.len() > self.limit {
            if let Some(old) = files.pop(&path) {
                self.bytes -= old.len();
            }
            return;
        }
        self.bytes += bytes.len();
        if let Some(old) = files.put(path, bytes) {
            self.bytes -= old.len();
        }
        while self.bytes > self.limit {
            match files.pop_lru() {
                Some((_, old)) => self.bytes -= old.len(),
                None => break,
            }
        }
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("files", &self.files.len())
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl Output {
    /// Whether the site has a file at `path` (relative to its root).
    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// How many files the site has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no file (before the first rebuild).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file's path, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|path| &**path)
    }

    /// A hash of the bytes of the file at `path` (XXH3, 128 bits), as the rebuild made them.
    pub fn hash(&self, path: &str) -> Option<u128> {
        self.files.get(path).map(|stamp| stamp.hash)
    }

    /// The file at `path` if it was rendered lately (no rendering).
    pub fn recent(&self, path: &str) -> Option<Arc<[u8]>> {
        self.recent_files().get(path)
    }

    /// The bytes of the file at `path`: kept from a recent request or rebuild, or rendered
    /// now. `None` when the site has no such file, or its template cannot be used.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let (key, stamp) = self.files.get_key_value(path)?;
        if let Some(bytes) = self.recent(path) {
            return Some(bytes);
        }
        let renderer = self.renderer.as_ref()?;
        // A static file is in memory already.
        let Some(job) = stamp.job else {
            return renderer.statics.get(path).cloned();
        };
        let bytes = renderer.job(job)?;
        debug_assert_eq!(
            xxh3_128(&bytes),
            stamp.hash,
            "{path} rendered on request differs from its rebuild's"
        );
        self.recent_files().put(Arc::clone(key), Arc::clone(&bytes));
        Some(bytes)
    }

    fn recent_files(&self) -> std::sync::MutexGuard<'_, Recent> {
        match self.recent.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// What renders any output of a planned site on request, as a rebuild renders it.
struct Renderer {
    site: Arc<Site>,
    plan: Arc<crate::plan::Plan>,
    templates: Option<Arc<render::Templates>>,
    stylesheet: Option<Arc<str>>,
    /// The theme's static files, by path.
    statics: FxHashMap<String, Arc<[u8]>>,
}

impl Renderer {
    /// The output of the plan's job `index`, rendered now; `None` when its template cannot be
    /// used.
    fn job(&self, index: usize) -> Option<Arc<[u8]>> {
        let job = self.plan.jobs.get(index)?;
        let planner = Planner::new(&self.site).with_inline_style(self.stylesheet.clone());
        match planner.content(job) {
            Content::Bytes(bytes) => Some(bytes.into()),
            Content::Template { template, context } => {
                let templates = self.templates.as_ref()?;
                if !templates.usable(template) {
                    return None;
                }
                let mut buffer = Vec::new();
                templates
                    .render_into(template, &context.into_tera(), &mut buffer)
                    .ok()?;
                Some(buffer.into())
            }
        }
    }
}

/// What one successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Counts and timings (`files.written` counts files whose bytes changed).
    pub report: BuildReport,
    /// Output paths whose bytes are new or different, sorted.
    pub changed: Vec<String>,
    /// Output paths no longer produced, sorted.
    pub removed: Vec<String>,
    /// The site after this rebuild.
    pub output: Arc<Output>,
    /// The model it was built from (for work done after the pages, like the search index).
    pub site: Arc<Site>,
}

/// The site as planned, before its outputs are rendered: any one of them rendered on request,
/// as the rebuild will render it. `serve` answers with it while its first build renders the
/// rest.
pub struct Preview {
    renderer: Arc<Renderer>,
    jobs: FxHashMap<Arc<str>, usize>,
}

impl std::fmt::Debug for Preview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Preview")
            .field("outputs", &self.jobs.len())
            .field("statics", &self.renderer.statics.len())
            .finish_non_exhaustive()
    }
}

impl Preview {
    /// Whether the site has an output at `path` (relative to its root).
    pub fn has(&self, path: &str) -> bool {
        self.jobs.contains_key(path) || self.renderer.statics.contains_key(path)
    }

    /// The output at `path`, rendered now; `None` when there is none, or its template
    /// cannot be used.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        if let Some(bytes) = self.renderer.statics.get(path) {
            return Some(Arc::clone(bytes));
        }
        self.renderer.job(*self.jobs.get(path)?)
    }
}

/// The theme's stylesheet, which the 404 page carries inline.
fn stylesheet(theme: Option<&Theme>) -> Option<Arc<str>> {
    theme
        .and_then(|t| {
            t.statics
                .iter()
                .find(|(rel, _)| rel == crate::plan::STYLESHEET)
        })
        .map(|(_, bytes)| Arc::from(String::from_utf8_lossy(bytes)))
}

/// What renders the outputs of `prepared` on request.
fn renderer(prepared: &Prepared, theme: Option<&Theme>) -> Renderer {
    Renderer {
        site: Arc::clone(&prepared.site),
        plan: Arc::clone(&prepared.plan),
        templates: prepared.templates.clone(),
        stylesheet: stylesheet(theme),
        statics: theme
            .map(|t| t.statics.iter().cloned().collect())
            .unwrap_or_default(),
    }
}

/// A page that failed to render: its path and the template's problem.
type Failure = (String, Diagnostic);

/// An output rendered again: its index in the plan, the hash of its bytes, its bytes while
/// those kept stay within `SessionOptions::keep_bytes` (see `Output`) and, for a page, its
/// links.
type Fresh = (usize, u128, Option<Arc<[u8]>>, Option<Arc<PageLinks>>);

/// A site kept in memory between rebuilds.
pub struct Session {
    options: SessionOptions,
    inputs: Option<Inputs>,
    /// Inputs that could not be decoded, kept out of `inputs` until they are readable.
    unreadable: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The paths read again since the last good rebuild: a rebuild in place looks at these
    /// files only (a rebuild that failed may have read some of them).
    unapplied: BTreeSet<PathBuf>,
    theme: Option<Theme>,
    /// Theme files may have changed since the theme was last read.
    theme_stale: bool,
    caches: Caches,
    /// The cache's file that the pages' HTML is read from when asked for, when the first
    /// rebuild took the parsed files from there (see `stored::Text`).
    bodies: Option<Arc<crate::stored::Source>>,
    /// What the last good rebuild was made from.
    last: Option<Last>,
    /// The last good rebuild's site, plan and templates, for a rebuild that changes a page's
    /// body only (see `quick`).
    kept: Option<Kept>,
    output: Arc<Output>,
}

/// A rebuild that updates the last good model in place (see `Session::quick`).
struct Quick {
    prepared: Prepared,
    /// The problems found before rendering.
    found: Vec<Diagnostic>,
    left_out: Vec<LeftOut>,
    known: InPlace,
}

/// What a rebuild in place knows of the site before rendering.
struct InPlace {
    /// The site's shape (the last one).
    shape: u64,
    /// The content and data files that changed since the last rebuild, with their hashes now
    /// (the others' are the last rebuild's).
    content: Vec<(String, u64)>,
    data: Vec<(PathBuf, u64)>,
    /// Each page's index, by its path under `content/` (the last rebuild's pages).
    by_rel: FxHashMap<String, usize>,
    /// The programs whose entries changed (the data files that changed were updated in
    /// place), and the specialties whose page or JSON show something of them that changed.
    edited: shape::InPlace,
    /// The program files' entries now.
    entries: ProgramEntries,
}

/// The inputs' hashes now.
enum Hashes {
    /// Every file's.
    All(InputHashes),
    /// A rebuild in place's: the content and data files that changed since the last rebuild
    /// (the others' are the last rebuild's).
    Edits(Vec<(String, u64)>, Vec<(PathBuf, u64)>),
}

impl Hashes {
    /// The files whose hash is not the one they had in `last` (their pages, by `by_rel`, when
    /// given).
    fn changed_since<'a>(
        &'a self,
        last: &InputHashes,
        by_rel: Option<&FxHashMap<String, usize>>,
    ) -> shape::Changed<'a> {
        match self {
            Self::All(now) => shape::Changed::between(last, now),
            Self::Edits(content, data) => shape::Changed {
                content: content.iter().map(|(rel, _)| rel.as_str()).collect(),
                data: data.iter().map(|(path, _)| path.as_path()).collect(),
                pages: by_rel.map(|by_rel| {
                    (content.iter())
                        .filter_map(|(rel, _)| by_rel.get(rel).copied())
                        .collect()
                }),
            },
        }
    }
}

/// The last good rebuild's model, plan and templates, and what it found before rendering.
struct Kept {
    /// `site.yaml` as it was read.
    config: String,
    prepared: Prepared,
    /// The problems found before rendering.
    found: Vec<Diagnostic>,
    /// The inputs left out.
    left_out: Vec<LeftOut>,
    /// Each page's index, by its path under `content/`.
    by_rel: FxHashMap<String, usize>,
    /// The YAML program files' entries, to tell which programs an edit changed.
    entries: ProgramEntries,
}

/// What the last good rebuild was made from, to tell what the next one must redo.
struct Last {
    /// The hash of everything pages show of one another (see `shape::key`).
    shape: u64,
    /// The hash of every output's context (or bytes), by path.
    contexts: FxHashMap<Arc<str>, u64>,
    /// The hash of every template's set, by template name.
    sets: HashMap<String, u64>,
    /// The specialties of the programs of each data file.
    file_specialties: FileSpecialties,
    /// The input files' hashes.
    inputs: InputHashes,
    /// The links and ids of every page, by output path.
    scans: FxHashMap<Arc<str>, Arc<PageLinks>>,
    /// A hash of every output path, to tell whether the outputs are the same.
    outputs: u64,
    /// Every output path, for links.
    known: Arc<Known>,
    /// The links and ids of every page, by its job's index in the last plan.
    by_job: Vec<Option<Arc<PageLinks>>>,
    /// The index of each page in the list of scanned pages (`links::page_index`).
    index: Arc<FxHashMap<u64, usize>>,
    /// How many links into the site the pages have.
    links: usize,
    /// Whether no link was broken (then only what changed needs checking again).
    links_clean: bool,
}

/// The files (each its key and its hash now) whose hash differs from `before`'s; `None` when
/// one is new.
fn edited<'a, K, Q>(
    now: impl Iterator<Item = (&'a Q, u64)>,
    before: &FxHashMap<K, u64>,
) -> Option<Vec<(&'a Q, u64)>>
where
    K: Eq + std::hash::Hash + std::borrow::Borrow<Q>,
    Q: Eq + std::hash::Hash + ?Sized + 'a,
{
    let mut keys = Vec::new();
    for (key, hash) in now {
        match before.get(key) {
            Some(&was) if was == hash => {}
            Some(_) => keys.push((key, hash)),
            None => return None,
        }
    }
    Some(keys)
}

/// The theme's files with their set hashes, the static files' bytes, and the problems of
/// reading them.
struct Theme {
    /// Where it comes from: the theme changes when this does.
    dir: ThemeSource,
    files: ThemeFiles,
    set_hashes: HashMap<String, u64>,
    statics: Vec<(String, Arc<[u8]>)>,
    problems: Vec<Diagnostic>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: SessionOptions) -> Self {
        Self {
            options,
            inputs: None,
            unreadable: BTreeMap::new(),
            unapplied: BTreeSet::new(),
            theme: None,
            theme_stale: true,
            caches: Caches::default(),
            bodies: None,
            last: None,
            kept: None,
            output: Arc::new(Output::default()),
        }
    }

    /// The last good site.
    pub fn output(&self) -> Arc<Output> {
        Arc::clone(&self.output)
    }

    /// Bring the site up to date with its inputs. Every problem is found, as in `check`; when
    /// any is an error, the last good site stays and the error carries them all.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Error> {
        self.rebuild_previewing(changes, &mut |_| {})
    }

    /// `rebuild`, giving `preview` the site as planned before its outputs are rendered, when
    /// no site is served yet (the first rebuild, or those after it until one succeeds).
    pub fn rebuild_previewing(
        &mut self,
        changes: &Changes,
        preview: &mut dyn FnMut(Preview),
    ) -> Result<Rebuilt, Error> {
        let mut rebuilt = self.rebuild_from_inputs(changes, preview);
        if self.bodies.as_ref().is_some_and(|file| file.damaged()) {
            // A page's HTML read from the cache's file was not as stored: everything is
            // parsed again, and nothing of it is taken from the cache again.
            self.bodies = None;
            Caches::forget_bodies(&self.options.root);
            self.caches = Caches::default();
            self.last = None;
            self.kept = None;
            rebuilt = self.rebuild_from_inputs(&Changes::Everything, preview);
        }
        // The texts of the content files are needed again only to parse one whose hash the
        // caches do not know (a save reads it again) or to place a broken link: read again
        // then (`SourceFile::text_now`), they are not kept (95 MB at 10,000 guides).
        if let Some(inputs) = &mut self.inputs {
            for file in &mut inputs.content {
                file.text = String::new();
                file.read = false;
            }
        }
        rebuilt
    }

    fn rebuild_from_inputs(
        &mut self,
        changes: &Changes,
        preview: &mut dyn FnMut(Preview),
    ) -> Result<Rebuilt, Error> {
        let mut report = BuildReport {
            output: PathBuf::from("(memory)"),
            ..BuildReport::default()
        };
        let mut watch = Stopwatch::start();
        if let Changes::Paths(paths) = changes {
            self.unapplied.extend(paths.iter().cloned());
        }
        self.theme_stale |= self.refresh(changes)?;
        if let Some(quick) = self.quick(changes) {
            report.timings.push(("quick", watch.lap()));
            report.left_out = quick.left_out;
            return self.finish(
                quick.prepared,
                quick.found,
                Some(quick.known),
                report,
                watch,
            );
        }
        // Whatever this rebuild finds, the next one starts from the last good site's inputs
        // only through a whole model again (a failure here may have reloaded the theme).
        self.kept = None;
        let mut diagnostics: Vec<Diagnostic> =
            self.unreadable.values().flatten().cloned().collect();
        let Some(inputs) = &self.inputs else {
            return Err(Error::Internal("the inputs were not read".to_string()));
        };
        let (config, mut found) =
            crate::config::parse(&inputs.config, self.options.base_url.as_deref());
        diagnostics.append(&mut found);
        match pipeline::theme_source(&self.options.root, &config) {
            Ok(theme_dir) => {
                if self.theme_stale || self.theme.as_ref().is_none_or(|t| t.dir != theme_dir) {
                    self.theme = None;
                    self.theme = Some(load_theme(&self.options.root, theme_dir)?);
                    self.theme_stale = false;
                }
            }
            Err(d) => {
                diagnostics.push(d);
                self.theme = None;
            }
        }
        let theme = self.theme.as_ref();
        if let Some(theme) = theme {
            diagnostics.extend(theme.problems.iter().cloned());
        }
        report.timings.push(("load", watch.lap()));

        let first = self.output.version == 0 && self.last.is_none();
        let stored = first && self.options.cache == CacheUse::Use;
        if stored {
            self.caches = Caches::stored(&self.options.root);
            self.bodies = self.caches.bodies();
        }
        let (prepared, mut found) = pipeline::prepare(
            inputs,
            config,
            theme.map(|t| &t.files),
            self.options.drafts,
            &mut self.caches,
            &mut report,
            &mut watch,
        );
        diagnostics.append(&mut found);
        report
            .left_out
            .extend(pipeline::left_out_files(&diagnostics));
        report.left_out.sort();
        if self.output.version == 0 {
            preview(Preview {
                renderer: Arc::new(renderer(&prepared, theme)),
                jobs: prepared
                    .plan
                    .jobs
                    .iter()
                    .enumerate()
                    .map(|(i, job)| (Arc::from(job.path.as_str()), i))
                    .collect(),
            });
        }
        if stored {
            // After the preview: the first pages are served while this is written.
            report.from_cache = self.caches.taken();
            self.caches.store(&self.options.root);
            report.timings.push(("cache", watch.lap()));
        }
        self.finish(prepared, diagnostics, None, report, watch)
    }

    /// Render what changed of the site `prepared` (with the problems found so far, and the
    /// site's shape and the inputs' hashes when they are known), check the links and keep the
    /// new site; the part of a rebuild after the model and the plan.
    fn finish(
        &mut self,
        prepared: Prepared,
        mut diagnostics: Vec<Diagnostic>,
        known: Option<InPlace>,
        mut report: BuildReport,
        mut watch: Stopwatch,
    ) -> Result<Rebuilt, Error> {
        let Some(inputs) = &self.inputs else {
            return Err(Error::Internal("the inputs were not read".to_string()));
        };
        let theme = self.theme.as_ref();
        let Prepared {
            site,
            plan,
            templates,
        } = &prepared;
        // The problems found before rendering, kept for a rebuild that changes one page's body.
        let found = diagnostics.clone();

        // Which outputs can have changed. When nothing that pages show of one another changed
        // (the shape), only the outputs of changed files are hashed again; otherwise all are.
        let in_place = known.is_some();
        let (shape, now, changed_programs, entries, by_rel) = if let Some(known) = known {
            (
                known.shape,
                Hashes::Edits(known.content, known.data),
                Some(known.edited),
                Some(known.entries),
                Some(known.by_rel),
            )
        } else {
            let now = InputHashes::of(inputs);
            let shape = shape::key(site, inputs, &now, self.options.drafts);
            (shape, Hashes::All(now), None, None, None)
        };
        let last = self.last.as_ref().filter(|last| last.shape == shape);
        let selected: Vec<bool> = match last {
            None => vec![true; plan.jobs.len()],
            Some(last) => shape::select(
                site,
                &plan.jobs,
                &shape::Last {
                    file_specialties: &last.file_specialties,
                    had: &|path| last.contexts.contains_key(path),
                },
                &now.changed_since(&last.inputs, by_rel.as_ref()),
                changed_programs.as_ref(),
            ),
        };
        report.hashed = selected.iter().filter(|&&s| s).count();

        // Hash the selected outputs' contexts (or bytes).
        let stylesheet = stylesheet(theme);
        let hashing = Planner::hashing(site).with_inline_style(stylesheet.clone());
        let hashes: Vec<Option<u64>> = plan
            .jobs
            .par_iter()
            .zip(&selected)
            .map(|(job, &selected)| {
                // An output not selected keeps the context on record (see `shape::select`).
                if !selected {
                    return None;
                }
                Some(match hashing.content(job) {
                    Content::Bytes(bytes) => xxh3_64(&bytes),
                    Content::Template { context, .. } => context.hash().unwrap_or(0),
                })
            })
            .collect();
        // Render an output when its context or its template set changed.
        let before = self.last.as_ref();
        let set_hashes = theme.map(|t| &t.set_hashes);
        let same_set: Vec<&str> = set_hashes
            .into_iter()
            .flatten()
            .filter(|(name, hash)| before.is_some_and(|b| b.sets.get(*name) == Some(*hash)))
            .map(|(name, _)| name.as_str())
            .collect();
        let stale: Vec<usize> = (0..plan.jobs.len())
            .filter(|&i| {
                let job = &plan.jobs[i];
                let Some(before) = before else { return true };
                let context_same = !selected[i]
                    || (hashes[i].is_some()
                        && before.contexts.get(job.path.as_str()) == hashes[i].as_ref());
                let set_same = job.template.is_none_or(|t| same_set.contains(&t));
                !(context_same && set_same)
            })
            .collect();
        report.timings.push(("hash", watch.lap()));

        // Render what changed, and scan the pages among it for links.
        let planner = Planner::new(site).with_inline_style(stylesheet);
        let base = Base::new(&site.config.base_url);
        let render_ns = AtomicU64::new(0);
        let keeping = AtomicUsize::new(0);
        let keep_bytes = self.options.keep_bytes;
        let rendered: Vec<Option<Result<Fresh, Failure>>> = stale
            .par_iter()
            .map_init(Vec::new, |buffer, &i| {
                let start = Instant::now();
                let job = &plan.jobs[i];
                if job
                    .template
                    .is_some_and(|t| templates.as_ref().is_none_or(|ts| !ts.usable(t)))
                {
                    return None;
                }
                let content = planner.content(job);
                let made;
                let bytes: &[u8] = match content {
                    Content::Bytes(bytes) => {
                        made = bytes;
                        &made
                    }
                    Content::Template { template, context } => {
                        let templates = templates.as_ref()?;
                        if let Err(d) =
                            templates.render_into(template, &context.into_tera(), buffer)
                        {
                            return Some(Err((job.path.clone(), d)));
                        }
                        buffer
                    }
                };
                let scan = job.path.ends_with(".html").then(|| {
                    let html = std::str::from_utf8(bytes).unwrap_or_default();
                    Arc::new(links::scan(&job.path, html, &base, false))
                });
                // The bytes are kept for the next requests while they fit in `keep_bytes`
                // (those of an edit, all of them); of the rest, only their hashes.
                let kept = (keeping.fetch_add(bytes.len(), Ordering::Relaxed) + bytes.len()
                    <= keep_bytes)
                    .then(|| Arc::from(bytes));
                let hash = xxh3_128(bytes);
                let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
                render_ns.fetch_add(nanos, Ordering::Relaxed);
                Some(Ok((i, hash, kept, scan)))
            })
            .collect();
        let mut fresh = Vec::with_capacity(rendered.len());
        let mut failures = Vec::new();
        for outcome in rendered.into_iter().flatten() {
            match outcome {
                Ok(page) => fresh.push(page),
                Err(failure) => failures.push(failure),
            }
        }
        diagnostics.append(&mut render::group_failures(failures));
        report.rendered = fresh.len();
        report.timings.push(("render", watch.lap()));
        report.cpu = vec![("render", Duration::from_nanos(render_ns.into_inner()))];

        // Every page's links: fresh scans for what was rendered, the last ones for the rest.
        let mut fresh_scans: FxHashMap<usize, &Arc<PageLinks>> = FxHashMap::default();
        // Pages whose ids changed: links into them with a fragment are checked again.
        let mut new_ids: FxHashSet<u64> = FxHashSet::default();
        for (i, _, _, scan) in &fresh {
            if let Some(scan) = scan {
                let path = plan.jobs[*i].path.as_str();
                fresh_scans.insert(*i, scan);
                let old = before.and_then(|b| b.scans.get(path));
                if old.is_none_or(|old| !old.same_ids(scan)) {
                    new_ids.insert(links::path_hash(path));
                }
            }
        }
        let statics: Vec<&str> = theme
            .map(|t| t.statics.iter().map(|(rel, _)| rel.as_str()).collect())
            .unwrap_or_default();
        let outputs = || {
            plan.jobs
                .iter()
                .map(|j| j.path.as_str())
                .chain(statics.iter().copied())
        };
        // A rebuild in place has the last plan and theme: the same outputs.
        let (outputs_hash, known) = match before {
            Some(b) if in_place => (b.outputs, Arc::clone(&b.known)),
            _ => {
                let mut paths = Xxh3::new();
                for output in outputs() {
                    paths.update(output.as_bytes());
                    paths.update(&[0]);
                }
                (paths.digest(), Arc::new(Known::new(outputs())))
            }
        };
        // The scanned pages (job index and scan), in the plan's order: a rebuild in place has
        // the last plan, whose scans are on record by job.
        let pages: Vec<(usize, &Arc<PageLinks>)> = match before {
            Some(b) if in_place => b
                .by_job
                .iter()
                .enumerate()
                .filter_map(|(i, scan)| {
                    fresh_scans
                        .get(&i)
                        .copied()
                        .or(scan.as_ref())
                        .map(|s| (i, s))
                })
                .collect(),
            _ => plan
                .jobs
                .iter()
                .enumerate()
                .filter_map(|(i, job)| {
                    fresh_scans
                        .get(&i)
                        .copied()
                        .or_else(|| before.and_then(|b| b.scans.get(job.path.as_str())))
                        .map(|s| (i, s))
                })
                .collect(),
        };
        let listed: Vec<(&str, &PageLinks)> = pages
            .iter()
            .map(|&(i, s)| (plan.jobs[i].path.as_str(), s.as_ref()))
            .collect();
        // A rebuild in place has the last one's pages (every HTML output has a scan): the
        // same index, and the same count of links but for the pages rendered again.
        let (index, links_count) = match before {
            Some(b) if in_place => {
                debug_assert_eq!(b.index.len(), listed.len());
                let mut count = b.links;
                for (i, scan) in &fresh_scans {
                    let old = b.by_job[*i].as_ref().map_or(0, |s| s.internal_count());
                    count = count - old + scan.internal_count();
                }
                (Arc::clone(&b.index), count)
            }
            _ => (
                Arc::new(links::page_index(&listed)),
                listed.iter().map(|(_, s)| s.internal_count()).sum(),
            ),
        };
        report.links = links_count;
        // When the last good site had no broken link and the outputs are the same, only the
        // links of the pages rendered again, and those into pages whose ids changed, can be.
        let broken = match before {
            Some(b) if b.links_clean && b.outputs == outputs_hash => {
                let rescanned: Vec<usize> = pages
                    .iter()
                    .enumerate()
                    .filter(|(_, (i, _))| fresh_scans.contains_key(i))
                    .map(|(at, _)| at)
                    .collect();
                let changed = Some(&rescanned[..]);
                links::find_broken_where(&listed, &known, changed, &new_ids, Some(&index))
            }
            _ => links::find_broken_where(&listed, &known, None, &new_ids, Some(&index)),
        };
        let links_clean = broken.is_empty();
        if !broken.is_empty() {
            let jobs: Vec<&Job> = pages.iter().map(|&(i, _)| &plan.jobs[i]).collect();
            let outputs: Vec<&str> = outputs().collect();
            diagnostics.append(&mut pipeline::report_links(
                &prepared,
                inputs,
                theme.map(|t| &t.files),
                &outputs,
                &jobs,
                &broken,
            ));
        }
        report.timings.push(("links", watch.lap()));
        report.ignored = site.config.diagnostics.apply(&mut diagnostics);
        report::sort(&mut diagnostics);
        if has_errors(&diagnostics) {
            return Err(pipeline::failure(diagnostics));
        }
        report.warnings = diagnostics;
        let Some(theme) = theme else {
            return Err(Error::Internal("the theme was not read".to_string()));
        };

        // The new site: the old files, minus those no longer produced, plus the new bytes.
        // The last record's hashes and scans, with those made again.
        // (A rebuild in place has the last one's, with the scans made again.)
        let mut by_job: Vec<Option<Arc<PageLinks>>> = Vec::new();
        if !in_place {
            by_job = vec![None; plan.jobs.len()];
            for &(i, scan) in &pages {
                by_job[i] = Some(Arc::clone(scan));
            }
        }
        let fresh_scans: Vec<(usize, Arc<PageLinks>)> = fresh_scans
            .into_iter()
            .map(|(i, scan)| (i, Arc::clone(scan)))
            .collect();
        drop(listed);
        drop(pages);
        let mut last = self.last.take();
        if in_place && let Some(last) = &mut last {
            by_job = std::mem::take(&mut last.by_job);
            for (i, scan) in &fresh_scans {
                by_job[*i] = Some(Arc::clone(scan));
            }
        }
        let (mut contexts, mut scans, file_specialties, inputs_now) = match (last, now) {
            (Some(last), Hashes::Edits(content, data)) => {
                // A rebuild in place keeps every program in its file.
                let mut hashes = last.inputs;
                hashes.content.extend(content);
                hashes.data.extend(data);
                (last.contexts, last.scans, last.file_specialties, hashes)
            }
            (Some(last), Hashes::All(now)) => {
                let same = last.inputs.data == now.data;
                (
                    last.contexts,
                    last.scans,
                    if same {
                        last.file_specialties
                    } else {
                        shape::file_specialties(site)
                    },
                    now,
                )
            }
            (None, now) => (
                FxHashMap::default(),
                FxHashMap::default(),
                shape::file_specialties(site),
                match now {
                    Hashes::All(now) => now,
                    // (Never: a rebuild in place follows a good one.)
                    Hashes::Edits(..) => InputHashes::of(inputs),
                },
            ),
        };
        scans.extend(
            (fresh_scans.into_iter())
                .map(|(i, scan)| (Arc::from(plan.jobs[i].path.as_str()), scan)),
        );
        // The new site: every output with the hash of its bytes, made again for what was
        // rendered, the last one for the rest; the bytes rendered kept for the next requests.
        let old = &self.output.files;
        let mut new_or_changed = Vec::new();
        // A rebuild in place has the last plan: the same outputs, at the same jobs.
        let mut files = if in_place {
            old.clone()
        } else {
            let mut files = FxHashMap::with_capacity_and_hasher(
                plan.jobs.len() + theme.statics.len(),
                rustc_hash::FxBuildHasher,
            );
            for (i, job) in plan.jobs.iter().enumerate() {
                // (An output that was a static file is never taken for the job's: its context
                // is not on record, so the job is rendered.)
                if let Some((path, before)) = old.get_key_value(job.path.as_str())
                    && before.job.is_some()
                {
                    let at = Stamp {
                        hash: before.hash,
                        job: Some(i),
                    };
                    files.insert(Arc::clone(path), at);
                }
            }
            Stamps::new(files)
        };
        let mut put = |path: &str, made: Stamp, files: &mut Stamps| {
            let before = old.get_key_value(path);
            if before.is_none_or(|(_, before)| before.hash != made.hash) {
                new_or_changed.push(path.to_string());
            }
            files.set(path, made, || {
                before.map_or_else(|| Arc::from(path), |(key, _)| Arc::clone(key))
            });
        };
        let mut fresh_bytes = Vec::new();
        for (i, hash, bytes, _) in fresh {
            let path = plan.jobs[i].path.as_str();
            put(path, Stamp { hash, job: Some(i) }, &mut files);
            if let Some(bytes) = bytes {
                fresh_bytes.push((Arc::from(path), bytes));
            }
        }
        // Only the hashes made again can differ from those on record.
        for ((job, hash), _) in plan
            .jobs
            .iter()
            .zip(&hashes)
            .zip(&selected)
            .filter(|(_, selected)| **selected)
        {
            if let Some(hash) = hash {
                contexts.insert(Arc::from(job.path.as_str()), *hash);
            }
        }
        for (rel, bytes) in &theme.statics {
            // A job that made this file before is rendered again once the file goes.
            contexts.remove(rel.as_str());
            let made = Stamp {
                hash: xxh3_128(bytes),
                job: None,
            };
            put(rel, made, &mut files);
        }
        // What the last site kept and is still the same, then what was rendered now, the
        // most recent.
        let mut recent = Recent::new(self.options.keep_bytes);
        if let Some(kept) = &self.output.recent_files().files {
            for (path, bytes) in kept.iter().rev() {
                if old.get(path).map(|s| s.hash) == files.get(path).map(|s| s.hash) {
                    recent.put(Arc::clone(path), Arc::clone(bytes));
                }
            }
        }
        for (path, bytes) in fresh_bytes {
            recent.put(path, bytes);
        }
        // A rebuild in place produces what the last one did.
        let mut removed: Vec<String> = if in_place {
            Vec::new()
        } else {
            old.keys()
                .filter(|path| !files.contains_key(path))
                .map(ToString::to_string)
                .collect()
        };
        for path in &removed {
            contexts.remove(path.as_str());
            scans.remove(path.as_str());
        }
        new_or_changed.sort_unstable();
        removed.sort_unstable();
        report.files = WriteReport {
            written: new_or_changed.len(),
            unchanged: files.len() - new_or_changed.len(),
            removed: removed.len(),
        };
        report.pages = plan.pages;
        report.sections = plan.sections;
        report.tags = plan.tags;
        report.programs = plan.programs;
        let version =
            self.output.version + u64::from(!new_or_changed.is_empty() || !removed.is_empty());
        self.output = Arc::new(Output {
            files: files.settled(),
            version,
            renderer: Some(Arc::new(renderer(&prepared, Some(theme)))),
            recent: Mutex::new(recent),
        });
        self.unapplied.clear();
        self.last = Some(Last {
            shape,
            contexts,
            sets: theme.set_hashes.clone(),
            file_specialties,
            inputs: inputs_now,
            scans,
            outputs: outputs_hash,
            known,
            by_job,
            index,
            links: links_count,
            links_clean,
        });
        report.timings.push(("swap", watch.lap()));
        let site = Arc::clone(&prepared.site);
        // A rebuild in place has the last one's pages.
        let by_rel = by_rel.unwrap_or_else(|| {
            (site.pages.iter().enumerate())
                .map(|(i, page)| (page.rel.clone(), i))
                .collect()
        });
        self.kept = Some(Kept {
            config: inputs.config.clone(),
            prepared,
            found,
            left_out: report.left_out.clone(),
            by_rel,
            entries: entries.unwrap_or_else(|| {
                program_edits::program_entries(&site.directory, &inputs.programs)
            }),
        });
        Ok(Rebuilt {
            report,
            changed: new_or_changed,
            removed,
            output: self.output(),
            site,
        })
    }

    /// The last good site with the guides and programs that changed since updated in place,
    /// when the changes are edits of existing pages that change only what their own pages show
    /// (see `model::reparsed_page`), and edits of program entries that leave each program in
    /// its place (see `program_edits::reparsed_programs`), and nothing else changed: then the
    /// model, the plan and the shape are the last ones, and only the outputs of those pages and
    /// programs are rendered again. `None` otherwise.
    fn quick(&mut self, changes: &Changes) -> Option<Quick> {
        if !matches!(changes, Changes::Paths(_)) || self.theme_stale || !self.unreadable.is_empty()
        {
            return None;
        }
        let inputs = self.inputs.as_ref()?;
        let last = self.last.as_ref()?;
        let kept = self.kept.as_ref()?;
        if kept.config != inputs.config
            || inputs.content.len() != last.inputs.content.len()
            || inputs.programs.len() + usize::from(inputs.specialties.is_some())
                != last.inputs.data.len()
            || self.theme.as_ref()?.set_hashes != last.sets
        {
            return None;
        }
        // A file that had a problem: the whole model tells whether it still has.
        let had_problem = |source: &Path| {
            kept.found
                .iter()
                .any(|d| d.location.as_ref().is_some_and(|l| l.path == source))
        };
        // Only the files read again since the last good rebuild can differ from what it read
        // (the others were not read); of those, the ones whose hash changed are edited. A
        // removed file is never applied in place.
        let mut named_content = Vec::new();
        let mut named_data = Vec::new();
        for path in &self.unapplied {
            match InputPath::of(path.strip_prefix(&self.options.root).unwrap_or(path)) {
                InputPath::Content(name) => {
                    let at = (inputs.content)
                        .binary_search_by(|f| f.rel.as_str().cmp(&name))
                        .ok()?;
                    named_content.push(&inputs.content[at]);
                }
                InputPath::Data(name) if name == "specialties.yaml" => {
                    named_data.push(inputs.specialties.as_ref()?);
                }
                InputPath::Data(name) => {
                    let path = Path::new("data").join(name);
                    let at = (inputs.programs)
                        .binary_search_by(|f| f.path.cmp(&path))
                        .ok()?;
                    named_data.push(&inputs.programs[at]);
                }
                InputPath::Config | InputPath::Theme | InputPath::Other => {}
            }
        }
        named_content.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
        named_content.dedup_by(|a, b| a.rel == b.rel);
        named_data.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        named_data.dedup_by(|a, b| a.path == b.path);
        let site = &kept.prepared.site;
        let mut pages = Vec::new();
        // A new file (and so, with the same count, a removed one) is never applied in place.
        let content = edited(
            named_content.iter().map(|f| (f.rel.as_str(), f.hash)),
            &last.inputs.content,
        )?;
        for &(rel, _) in &content {
            let &index = kept.by_rel.get(rel)?;
            if had_problem(&site.pages[index].source) {
                return None;
            }
            let at = inputs
                .content
                .binary_search_by(|f| f.rel.as_str().cmp(rel))
                .ok()?;
            // Read by this rebuild's refresh; a text let go of is parsed with the whole model.
            if !inputs.content[at].read {
                return None;
            }
            let page = crate::model::reparsed_page(
                site,
                index,
                &inputs.content[at],
                &inputs.content,
                &|rel| kept.by_rel.get(rel).copied(),
            )?;
            pages.push((index, page));
        }
        let mut programs = Vec::new();
        let data = edited(
            named_data.iter().map(|f| (f.path.as_path(), f.hash)),
            &last.inputs.data,
        )?;
        for &(path, _) in &data {
            // The specialties file is not cut into entries: it is never updated in place.
            let before = kept.entries.get(path)?;
            if had_problem(path) {
                return None;
            }
            let at = inputs
                .programs
                .binary_search_by(|f| f.path.as_path().cmp(path))
                .ok()?;
            let file = &inputs.programs[at];
            let reparsed = program_edits::reparsed_programs(&site.directory, before, file)?;
            programs.push((path.to_path_buf(), reparsed));
        }
        let shape = last.shape;
        let mut kept = self.kept.take()?;
        let site = Arc::make_mut(&mut kept.prepared.site);
        for (index, page) in pages {
            site.pages[index] = Arc::new(page);
        }
        let mut edited = FxHashSet::default();
        let mut specialties = FxHashSet::default();
        let mut summed = false;
        let rule = site.config.img_friendly;
        if !programs.is_empty() {
            // The directory the data cache keeps is the last one: let it go, so that it is
            // not held a third time (the site being served holds it, so it is copied here).
            self.caches.forget_directory();
            let directory = Arc::make_mut(&mut site.directory);
            for (path, reparsed) in programs {
                for (i, now) in reparsed.programs() {
                    edited.insert(i);
                    let was = &directory.programs[i];
                    let specialty = &directory.specialties[was.specialty];
                    if specialty_view(specialty, was) != specialty_view(specialty, now) {
                        specialties.insert(was.specialty);
                    }
                    summed |= summed_view(rule, was) != summed_view(rule, now);
                }
                kept.entries.insert(path, reparsed.apply(directory));
            }
        }
        Some(Quick {
            known: InPlace {
                shape,
                content: (content.into_iter())
                    .map(|(rel, hash)| (rel.to_string(), hash))
                    .collect(),
                data: (data.into_iter())
                    .map(|(path, hash)| (path.to_path_buf(), hash))
                    .collect(),
                by_rel: std::mem::take(&mut kept.by_rel),
                edited: shape::InPlace {
                    programs: edited,
                    specialties,
                    summed,
                },
                entries: std::mem::take(&mut kept.entries),
            },
            prepared: kept.prepared,
            found: kept.found,
            left_out: kept.left_out,
        })
    }

    /// Re-read the inputs `changes` names; says whether theme files may have changed.
    fn refresh(&mut self, changes: &Changes) -> Result<bool, Error> {
        let root = self.options.root.clone();
        if let (Changes::Paths(paths), Some(inputs)) = (changes, &self.inputs) {
            let rel: Vec<PathBuf> = paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
                .collect();
            if !rel.iter().any(|p| needs_rescan(&root, p, inputs)) {
                return self.refresh_paths(&rel);
            }
        }
        self.inputs = None;
        self.unreadable.clear();
        let (inputs, problems) = source::read_inputs(&root)?;
        for problem in problems {
            let key = problem
                .location
                .as_ref()
                .map_or_else(PathBuf::new, |l| l.path.clone());
            self.unreadable.entry(key).or_default().push(problem);
        }
        self.inputs = Some(inputs);
        Ok(true)
    }

    /// Re-read these paths (relative to the site's folder), each a file or a removed file.
    fn refresh_paths(&mut self, paths: &[PathBuf]) -> Result<bool, Error> {
        let root = &self.options.root;
        let Some(inputs) = &mut self.inputs else {
            return Ok(true);
        };
        let mut theme_changed = false;
        let mut hard_error = None;
        for rel in paths {
            let kind = InputPath::of(rel);
            let read = match &kind {
                InputPath::Config => source::read_config(root).map(|text| {
                    inputs.config = text;
                }),
                InputPath::Content(name) => source::reread_content(root, name).map(|file| {
                    let at = inputs
                        .content
                        .binary_search_by(|f| f.rel.as_str().cmp(name));
                    match (file, at) {
                        (Some(file), Ok(i)) => inputs.content[i] = file,
                        (Some(file), Err(i)) => inputs.content.insert(i, file),
                        (None, Ok(i)) => {
                            inputs.content.remove(i);
                        }
                        (None, Err(_)) => {}
                    }
                }),
                InputPath::Data(name) => source::reread_data(root, name).map(|file| {
                    if name == "specialties.yaml" {
                        inputs.specialties = file;
                        return;
                    }
                    let path = Path::new("data").join(name);
                    let at = inputs.programs.binary_search_by(|f| f.path.cmp(&path));
                    match (file, at) {
                        (Some(file), Ok(i)) => inputs.programs[i] = file,
                        (Some(file), Err(i)) => inputs.programs.insert(i, file),
                        (None, Ok(i)) => {
                            inputs.programs.remove(i);
                        }
                        (None, Err(_)) => {}
                    }
                }),
                InputPath::Theme => {
                    theme_changed = true;
                    Ok(())
                }
                InputPath::Other => Ok(()),
            };
            match read {
                Ok(()) => {
                    self.unreadable.remove(rel);
                }
                Err(Error::Site(problems) | Error::Config(problems)) => {
                    self.unreadable.insert(rel.clone(), problems);
                }
                Err(e) => hard_error = hard_error.or(Some(e)),
            }
        }
        match hard_error {
            Some(e) => Err(e),
            None => Ok(theme_changed),
        }
    }
}

/// Whether a changed path cannot be handled alone: a folder (created, renamed or removed
/// with what it holds), or anything of a site whose inputs are not known.
fn needs_rescan(root: &Path, rel: &Path, inputs: &Inputs) -> bool {
    let full = root.join(rel);
    if full.is_dir() {
        return source::is_input_folder(rel);
    }
    if full.exists() {
        return false;
    }
    // A removed path: a folder if some known input lies below it.
    let below = |site_path: &Path| site_path != rel && site_path.starts_with(rel);
    inputs.content.iter().any(|f| below(&f.site_path))
        || inputs.programs.iter().any(|f| below(&f.path))
}

/// Read the theme with the site's overrides, hash its template sets and read its static files.
fn load_theme(root: &Path, dir: ThemeSource) -> Result<Theme, Error> {
    let (files, problems) = source::read_theme(root, &dir);
    let set_hashes = render::set_hashes(&files.templates);
    let statics = files
        .statics
        .par_iter()
        .map(|s| Ok((s.rel.clone(), Arc::from(s.read()?))))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Theme {
        dir,
        files,
        set_hashes,
        statics,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize) -> Arc<[u8]> {
        vec![b'x'; n].into()
    }

    fn stamp(hash: u128) -> Stamp {
        Stamp { hash, job: Some(0) }
    }

    #[test]
    fn stamps_changed_after_a_site_are_its_own_and_many_go_into_a_map_of_their_own() {
        let paths: Vec<Arc<str>> = (0..Stamps::CHANGED + 2)
            .map(|i| Arc::from(format!("p{i}/index.html")))
            .collect();
        let mut first = Stamps::new(paths.iter().map(|p| (Arc::clone(p), stamp(1))).collect());
        // Alone, the map is written in place; a new path is added to it.
        first.set("p0/index.html", stamp(2), || unreachable!());
        first.set("new.html", stamp(3), || Arc::from("new.html"));
        assert!(first.changed.is_empty());
        assert_eq!(first.get("p0/index.html"), Some(&stamp(2)));
        assert_eq!(first.len(), paths.len() + 1);

        // Shared with the site before it, the next one keeps its changes beside the map.
        let mut next = first.clone();
        next.set("p1/index.html", stamp(4), || unreachable!());
        assert_eq!(next.get("p1/index.html"), Some(&stamp(4)));
        assert_eq!(first.get("p1/index.html"), Some(&stamp(1)));
        // Set back to the shared map's stamp, or to it again: nothing kept beside it.
        next.set("p2/index.html", stamp(6), || unreachable!());
        next.set("p2/index.html", stamp(1), || unreachable!());
        next.set("p3/index.html", stamp(1), || unreachable!());
        assert_eq!(next.get("p2/index.html"), Some(&stamp(1)));
        let next = next.settled();
        assert_eq!(next.changed.len(), 1);
        assert!(Arc::ptr_eq(&next.shared, &first.shared));

        // Past `CHANGED`, they go into a map of its own, with the same stamps.
        let mut many = next.clone();
        for path in &paths {
            many.set(path, stamp(5), || unreachable!());
        }
        let many = many.settled();
        assert!(many.changed.is_empty() && !Arc::ptr_eq(&many.shared, &first.shared));
        assert_eq!(many.len(), first.len());
        assert!(paths.iter().all(|p| many.get(p) == Some(&stamp(5))));
        assert_eq!(many.get("new.html"), Some(&stamp(3)));
        assert_eq!(first.get("p0/index.html"), Some(&stamp(2)));
    }

    #[test]
    fn recent_files_keep_the_last_used_within_their_limit() {
        let mut recent = Recent::new(10);
        recent.put("a".into(), bytes(4));
        recent.put("b".into(), bytes(4));
        // Using `a` makes `b` the least recently used: it goes first.
        assert!(recent.get("a").is_some());
        recent.put("c".into(), bytes(4));
        assert!(recent.get("b").is_none());
        assert!(recent.get("a").is_some() && recent.get("c").is_some());
        assert_eq!(recent.bytes, 8);
        // The same path again replaces its bytes, counted once.
        recent.put("c".into(), bytes(6));
        assert_eq!(recent.bytes, 10);
        // Larger than the limit: not kept, nothing else lost; what was kept for the same path
        // goes (it is no longer the file's).
        recent.put("huge".into(), bytes(11));
        assert!(recent.get("huge").is_none());
        assert_eq!(recent.bytes, 10);
        recent.put("c".into(), bytes(11));
        assert!(recent.get("c").is_none());
        assert_eq!(recent.bytes, 4);
        recent.put("c".into(), bytes(6));
        recent.put("d".into(), bytes(10));
        assert_eq!(recent.bytes, 10);
        assert!(recent.get("a").is_none() && recent.get("c").is_none());
        assert_eq!(recent.get("d").map(|b| b.len()), Some(10));
    }
}
