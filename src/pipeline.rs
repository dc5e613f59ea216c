//! Pipeline: runs the phases in order (source, model, plan, render, links, output) and decides.
//! Every phase returns its value and its diagnostics, a partial value when parts failed; this
//! module is the one place that looks at them: `build` writes nothing if any error remains (a
//! failed build leaves the previous output exactly as it was), and `check` goes on through
//! rendering in memory and reports everything, writing nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Location, has_errors, report};
use crate::error::Error;
use crate::links::{self, Attribution, Base, Known, PageLinks};
use crate::model::programs::{self as data};
use crate::model::{LeftOut, LeftOutKind, Site};
use crate::output::{self, Put, WriteReport};
use crate::plan::{Content, Job, Origin, Planner, Traced};
use crate::render::{self, Templates};
use crate::source::{self, SPECIALTIES_FILE, ThemeFiles, ThemeSource};
use crate::stored::Stored;
use crate::{cache, config, model, plan, search, shape};

/// What `build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Where to write; `root/public` when not given.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Write into a non-empty folder matchpress did not create.
    pub force: bool,
    /// Fail when there are warnings, as when there are errors.
    pub deny_warnings: bool,
    /// Whether to use and keep the build cache.
    pub cache: CacheUse,
}

/// Whether a build uses the build cache (see `cache`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CacheUse {
    /// Use it when it matches, and keep a record for the next build.
    #[default]
    Use,
    /// Neither use it nor keep a record: build everything.
    Off,
}

/// What `check` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Check links to other sites too (as `site.yaml`'s `link_check:` says).
    pub external: bool,
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Pages (guides and plain pages).
    pub pages: usize,
    /// Section list pages.
    pub sections: usize,
    /// Tags.
    pub tags: usize,
    /// Program pages.
    pub programs: usize,
    /// Outputs whose context was built and hashed to compare with the last build (`serve`,
    /// and a build with the build cache).
    pub hashed: usize,
    /// Content and program files taken from what an earlier process stored in the cache
    /// instead of being parsed again.
    pub from_cache: usize,
    /// Content files left unread because the last build knew their text for the state they
    /// are in (see `source::Known`).
    pub unread: usize,
    /// Outputs kept as the last build made them, without rendering (see `Renders`).
    pub kept: usize,
    /// Files of the output trusted to be as the last build left them, found so together
    /// before rendering rather than looked at one by one (see `output::Writer::trust`).
    pub trusted: usize,
    /// Outputs built from the site (every one in `build`; in a rebuild, only those whose context
    /// or template set changed), templates rendered and finished files such as the feed.
    pub rendered: usize,
    /// Links into the site that were checked.
    pub links: usize,
    /// Files written, unchanged and removed.
    pub files: WriteReport,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Diagnostics not reported because `site.yaml` ignores their code.
    pub ignored: usize,
    /// Inputs left out of the site because they cannot stand, in path order.
    pub left_out: Vec<LeftOut>,
    /// Wall time per phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Time summed over threads inside the parallel render pass: rendering, and comparing
    /// and staging files.
    pub cpu: Vec<(&'static str, Duration)>,
    /// Where the site was written.
    pub output: PathBuf,
    /// What became of the search index.
    pub index: IndexReport,
    /// Whether nothing had changed since the last build, which the cache knew without
    /// building: the report is that build's, and nothing was written.
    pub unchanged: bool,
}

/// What a build did with the search index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IndexReport {
    /// There is none: search is off, indexes nothing, or the build failed.
    #[default]
    None,
    /// The previous build's index was kept: nothing indexed had changed.
    Kept,
    /// The index was made, of this many documents.
    Made(usize),
    /// The last build's index was updated for this many documents that changed.
    Updated(usize),
}

impl BuildReport {
    /// Total time of all phases.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem, sorted: errors first, then by place.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered and checked.
    pub pages: usize,
    /// Links into the site checked.
    pub links: usize,
    /// Distinct links to other sites checked (with `--external`).
    pub external: usize,
    /// External links answered from the cache.
    pub external_cached: usize,
    /// External links not checked (`link_check.skip`, reserved example domains).
    pub external_skipped: usize,
    /// Diagnostics not reported because `site.yaml` ignores their code.
    pub ignored: usize,
    /// Inputs left out of the site because they cannot stand, in path order.
    pub left_out: Vec<LeftOut>,
    /// Wall time per phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl CheckReport {
    /// Total time of all phases.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// The error a build fails with for `diagnostics`: a configuration error when `site.yaml` has
/// one (exit code 2), else a problem of the site (exit code 1).
pub fn failure(diagnostics: Vec<Diagnostic>) -> Error {
    let config = diagnostics
        .iter()
        .any(|d| d.is_error() && d.code.as_str().starts_with("config/"));
    if config {
        Error::Config(diagnostics)
    } else {
        Error::Site(diagnostics)
    }
}

/// Build the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_once(options, Attempt::First)
}

/// Which attempt at a build this is: a build that finds a page's HTML in the cache damaged
/// starts again without the cache's parsed files, and again without the cache at all if it
/// finds damage a second time (their file could not be removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    First,
    Again,
}

fn build_once(options: &BuildOptions, attempt: Attempt) -> Result<BuildReport, Error> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let mut report = BuildReport {
        output: output.clone(),
        ..BuildReport::default()
    };
    let mut watch = Stopwatch::start();
    let absolute = std::path::absolute(&output).unwrap_or_else(|_| output.clone());
    let stamp = if options.cache == CacheUse::Off {
        None
    } else {
        let output = &absolute;
        let flags = [u8::from(options.drafts), u8::from(options.deny_warnings)];
        // Review warnings depend on the date (`review/stale`): another day, another report.
        let today = config::build_date().iso();
        let base_url = options
            .base_url
            .as_deref()
            .map_or(&b"\0"[..], str::as_bytes);
        cache::Stamp::of(
            root,
            &[
                output.as_os_str().as_encoded_bytes(),
                &flags,
                base_url,
                today.as_bytes(),
            ],
        )
    };
    if let Some(stamp) = stamp
        && let Some(replay) = cache::load::<Replay>(root, REPLAY, stamp)
        && output::intact(&output) == Some(replay.output)
    {
        output::check_target(root, &output, options.force)?;
        let mut report = replay.report(output);
        report.timings.push(("unchanged", watch.lap()));
        return Ok(report);
    }
    // The cache's files are read on threads of their own while the inputs are read and the
    // site is modelled: reading them is mostly the system filling fresh memory, which the
    // phases before their use leave a core free for.
    let prefetch = (options.cache != CacheUse::Off).then(|| Prefetch::start(root));
    let known = if options.cache == CacheUse::Off {
        source::Known::default()
    } else {
        load_known(root)
    };
    let loaded = load_knowing(root, options.base_url.as_deref(), &known)?;
    output::check_target(root, &output, options.force)?;
    report.timings.push(("load", watch.lap()));
    report.unread = loaded.inputs.content.iter().filter(|f| !f.read).count();

    let Loaded {
        mut inputs,
        config,
        theme,
        mut diagnostics,
    } = loaded;
    let (mut caches, later) = match prefetch {
        Some(prefetch) => (prefetch.caches.wait(), Some(prefetch.later)),
        None => (Caches::default(), None),
    };
    let (prepared, mut found) = prepare(
        &inputs,
        config,
        theme.as_ref(),
        options.drafts,
        &mut caches,
        &mut report,
        &mut watch,
    );
    report.from_cache = caches.taken();
    // The file the pages' HTML is read from when asked for (see `stored::Text`).
    let bodies = caches.bodies();
    if options.cache != CacheUse::Off {
        caches.store(root);
        store_known(root, &known, &inputs.content);
        report.timings.push(("cache", watch.lap()));
    }
    // One build in this process: what the caches keep for a next one (copies of the parsed
    // files and programs) is only memory taken from rendering, and so are the texts of the
    // content files, needed again only to place a broken link (see `check_links`). (The bytes
    // read from `parsed.bin` stay while a page's HTML is kept in them: see `stored::Text`.)
    drop_later(caches);
    for file in &mut inputs.content {
        file.text = String::new();
        file.read = false;
    }
    diagnostics.append(&mut found);
    report.left_out.extend(left_out_files(&diagnostics));
    report.left_out.sort();
    let policy = &prepared.site.config.diagnostics;
    report.ignored += policy.apply(&mut diagnostics);

    // Pages are written as they are rendered, unless the build has already failed: then they
    // are rendered in memory only, to find every problem of the templates and links too.
    let statics = theme.as_ref().map_or(&[][..], |t| &t.statics[..]);
    let writer = if has_errors(&diagnostics) {
        None
    } else {
        let planned = (prepared.plan.jobs.iter().map(|j| j.path.as_str()))
            .chain(statics.iter().map(|s| s.rel.as_str()));
        let mut writer = output::Writer::open(&output, planned)?;
        if options.cache != CacheUse::Off
            && let Some(last) = cache::load_bytes(root, OUTPUT)
                .and_then(|bytes| output::Left::decode(&bytes, &absolute))
        {
            report.trusted = writer.trust(&last);
        }
        Some(writer)
    };
    // What the last build rendered, to skip what would be rendered the same.
    let (rendered, search) = later.map(Fetch::wait).unwrap_or_default();
    let renders = (options.cache != CacheUse::Off).then(|| {
        let mut renders = Renders::new(rendered, theme.as_ref(), &prepared.site.config.base_url);
        renders.look(&prepared, &inputs, options.drafts);
        renders
    });
    report.timings.push(("compare", watch.lap()));
    let mut pass = render_pass(&prepared, statics, writer.as_ref(), false, renders.as_ref());
    report.timings.push(("render", watch.lap()));
    // Joined when dropped: before the build returns, whichever way.
    let mut storing = Background::default();
    if let Some(writer) = &writer
        && pass.io_error.is_none()
    {
        let root = (options.cache != CacheUse::Off).then_some(root.as_path());
        match write_index(&prepared.site, writer, root, search) {
            Ok(mut indexed) => {
                pass.files.append(&mut indexed.files);
                report.index = indexed.report;
                storing = indexed.storing;
            }
            Err(e) => pass.io_error = Some(e),
        }
        report.timings.push(("index", watch.lap()));
    }
    report.cpu = vec![
        ("render", Duration::from_nanos(pass.render_ns)),
        ("stage", Duration::from_nanos(pass.stage_ns)),
    ];
    let RenderPass {
        files,
        failures,
        scans,
        made,
        kept,
        looked,
        io_error,
        ..
    } = pass;
    if let Some(e) = io_error {
        if let Some(writer) = &writer {
            writer.abandon(&files);
        }
        return Err(e);
    }
    if bodies.as_ref().is_some_and(|file| file.damaged()) {
        // A page's HTML was not in the cache as it was stored (the file was changed or
        // damaged since it was read): nothing made from it is kept, and the site is built
        // again without what the cache holds.
        if let Some(writer) = &writer {
            writer.abandon(&files);
        }
        storing.join();
        Caches::forget_bodies(root);
        drop_later((prepared, inputs, theme, known, scans, files, made, renders));
        return match attempt {
            Attempt::First => build_once(options, Attempt::Again),
            Attempt::Again => {
                let without = BuildOptions {
                    cache: CacheUse::Off,
                    ..options.clone()
                };
                build_once(&without, Attempt::Again)
            }
        };
    }
    diagnostics.append(&mut render::group_failures(failures));
    let (mut found, checked) = check_links(
        &prepared,
        &inputs,
        Texts::Dropped,
        theme.as_ref(),
        statics,
        &scans,
    );
    diagnostics.append(&mut found);
    report.links = checked;
    report.timings.push(("links", watch.lap()));

    report.ignored += policy.apply(&mut diagnostics);
    report::sort(&mut diagnostics);
    let fails = has_errors(&diagnostics) || (options.deny_warnings && !diagnostics.is_empty());
    let Some(writer) = writer else {
        return Err(failure(diagnostics));
    };
    if fails {
        writer.abandon(&files);
        return Err(failure(diagnostics));
    }
    report.rendered = prepared.plan.jobs.len() - kept;
    report.kept = kept;
    report.hashed = looked;
    report.warnings = diagnostics;
    let (written, left) = writer.finish(&files)?;
    report.files = written;
    if let Some(renders) = &renders {
        renders.store(root, &prepared.plan, &made, &scans);
    }
    if let Some(stamp) = stamp {
        match &left {
            Some(left) => cache::store(root, REPLAY, stamp, &Replay::of(&report, left.intact())),
            None => cache::forget(root, REPLAY),
        }
    }
    if options.cache != CacheUse::Off {
        match &left {
            Some(left) => cache::store_with(root, OUTPUT, &mut |out| {
                out.write_all(&left.encode(&absolute))
            }),
            None => cache::forget_bytes(root, OUTPUT),
        }
    }
    storing.join();
    report.timings.push(("write", watch.lap()));
    drop_later((prepared, inputs, theme, known, scans, files, made, renders));
    Ok(report)
}

/// Let `value` go on a thread of its own: freeing a site's worth of small allocations (the
/// model, the plan, what the cache gave) takes a tenth of a second at 10,000 guides, which
/// nothing after a build waits for; a process that exits next does not wait for it at all.
/// Dropped here when no thread can be started.
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// Work done on a thread of its own beside the build, which waits for it (`join`, or when
/// dropped, on any way out of the build): what the next build reads is whole once this one
/// returns. For work whose loss costs only time (storing the cache): without a thread it is
/// not done.
#[derive(Default)]
struct Background(Option<std::thread::JoinHandle<()>>);

impl Background {
    /// `work` started on a thread of its own.
    fn spawn(work: impl FnOnce() + Send + 'static) -> Self {
        Self(
            std::thread::Builder::new()
                .name("background".into())
                .spawn(work)
                .ok(),
        )
    }

    /// Wait for the work to end.
    fn join(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.join();
    }
}

/// The cache's files a build in a new process reads, read on threads of their own from its
/// start.
struct Prefetch {
    /// The parsed content and program files (see `Caches::stored`).
    caches: Fetch<Caches>,
    /// What the last build rendered, then the search index's data, decoded.
    later: Fetch<(Stored, Option<search::Index>)>,
}

impl Prefetch {
    fn start(root: &Path) -> Self {
        let at = root.to_path_buf();
        let caches = Fetch::start(move || Caches::stored(&at).for_one_build());
        let at = root.to_path_buf();
        let later = Fetch::start(move || {
            (
                Stored::decode(cache::load_bytes(&at, RENDERED).unwrap_or_default()),
                cache::load_bytes(&at, SEARCH).and_then(|bytes| search::Index::decode(&bytes)),
            )
        });
        Self { caches, later }
    }
}

/// A value made on a thread of its own; the default value when no thread could be started or
/// it failed (for the cache: nothing taken from it, a full build).
struct Fetch<T>(Option<std::thread::JoinHandle<T>>);

impl<T: Default + Send + 'static> Fetch<T> {
    fn start(make: impl FnOnce() -> T + Send + 'static) -> Self {
        Self(std::thread::Builder::new().spawn(make).ok())
    }

    /// The value, once made.
    fn wait(self) -> T {
        self.0
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default()
    }
}

/// The name of the build's record in the cache.
const REPLAY: &str = "build";
/// The cache's record of the output folder as the last build left it (`output::Left`).
const OUTPUT: &str = "output";

/// The name of the record of rendered outputs in the cache.
const RENDERED: &str = "rendered";

/// What the last build rendered (stored in the cache under `RENDERED`), by output path: the
/// hash and size of the bytes and the page's links, under a key made of everything the bytes
/// come from (the output's context and template, every template file, the base URL the links
/// are read against). Templates are pure: the same key gives the same bytes. Every template
/// file is in every key, not only those a template draws on (`serve` tells those apart, in
/// one process): an edited template renders every page again in a new process, as a build
/// always did, and a reference no scan of the templates finds can never keep a stale page.
struct Renders {
    stored: Stored,
    /// What every key holds besides the output's own: the templates and the base URL.
    salt: u64,
    /// What this build is made from (`look`).
    now: Option<Shaped>,
    /// By job: whether nothing the output is made from changed since the last build (`look`);
    /// empty when that is not known.
    unchanged: Vec<bool>,
}

/// What was made of one output.
#[derive(serde::Serialize, serde::Deserialize)]
struct Made {
    hash: u64,
    size: u64,
    scan: Option<PageLinks>,
}

/// `Made`, written from what the build holds.
#[derive(serde::Serialize)]
struct MadeRef<'a> {
    hash: u64,
    size: u64,
    scan: &'a Option<PageLinks>,
}

/// One result in the record of rendered outputs: what was made of an output (under its path),
/// or what the build was made from (under `SHAPED`).
#[derive(serde::Deserialize)]
enum Record {
    Made(Made),
    Shaped(Shaped),
}

/// `Record`, written from what the build holds (the same encoding).
#[derive(serde::Serialize)]
enum RecordRef<'a> {
    Made(MadeRef<'a>),
    Shaped(&'a Shaped),
}

/// `list`, sorted.
fn sorted<T: Ord>(mut list: Vec<T>) -> Vec<T> {
    list.sort_unstable();
    list
}

/// The name of `Shaped` in the record of rendered outputs: no output's path.
const SHAPED: &str = "";

/// What a build was made from, as far as telling which outputs a later build must look at
/// again (`shape::select`): stored with the outputs it made, in one file, so that the two
/// always go together. Its lists are sorted, so that the same inputs are stored the same.
#[derive(serde::Serialize, serde::Deserialize)]
struct Shaped {
    /// The templates and the base URL (`Renders::salt`).
    salt: u64,
    /// A hash of every output's path, in the plan's order.
    outputs: u64,
    /// The site's shape (`shape::key`).
    shape: u64,
    /// Each content file's hash, by its path under `content/`.
    content: Vec<(String, u64)>,
    /// Each data file's hash, by its path.
    data: Vec<(PathBuf, u64)>,
    /// The specialties of each data file's programs.
    file_specialties: Vec<(PathBuf, Vec<usize>)>,
}

impl Shaped {
    fn of(
        salt: u64,
        prepared: &Prepared,
        inputs: &source::Inputs,
        now: &shape::InputHashes,
        drafts: bool,
    ) -> Self {
        let mut outputs = xxhash_rust::xxh3::Xxh3::new();
        for job in &prepared.plan.jobs {
            outputs.update(job.path.as_bytes());
            outputs.update(&[0]);
        }
        Self {
            salt,
            outputs: outputs.digest(),
            shape: shape::key(&prepared.site, inputs, now, drafts),
            content: sorted(now.content.iter().map(|(k, v)| (k.clone(), *v)).collect()),
            data: sorted(now.data.iter().map(|(k, v)| (k.clone(), *v)).collect()),
            file_specialties: sorted(
                shape::file_specialties(&prepared.site)
                    .into_iter()
                    .map(|(path, set)| (path, set.into_iter().collect()))
                    .collect(),
            ),
        }
    }

    /// The outputs of `prepared` that may differ from what the build of `self` made of
    /// them, when `now` has its templates, outputs and shape; `None` when any may.
    fn select(
        &self,
        now: &Self,
        prepared: &Prepared,
        hashes: &shape::InputHashes,
    ) -> Option<Vec<bool>> {
        if (self.salt, self.outputs, self.shape) != (now.salt, now.outputs, now.shape) {
            return None;
        }
        let inputs = shape::InputHashes {
            content: self.content.iter().cloned().collect(),
            data: self.data.iter().cloned().collect(),
        };
        let file_specialties = self
            .file_specialties
            .iter()
            .map(|(path, set)| (path.clone(), set.iter().copied().collect()))
            .collect();
        Some(shape::select(
            &prepared.site,
            &prepared.plan.jobs,
            &shape::Last {
                file_specialties: &file_specialties,
                // The same outputs (above).
                had: &|_| true,
            },
            &shape::Changed::between(&inputs, hashes),
            None,
        ))
    }
}

impl Renders {
    fn new(stored: Stored, theme: Option<&ThemeFiles>, base_url: &str) -> Self {
        let mut salt = xxhash_rust::xxh3::Xxh3::new();
        salt.update(base_url.as_bytes());
        salt.update(&[0]);
        let mut templates: Vec<&source::TemplateFile> = theme
            .map(|t| t.templates.iter().collect())
            .unwrap_or_default();
        templates.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        for file in templates {
            for part in [file.name.as_bytes(), file.text.as_bytes()] {
                salt.update(&(part.len() as u64).to_le_bytes());
                salt.update(part);
            }
        }
        Self {
            stored,
            salt: salt.digest(),
            now: None,
            unchanged: Vec::new(),
        }
    }

    /// Note what this build is made from, and from what the last build was made from, which of
    /// its outputs nothing changed for: those are kept without building their context when
    /// their file is as the last build wrote it.
    fn look(&mut self, prepared: &Prepared, inputs: &source::Inputs, drafts: bool) {
        let hashes = shape::InputHashes::of(inputs);
        let now = Shaped::of(self.salt, prepared, inputs, &hashes, drafts);
        self.unchanged = self
            .shaped()
            .and_then(|last| last.select(&now, prepared, &hashes))
            .map(|selected| selected.into_iter().map(|s| !s).collect())
            .unwrap_or_default();
        self.now = Some(now);
    }

    /// Whether nothing the output of job `i` is made from changed since the last build.
    fn unchanged(&self, i: usize) -> bool {
        self.unchanged.get(i).copied().unwrap_or(false)
    }

    /// The key of an output whose content is `content`.
    fn key(&self, content: &Content) -> u64 {
        let (own, template) = match content {
            Content::Bytes(bytes) => (xxhash_rust::xxh3::xxh3_64(bytes), 0),
            Content::Template { template, context } => (
                context.fingerprint(),
                xxhash_rust::xxh3::xxh3_64(template.as_bytes()),
            ),
        };
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for word in [self.salt, own, template] {
            h.update(&word.to_le_bytes());
        }
        h.digest()
    }

    /// What the last build made of the output at `path` when its key was `key`.
    fn made(&self, path: &str, key: u64) -> Option<Made> {
        match self.stored.get::<Record>(path, key)? {
            Record::Made(made) => Some(made),
            Record::Shaped(_) => None,
        }
    }

    /// What the last build was made from, if it is on record.
    fn shaped(&self) -> Option<Shaped> {
        match self
            .stored
            .get::<Record>(SHAPED, self.stored.key(SHAPED)?)?
        {
            Record::Shaped(shaped) => Some(shaped),
            Record::Made(_) => None,
        }
    }

    /// Store what the build made (`made`: job index, key, hash and size; `scans` by job) and
    /// what it was made from.
    fn store(
        &self,
        root: &Path,
        plan: &plan::Plan,
        made: &[(usize, u64, u64, u64)],
        scans: &[Option<PageLinks>],
    ) {
        let Some(shaped) = &self.now else {
            return;
        };
        let mut values: Vec<RecordRef> = made
            .iter()
            .map(|&(i, _, hash, size)| {
                RecordRef::Made(MadeRef {
                    hash,
                    size,
                    scan: &scans[i],
                })
            })
            .collect();
        values.push(RecordRef::Shaped(shaped));
        // Its key is its hash: the same inputs are found stored already.
        let shaped_key = postcard::to_allocvec(&RecordRef::Shaped(shaped))
            .map_or(0, |bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
        let results: Vec<(&str, u64, &RecordRef)> = made
            .iter()
            .map(|&(i, key, _, _)| (plan.jobs[i].path.as_str(), key))
            .chain([(SHAPED, shaped_key)])
            .zip(&values)
            .map(|((path, key), value)| (path, key, value))
            .collect();
        store_results(root, RENDERED, &self.stored, &results);
    }
}

/// What a finished build tells the next one, so that when nothing changed it can say the
/// same without building: the report, and the output folder as that build left it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Replay {
    output: output::Intact,
    pages: usize,
    sections: usize,
    tags: usize,
    programs: usize,
    links: usize,
    warnings: Vec<Diagnostic>,
    ignored: usize,
    left_out: Vec<LeftOut>,
    index: IndexReport,
}

impl Replay {
    fn of(report: &BuildReport, output: output::Intact) -> Self {
        Self {
            output,
            pages: report.pages,
            sections: report.sections,
            tags: report.tags,
            programs: report.programs,
            links: report.links,
            warnings: report.warnings.clone(),
            ignored: report.ignored,
            left_out: report.left_out.clone(),
            index: report.index,
        }
    }

    /// The report of a build that found nothing changed: the last build's, every file of
    /// which is unchanged.
    fn report(self, output: PathBuf) -> BuildReport {
        BuildReport {
            pages: self.pages,
            sections: self.sections,
            tags: self.tags,
            programs: self.programs,
            links: self.links,
            files: WriteReport {
                written: 0,
                unchanged: self.output.files,
                removed: 0,
            },
            warnings: self.warnings,
            ignored: self.ignored,
            left_out: self.left_out,
            output,
            index: match self.index {
                IndexReport::None => IndexReport::None,
                IndexReport::Kept | IndexReport::Made(_) | IndexReport::Updated(_) => {
                    IndexReport::Kept
                }
            },
            unchanged: true,
            ..BuildReport::default()
        }
    }
}

/// Check the site at `options.root`: every phase, rendering in memory, every link, and links
/// to other sites when asked; nothing is written (but the external links' cache).
pub fn check(options: &CheckOptions) -> Result<CheckReport, Error> {
    let root = &options.root;
    let mut watch = Stopwatch::start();
    let mut build_report = BuildReport::default();
    let Loaded {
        inputs,
        config,
        theme,
        mut diagnostics,
    } = load(root, options.base_url.as_deref())?;
    let mut report = CheckReport::default();
    report.timings.push(("load", watch.lap()));
    // The parsed files a build stored are used, but not stored again: `check` writes nothing.
    let mut caches = Caches::stored(root);
    let (prepared, mut found) = prepare(
        &inputs,
        config,
        theme.as_ref(),
        options.drafts,
        &mut caches,
        &mut build_report,
        &mut watch,
    );
    diagnostics.append(&mut found);
    report.timings.append(&mut build_report.timings);
    report.left_out = build_report.left_out;
    report.left_out.extend(left_out_files(&diagnostics));
    report.left_out.sort();
    let statics = theme.as_ref().map_or(&[][..], |t| &t.statics[..]);
    let pass = render_pass(&prepared, statics, None, options.external, None);
    report.timings.push(("render", watch.lap()));
    diagnostics.append(&mut render::group_failures(pass.failures));
    report.pages = pass.scans.iter().filter(|s| s.is_some()).count();
    let (mut found, checked) = check_links(
        &prepared,
        &inputs,
        Texts::Kept,
        theme.as_ref(),
        statics,
        &pass.scans,
    );
    diagnostics.append(&mut found);
    report.links = checked;
    report.timings.push(("links", watch.lap()));
    if options.external {
        let settings = links::external::Settings::from_config(&prepared.site.config.link_check);
        let outcome = check_external(&prepared, &inputs, theme.as_ref(), &pass.scans, &settings);
        report.external = outcome.checked;
        report.external_cached = outcome.cached;
        report.external_skipped = outcome.skipped;
        diagnostics.extend(outcome.diagnostics);
        report.timings.push(("external", watch.lap()));
    }
    report.ignored = prepared.site.config.diagnostics.apply(&mut diagnostics);
    report::sort(&mut diagnostics);
    report.diagnostics = diagnostics;
    Ok(report)
}

/// The inputs of a site, read and configured: what every command starts from.
pub struct Loaded {
    /// Everything read from `content/` and `data/`, and `site.yaml`'s text.
    pub inputs: source::Inputs,
    /// The configuration (defaults where `site.yaml` failed).
    pub config: config::Config,
    /// The theme, if it could be found.
    pub theme: Option<ThemeFiles>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read the site at `root`: its inputs, its configuration and its theme. Fails only when there
/// is no `site.yaml` or the disk fails; every other problem is a diagnostic.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Loaded, Error> {
    load_knowing(root, base_url, &source::Known::default())
}

/// `load`, leaving unread the content files whose text `known` vouches for.
fn load_knowing(
    root: &Path,
    base_url: Option<&str>,
    known: &source::Known,
) -> Result<Loaded, Error> {
    let (inputs, mut diagnostics) = source::read_inputs_knowing(root, known)?;
    let (config, mut found) = config::parse(&inputs.config, base_url);
    diagnostics.append(&mut found);
    let theme = match theme_source(root, &config) {
        Ok(dir) => {
            let (theme, mut found) = source::read_theme(root, &dir);
            diagnostics.append(&mut found);
            Some(theme)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    Ok(Loaded {
        inputs,
        config,
        theme,
        diagnostics,
    })
}

/// Where the theme `config` names comes from: the site's `themes/NAME/`, else for `default`
/// the theme built into matchpress; a diagnostic when it is neither and the site has no
/// `templates/` of its own.
pub fn theme_source(root: &Path, config: &config::Config) -> Result<ThemeSource, Diagnostic> {
    let theme_dir = root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        return Ok(ThemeSource::Folder(theme_dir));
    }
    if config.theme == config::DEFAULT_THEME {
        return Ok(ThemeSource::BuiltIn);
    }
    if root.join("templates").is_dir() {
        return Ok(ThemeSource::Folder(theme_dir));
    }
    let themes: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let hint = if themes.is_empty() {
        format!(
            "there is no themes/ folder: put a theme in themes/{}/ (templates/ and static/ inside), or remove `theme:` to use the built-in default theme",
            config.theme
        )
    } else {
        let mut themes = themes;
        themes.sort();
        match crate::diagnostic::did_you_mean(&config.theme, themes.iter().map(String::as_str)) {
            Some(t) => format!("did you mean `theme: {t}`?"),
            None => format!(
                "set `theme:` in site.yaml to a folder of themes/ ({}), or to `default` for the built-in theme",
                themes.join(", ")
            ),
        }
    };
    Err(Diagnostic::new(
        Code::ConfigMissingTheme,
        config
            .theme_location
            .clone()
            .unwrap_or_else(|| Location::file(source::CONFIG_FILE)),
        format!("the theme `{}` is not in themes/", config.theme),
    )
    .with_hint(hint))
}

/// What parsing keeps between builds of one process (`serve`): parsed content files and
/// loaded program files, by content hash.
#[derive(Debug, Default)]
pub struct Caches {
    parse: model::ParseCache,
    data: data::DataCache,
}

impl Caches {
    /// Caches that start from the parsed content and program files an earlier process stored
    /// in the site at `root` (`store`); empty when there are none that this matchpress can
    /// use.
    pub fn stored(root: &Path) -> Self {
        Self {
            parse: cache::open_bytes(root, PARSED)
                .map(|(file, len)| model::ParseCache::read(file, len))
                .unwrap_or_default()
                .with_related(cache::load_bytes(root, RELATED).unwrap_or_default()),
            data: cache::load_bytes(root, DATA)
                .map(data::DataCache::decode)
                .unwrap_or_default(),
        }
    }

    /// These caches, for one build only (see `ParseCache::for_one_build`).
    fn for_one_build(mut self) -> Self {
        self.parse = self.parse.for_one_build();
        self
    }

    /// Store the parsed content and program files in the site at `root` for a later process,
    /// unless they are what was stored already; then let go of what was stored (the files in
    /// use stay).
    pub fn store(&mut self, root: &Path) {
        if self.parse.carried().changed {
            let results = self.parse.results();
            let results: Vec<(&str, u64, &model::ToStore<'_>)> = results
                .iter()
                .map(|(name, key, r)| (*name, *key, r))
                .collect();
            store_results(root, PARSED, &self.parse.carried().stored, &results);
        }
        if self.data.carried().changed {
            store_results(
                root,
                DATA,
                &self.data.carried().stored,
                &self.data.results(),
            );
        }
        if let Some(bytes) = self.parse.related_to_store() {
            cache::store_with(root, RELATED, &mut |out| out.write_all(&bytes));
        }
        self.parse.forget_stored();
        self.data.forget_stored();
    }

    /// The file the stored parse results were read from, which their pages' HTML is read
    /// from when asked for (see `stored::Text`).
    pub fn bodies(&self) -> Option<Arc<crate::stored::Source>> {
        self.parse.source()
    }

    /// Forget what is stored in the site at `root` of the pages' HTML and of what was made
    /// from it (the parsed files, the search index's data, the record of rendered outputs):
    /// for when a page's HTML read from there was not as stored.
    pub fn forget_bodies(root: &Path) {
        for name in [PARSED, SEARCH, RENDERED] {
            cache::forget_bytes(root, name);
        }
        cache::forget(root, REPLAY);
    }

    /// How many files the last build took from what was stored.
    pub fn taken(&self) -> usize {
        self.parse.carried().taken + self.data.carried().taken
    }

    /// Let go of the last directory loaded (before it is changed in place).
    pub fn forget_directory(&mut self) {
        self.data.forget_directory();
    }
}

/// The names of the parsed content files, of the program files, of the related guides and
/// of what is known of the content files in the cache.
const PARSED: &str = "parsed";
const DATA: &str = "data";
const RELATED: &str = "related";
const KNOWN: &str = "known";

/// What the last build in the site at `root` knew of its content files (see `source::Known`);
/// nothing when there is no such record that this matchpress can use.
fn load_known(root: &Path) -> source::Known {
    cache::load_bytes(root, KNOWN)
        .map(Stored::decode)
        .and_then(|stored| stored.get::<Vec<(String, u64, u64)>>(KNOWN, 0))
        .map(source::Known::from_entries)
        .unwrap_or_default()
}

/// Store what `files` say of the content files for a later build, unless it is `known`.
fn store_known(root: &Path, known: &source::Known, files: &[source::SourceFile]) {
    let now = source::Known::of(files);
    if now == *known {
        return;
    }
    let entries = now.entries();
    cache::store_with(root, KNOWN, &mut |out| {
        Stored::default().write(&[(KNOWN, 0, &entries)], out)
    });
}

/// Store `results` under `name` for a later process, unless they are what `stored` (read from
/// there) holds already. When only a few are not in `stored`, those are added at the end of
/// its file instead of writing every one again (see `Stored::appendable`).
fn store_results<T: serde::Serialize + Sync>(
    root: &Path,
    name: &str,
    stored: &Stored,
    results: &[(&str, u64, &T)],
) {
    if !stored.is_empty() && stored.holds_exactly(results) {
        return;
    }
    let appended = stored.appendable(results)
        && cache::append_with(root, name, &mut |out| stored.write_new(results, out));
    if !appended {
        cache::store_with(root, name, &mut |out| stored.write(results, out));
    }
}

/// A site ready to render: its model, every output, and the templates.
pub struct Prepared {
    /// The site (shared with work done after the pages, like `serve`'s search index).
    pub site: Arc<Site>,
    /// Every output (shared with `serve`'s pages rendered on request).
    pub plan: Arc<plan::Plan>,
    /// The loaded templates (none when the theme is missing).
    pub templates: Option<Arc<Templates>>,
}

/// Parse, model and plan the site from its inputs, and load the templates, recording the
/// phases' times in `report`. Always gives a site (partial when parts failed), with every
/// problem found.
pub fn prepare(
    inputs: &source::Inputs,
    config: config::Config,
    theme: Option<&ThemeFiles>,
    drafts: bool,
    caches: &mut Caches,
    report: &mut BuildReport,
    watch: &mut Stopwatch,
) -> (Prepared, Vec<Diagnostic>) {
    let data_start = Instant::now();
    let data::Shared {
        directory,
        problems: mut diagnostics,
        left_out: mut data_left_out,
    } = load_directory(inputs, &mut caches.data);
    let directory = if drafts {
        directory
    } else {
        model::Directory::published(directory)
    };
    let data_time = data_start.elapsed();
    let built = model::build_cached(
        config,
        &inputs.content,
        directory,
        drafts,
        &mut caches.parse,
    );
    let model::Built {
        site,
        diagnostics: mut found,
        parse_time,
    } = built;
    diagnostics.append(&mut found);
    // Split the model phase into parsing (data files, front matter, markdown) and the rest.
    let parse = data_time + parse_time;
    let model = watch.lap().saturating_sub(parse);
    report.timings.push(("parse", parse));
    report.timings.push(("model", model));

    let mut site = site;
    report.left_out.clone_from(&site.left_out);
    report.left_out.append(&mut data_left_out);
    if site.directory.specialties.is_empty() && !inputs.programs.is_empty() {
        // The program files could not be loaded (their problems are reported): links to the
        // directory are not broken links of their own.
        site.absent_below.push("programs/".to_string());
    }
    let (mut plan, mut found) = plan::plan(&site);
    diagnostics.append(&mut found);
    // A site's own `static/_redirects` replaces the one written from its aliases.
    if theme.is_some_and(|t| t.statics.iter().any(|s| s.rel == plan::HOST_REDIRECTS)) {
        plan.jobs.retain(|job| job.path != plan::HOST_REDIRECTS);
    }
    report.pages = plan.pages;
    report.sections = plan.sections;
    report.tags = plan.tags;
    report.programs = plan.programs;
    report.timings.push(("plan", watch.lap()));

    let templates = theme.map(|theme| {
        let used: Vec<&str> = plan.jobs.iter().filter_map(|job| job.template).collect();
        let (templates, mut found) = Templates::load(&theme.templates, &used);
        diagnostics.append(&mut found);
        let produced: HashSet<&str> = plan.jobs.iter().map(|j| j.path.as_str()).collect();
        for s in theme
            .statics
            .iter()
            .filter(|s| produced.contains(s.rel.as_str()))
        {
            let path = s.site_path(&inputs.root);
            diagnostics.push(
                Diagnostic::new(
                    Code::UrlStaticClash,
                    Location::file(path),
                    format!(
                        "this static file would overwrite the generated page /{}",
                        s.rel
                    ),
                )
                .with_hint("rename or move the static file, or the page"),
            );
        }
        templates
    });

    (
        Prepared {
            site: Arc::new(site),
            plan: Arc::new(plan),
            templates: templates.map(Arc::new),
        },
        diagnostics,
    )
}

/// Measures the phases of a build one after the other.
pub struct Stopwatch(Instant);

impl Stopwatch {
    /// A stopwatch started now.
    pub fn start() -> Self {
        Self(Instant::now())
    }

    /// Time since the last lap.
    pub fn lap(&mut self) -> Duration {
        let elapsed = self.0.elapsed();
        self.0 = Instant::now();
        elapsed
    }
}

/// What rendering every output did.
struct RenderPass {
    /// Files put into the output (none without a writer).
    files: Vec<(String, Put)>,
    /// Pages whose template failed, with the problem.
    failures: Vec<(String, Diagnostic)>,
    /// The links of each HTML page, by job index (`None`: not an HTML page, or not rendered).
    scans: Vec<Option<PageLinks>>,
    /// What was made of each output put into the output, for `Renders`: its job's index, its
    /// key, and the hash and size of its bytes.
    made: Vec<(usize, u64, u64, u64)>,
    /// How many outputs were kept as the last build made them, without rendering.
    kept: usize,
    /// How many outputs' contexts were built.
    looked: usize,
    /// The first file system failure.
    io_error: Option<Error>,
    render_ns: u64,
    stage_ns: u64,
}

/// What rendering one output gave: the file put into the output (none without a writer, or
/// when the page was skipped), or why it could not be produced.
type Outcome = Result<Option<(String, Put)>, Failure>;

/// Why one output could not be produced.
enum Failure {
    /// Its template failed (the site's problem).
    Page(String, Diagnostic),
    /// The file system failed.
    Io(Error),
}

/// The name of the search index's data in the cache.
const SEARCH: &str = "search";

/// Writes the search index of `site` (when it has search). With the site's folder (`root`:
/// the build cache in use), the index the last build stored there is updated for the
/// documents that changed (see `search::Index::update`), and the new one stored; files whose
/// bytes are the same are left as they are.
fn write_index(
    site: &Site,
    writer: &output::Writer,
    root: Option<&Path>,
    stored: Option<search::Index>,
) -> Result<Indexed, Error> {
    let docs = search::documents(site, site.config.search);
    if docs.is_empty() {
        return Ok(Indexed {
            files: Vec::new(),
            report: IndexReport::None,
            storing: Background::default(),
        });
    }
    let hashes = search::hashes(&docs);
    let (index, report) = match stored {
        Some(index) if index.holds(&docs, &hashes) => (index, IndexReport::Kept),
        Some(index) => {
            let changed = index.changed(&hashes);
            match index.update(&docs, &hashes) {
                Some(index) => (index, IndexReport::Updated(changed)),
                None => (
                    search::Index::make(&docs, &hashes),
                    IndexReport::Made(docs.len()),
                ),
            }
        }
        None => (
            search::Index::make(&docs, &hashes),
            IndexReport::Made(docs.len()),
        ),
    };
    // A file whose name is the hash of what it holds is as it should be when the last build
    // wrote it and it was not touched since.
    let files = index.files_beside(&docs, &|path| writer.keep_as_written(path));
    // The index's data is stored for the next build while this one writes the index's files
    // and checks its links (40 MB at 10,000 guides and 13,000 programs: a core's 50 ms).
    let store = root
        .filter(|_| report != IndexReport::Kept)
        .map(Path::to_path_buf);
    let storing = Background::spawn(move || {
        if let Some(root) = store {
            cache::store_with(&root, SEARCH, &mut |out| index.write(out));
        }
        drop_later((docs, index));
    });
    writer.plan_more(files.iter().map(|(path, _)| path.as_str()))?;
    let put: Result<Vec<(String, Put)>, Error> = files
        .into_par_iter()
        .map(|(path, file)| {
            let put = match file {
                search::File::Made(bytes) => writer.put(&path, &bytes)?,
                search::File::Kept(put) => put,
            };
            Ok((path, put))
        })
        .collect();
    Ok(Indexed {
        files: put?,
        report,
        storing,
    })
}

/// What `write_index` did: the index's files, how the index was had, and the storing of its
/// data for the next build, still under way.
struct Indexed {
    files: Vec<(String, Put)>,
    report: IndexReport,
    storing: Background,
}

/// Render every output in one parallel pass: each page is built, rendered, scanned for links,
/// then (with a writer) compared with the previous output and staged, and dropped, so memory
/// holds only the pages in flight. Pages whose templates failed to load are skipped. With
/// `renders`, an output whose context and templates are those the last build rendered it
/// from, and whose file is still as that build wrote it, is kept without rendering.
fn render_pass(
    prepared: &Prepared,
    statics: &[source::StaticFile],
    writer: Option<&output::Writer>,
    external: bool,
    renders: Option<&Renders>,
) -> RenderPass {
    let Prepared {
        site,
        plan,
        templates,
    } = prepared;
    let base = Base::new(&site.config.base_url);
    let style = statics
        .iter()
        .find(|s| s.rel == plan::STYLESHEET)
        .and_then(|s| s.read().ok())
        .map(|bytes| Arc::from(String::from_utf8_lossy(&bytes)));
    let planner = Planner::new(site).with_inline_style(style);
    let render_ns = AtomicU64::new(0);
    let stage_ns = AtomicU64::new(0);
    let kept = AtomicUsize::new(0);
    let looked = AtomicUsize::new(0);
    let outcomes: Vec<(Option<PageLinks>, Outcome, Option<u64>)> = plan
        .jobs
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |buffer, (i, job)| {
            let start = Instant::now();
            if job
                .template
                .is_some_and(|t| templates.as_ref().is_none_or(|ts| !ts.usable(t)))
            {
                return (None, Ok(None), None);
            }
            // An output nothing changed for has the key on record; others, their context's.
            let unchanged = renders.is_some_and(|r| r.unchanged(i));
            let mut content = None;
            let mut key = match renders {
                Some(r) if unchanged => r.stored.key(&job.path),
                Some(r) => {
                    looked.fetch_add(1, Ordering::Relaxed);
                    let made = planner.content(job);
                    let key = r.key(&made);
                    content = Some(made);
                    Some(key)
                }
                None => None,
            };
            if let (Some(renders), Some(key), Some(writer)) = (renders, key, writer)
                && let Some(made) = renders.made(&job.path, key)
                && let Some(put) = writer.keep(&job.path, made.hash, made.size)
            {
                kept.fetch_add(1, Ordering::Relaxed);
                add_elapsed(&render_ns, start.elapsed());
                return (made.scan, Ok(Some((job.path.clone(), put))), Some(key));
            }
            let content = content.unwrap_or_else(|| {
                looked.fetch_add(1, Ordering::Relaxed);
                planner.content(job)
            });
            if unchanged {
                key = renders.map(|r| r.key(&content));
            }
            let bytes: &[u8] = match content {
                Content::Bytes(ref bytes) => bytes,
                Content::Template { template, context } => {
                    let Some(templates) = templates else {
                        return (None, Ok(None), None);
                    };
                    if let Err(d) = templates.render_into(template, &context.into_tera(), buffer) {
                        return (None, Err(Failure::Page(job.path.clone(), d)), None);
                    }
                    buffer
                }
            };
            let scan = job.path.ends_with(".html").then(|| {
                let html = std::str::from_utf8(bytes).unwrap_or_default();
                links::scan(&job.path, html, &base, external)
            });
            let rendered = Instant::now();
            add_elapsed(&render_ns, rendered - start);
            let Some(writer) = writer else {
                return (scan, Ok(None), key);
            };
            let put = writer.put(&job.path, bytes).map_err(Failure::Io);
            add_elapsed(&stage_ns, rendered.elapsed());
            (scan, put.map(|put| Some((job.path.clone(), put))), key)
        })
        .collect();
    let copies: Vec<Result<(String, Put), Error>> = match writer {
        Some(writer) => statics
            .par_iter()
            .map(|s| {
                let start = Instant::now();
                let put = writer.put(&s.rel, &s.read()?)?;
                add_elapsed(&stage_ns, start.elapsed());
                Ok((s.rel.clone(), put))
            })
            .collect(),
        None => Vec::new(),
    };
    let mut pass = RenderPass {
        files: Vec::with_capacity(outcomes.len() + copies.len()),
        failures: Vec::new(),
        scans: Vec::with_capacity(outcomes.len()),
        made: Vec::with_capacity(outcomes.len()),
        kept: kept.into_inner(),
        looked: looked.into_inner(),
        io_error: None,
        render_ns: 0,
        stage_ns: 0,
    };
    for (i, (scan, outcome, key)) in outcomes.into_iter().enumerate() {
        pass.scans.push(scan);
        match outcome {
            Ok(Some(file)) => {
                if let Some(key) = key {
                    let (hash, size) = file.1.hash_and_size();
                    pass.made.push((i, key, hash, size));
                }
                pass.files.push(file);
            }
            Ok(None) => {}
            Err(Failure::Page(path, d)) => pass.failures.push((path, d)),
            Err(Failure::Io(e)) => pass.io_error = pass.io_error.take().or(Some(e)),
        }
    }
    for copy in copies {
        match copy {
            Ok(file) => pass.files.push(file),
            Err(e) => pass.io_error = pass.io_error.take().or(Some(e)),
        }
    }
    pass.render_ns = render_ns.into_inner();
    pass.stage_ns = stage_ns.into_inner();
    pass
}

/// Check every link of the rendered pages (`scans`, by job index) against the outputs;
/// report the broken ones where they were written. Returns the diagnostics and how many
/// links were checked.
pub fn check_links(
    prepared: &Prepared,
    inputs: &source::Inputs,
    texts: Texts,
    theme: Option<&ThemeFiles>,
    statics: &[source::StaticFile],
    scans: &[Option<PageLinks>],
) -> (Vec<Diagnostic>, usize) {
    let jobs = &prepared.plan.jobs;
    let outputs: Vec<&str> = jobs
        .iter()
        .map(|j| j.path.as_str())
        .chain(statics.iter().map(|s| s.rel.as_str()))
        .collect();
    let known = Known::new(outputs.iter().copied());
    let pages: Vec<(usize, &PageLinks)> = scans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.as_ref().map(|s| (i, s)))
        .collect();
    let listed: Vec<(&str, &PageLinks)> = pages
        .iter()
        .map(|&(i, s)| (jobs[i].path.as_str(), s))
        .collect();
    let checked = listed.iter().map(|(_, s)| s.internal_count()).sum();
    let broken = links::find_broken(&listed, &known);
    if broken.is_empty() {
        return (Vec::new(), checked);
    }
    let page_jobs: Vec<&Job> = pages.iter().map(|&(i, _)| &jobs[i]).collect();
    let restored;
    let inputs = match texts {
        Texts::Kept => inputs,
        Texts::Dropped => {
            restored = with_texts(inputs);
            &restored
        }
    };
    (
        report_links(prepared, inputs, theme, &outputs, &page_jobs, &broken),
        checked,
    )
}

/// Whether the content files' texts are still in the inputs, or were dropped after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Kept (`check`, `serve`).
    Kept,
    /// Dropped (`build`): read again to place a broken link.
    Dropped,
}

/// `inputs` with the texts of its content files, which a build drops after parsing them,
/// read again: a file whose text is no longer the one that was built (changed meanwhile) is
/// left out, so that a problem in it is placed at the file, never at a wrong line.
fn with_texts(inputs: &source::Inputs) -> source::Inputs {
    let content = inputs
        .content
        .par_iter()
        .filter_map(|file| {
            let again = source::reread_content(&inputs.root, &file.rel).ok()??;
            (again.hash == file.hash).then_some(again)
        })
        .collect();
    source::Inputs {
        root: inputs.root.clone(),
        config: inputs.config.clone(),
        content,
        specialties: inputs.specialties.clone(),
        programs: inputs.programs.clone(),
    }
}

/// Diagnostics for broken links found on `pages` (render them again to say where each link
/// was written).
pub fn report_links(
    prepared: &Prepared,
    inputs: &source::Inputs,
    theme: Option<&ThemeFiles>,
    outputs: &[&str],
    pages: &[&Job],
    broken: &[links::Broken],
) -> Vec<Diagnostic> {
    let site = &prepared.site;
    let base = Base::new(&site.config.base_url);
    let tracing = Planner::tracing(site);
    let render = |i: usize| -> Option<(String, Vec<Traced>)> {
        let job = pages.get(i)?;
        let content = tracing.content(job);
        let traced = tracing.take_traced();
        let bytes = match content {
            Content::Bytes(bytes) => bytes,
            Content::Template { template, context } => {
                let mut buffer = Vec::new();
                prepared
                    .templates
                    .as_ref()?
                    .render_into(template, &context.into_tera(), &mut buffer)
                    .ok()?;
                buffer
            }
        };
        Some((String::from_utf8(bytes).ok()?, traced))
    };
    let page_info: Vec<(&str, Option<&str>, &Path)> = pages
        .iter()
        .map(|j| (j.path.as_str(), j.template, j.source.as_path()))
        .collect();
    let templates = theme.map_or(&[][..], |t| &t.templates[..]);
    links::report(
        broken,
        &Attribution {
            site,
            files: &inputs.content,
            templates,
            base: &base,
            outputs,
            pages: &page_info,
            render: &render,
        },
    )
}

/// What checking external links gave.
struct ExternalOutcome {
    diagnostics: Vec<Diagnostic>,
    checked: usize,
    cached: usize,
    skipped: usize,
}

/// Check every distinct link to another site, once each, and report the broken ones where
/// they were written.
fn check_external(
    prepared: &Prepared,
    inputs: &source::Inputs,
    theme: Option<&ThemeFiles>,
    scans: &[Option<PageLinks>],
    settings: &links::external::Settings,
) -> ExternalOutcome {
    let jobs = &prepared.plan.jobs;
    // Each URL with the pages that show it.
    let mut shown: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, scan) in scans.iter().enumerate() {
        for url in scan.iter().flat_map(|s| &s.external) {
            let pages = shown.entry(url.as_str()).or_default();
            if pages.last() != Some(&i) {
                pages.push(i);
            }
        }
    }
    let urls: Vec<&str> = shown.keys().copied().collect();
    let cache = inputs.root.join(links::external::CACHE_FILE);
    let outcome = links::external::check(&urls, settings, &cache);
    let site = &prepared.site;
    let written = external_origins(site);
    let members = theme.map(|t| render::set_members(&t.templates));
    let mut diagnostics = Vec::new();
    for (url, result) in &outcome.failed {
        let pages = &shown[url.as_str()];
        let job = &jobs[pages[0]];
        // Where the link is written: in content or data (one place, however many pages show
        // it), else in the templates of the first page that shows it.
        let origin = written.get(&url_key(url)).or_else(|| {
            url.strip_prefix("https:")
                .and_then(|rest| written.get(&url_key(rest)))
        });
        let (location, pages) = match origin {
            Some(Origin::Text { owner, offset }) => {
                (Some(site.locate(*owner, *offset, &inputs.content)), 1)
            }
            Some(Origin::Field(location) | Origin::Menu(location)) => (Some(location.clone()), 1),
            None => {
                let in_template = theme.and_then(|theme| {
                    let set = members.as_ref()?.get(job.template?)?;
                    theme
                        .templates
                        .iter()
                        .filter(|f| set.contains(&f.name))
                        .find_map(|f| {
                            f.text.find(url.as_str()).map(|at| {
                                let (line, col) = crate::diagnostic::LineIndex::new(&f.text)
                                    .line_col(&f.text, at);
                                Location::new(&f.site_path, line, col)
                            })
                        })
                });
                let location = in_template.or_else(|| {
                    (!job.source.to_string_lossy().starts_with('('))
                        .then(|| Location::file(&job.source))
                });
                (location, pages.len())
            }
        };
        diagnostics.push(links::external::diagnostic(url, result, location, pages));
    }
    ExternalOutcome {
        diagnostics,
        checked: outcome.checked,
        cached: outcome.cached,
        skipped: outcome.skipped,
    }
}

/// A URL as a key that does not depend on how it is written: percent-decoded (markdown
/// writes `café` as `caf%C3%A9` in the page).
fn url_key(url: &str) -> String {
    percent_encoding::percent_decode_str(url.trim())
        .decode_utf8_lossy()
        .into_owned()
}

/// Every link to another site written in the site's content and data (by `url_key`), with
/// where it is written (the first place, in page order).
fn external_origins(site: &Site) -> rustc_hash::FxHashMap<String, Origin> {
    fn note(
        origins: &mut rustc_hash::FxHashMap<String, Origin>,
        body: &crate::markdown::Rendered,
        owner: model::Owner,
    ) {
        for (url, offset) in &body.external {
            origins.entry(url_key(url)).or_insert(Origin::Text {
                owner,
                offset: *offset,
            });
        }
    }
    let mut origins: rustc_hash::FxHashMap<String, Origin> = rustc_hash::FxHashMap::default();
    for (i, page) in site.pages.iter().enumerate() {
        note(&mut origins, &page.body, model::Owner::Page(i));
        for (entry, faq) in page.faq.iter().enumerate() {
            note(
                &mut origins,
                &faq.answer,
                model::Owner::Faq { page: i, entry },
            );
        }
    }
    for (i, section) in site.sections.iter().enumerate() {
        note(&mut origins, &section.body, model::Owner::Section(i));
    }
    for (i, program) in site.directory.programs.iter().enumerate() {
        if let Some(notes) = &program.notes {
            note(&mut origins, notes, model::Owner::Notes(i));
        }
    }
    for program in &site.directory.programs {
        let fields = [
            (&program.website, &program.website_location),
            (&program.source_url, &program.source_url_location),
        ];
        for (url, at) in fields {
            if let (Some(url), Some(at)) = (url, at) {
                origins
                    .entry(url_key(url))
                    .or_insert_with(|| Origin::Field(at.clone()));
            }
        }
    }
    origins
}

fn add_elapsed(total: &AtomicU64, elapsed: Duration) {
    let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
    total.fetch_add(nanos, Ordering::Relaxed);
}

/// Load the program directory; a site without `data/` has an empty one.
fn load_directory(inputs: &source::Inputs, cache: &mut data::DataCache) -> data::Shared {
    match &inputs.specialties {
        Some(specialties) => {
            let mut shared = data::load_shared(specialties, &inputs.programs, cache);
            shared.problems.sort();
            shared
        }
        None if inputs.programs.is_empty() => data::Shared::default(),
        None => data::Shared {
            directory: Arc::default(),
            problems: vec![
                Diagnostic::new(
                    Code::DataNoSpecialties,
                    Location::file(&inputs.programs[0].path),
                    format!("program files need {SPECIALTIES_FILE}, which is missing"),
                )
                .with_hint(
                    "list the specialties, with their ACGME codes, in data/specialties.yaml",
                ),
            ],
            left_out: inputs
                .programs
                .iter()
                .map(|file| LeftOut {
                    kind: LeftOutKind::DataFile,
                    location: Location::file(&file.path),
                    name: String::new(),
                    reason: Code::DataNoSpecialties,
                })
                .collect(),
        },
    }
}

/// The content and data files that could not be read at all (not UTF-8, unreadable, too large,
/// a link outside the site, a name that cannot be a URL),
/// from the problems reported when reading them.
pub fn left_out_files(diagnostics: &[Diagnostic]) -> Vec<LeftOut> {
    diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::FileNotUtf8
                    | Code::FileUnreadable
                    | Code::FileTooLarge
                    | Code::FileSymlinkOutside
                    | Code::FileBadName
            )
        })
        .filter_map(|d| {
            let location = d.location.as_ref()?;
            let name = location.path_text();
            let kind = if name.starts_with("content/") {
                LeftOutKind::Page
            } else if name.starts_with("data/") {
                LeftOutKind::DataFile
            } else {
                return None;
            };
            Some(LeftOut {
                kind,
                location: Location::file(&location.path),
                name: String::new(),
                reason: d.code,
            })
        })
        .collect()
}
