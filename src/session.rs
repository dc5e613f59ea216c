//! Session: a site kept in memory from one build to the next, for `serve`. A rebuild re-reads
//! only the inputs it is told may have changed (everything after a rescan), reuses parsed
//! files whose text is unchanged, hashes every page's context together with its template
//! set, and renders only the pages whose hash changed. The finished files live in memory; a
//! rebuild that fails keeps the last good site and its hashes, so the next good rebuild
//! compares against what is being served.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::error::{Diagnostic, Error};
use crate::output::WriteReport;
use crate::pipeline::{self, BuildReport, Caches, Prepared, Stopwatch};
use crate::plan::{Content, Planner};
use crate::render;
use crate::source::{self, InputPath, Inputs, ThemeFiles};

/// What a session builds.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Overrides `base_url` of `site.yaml` (the server's own address).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
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

/// The finished site, in memory: output path -> bytes.
#[derive(Debug, Default)]
pub struct Output {
    /// Every file, by path relative to the site's root (`guides/a/index.html`).
    pub files: HashMap<String, Arc<[u8]>>,
    /// Counts the rebuilds that changed something (0 before the first).
    pub version: u64,
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
}

/// A page that failed to render: its path and the template's problem.
type Failure = (String, Diagnostic);

/// A page rendered again: its index in the plan and its bytes.
type Fresh = (usize, Arc<[u8]>);

/// A site kept in memory between rebuilds.
pub struct Session {
    options: SessionOptions,
    inputs: Option<Inputs>,
    /// Inputs that could not be decoded, kept out of `inputs` until they are readable.
    unreadable: BTreeMap<PathBuf, Vec<Diagnostic>>,
    theme: Option<Theme>,
    caches: Caches,
    /// The hash of every output of the last good rebuild.
    hashes: HashMap<String, u64>,
    output: Arc<Output>,
}

/// The theme's files with their set hashes, and the static files' bytes.
struct Theme {
    dir: PathBuf,
    files: ThemeFiles,
    set_hashes: HashMap<String, u64>,
    statics: Vec<(String, Arc<[u8]>)>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: SessionOptions) -> Self {
        Self {
            options,
            inputs: None,
            unreadable: BTreeMap::new(),
            theme: None,
            caches: Caches::default(),
            hashes: HashMap::new(),
            output: Arc::new(Output::default()),
        }
    }

    /// The last good site.
    pub fn output(&self) -> Arc<Output> {
        Arc::clone(&self.output)
    }

    /// Bring the site up to date with its inputs. On error the last good site stays.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Error> {
        let mut report = BuildReport {
            output: PathBuf::from("(memory)"),
            ..BuildReport::default()
        };
        let mut watch = Stopwatch::start();
        let theme_changed = self.refresh(changes)?;
        let Some(inputs) = &self.inputs else {
            return Err(Error::Internal("the inputs were not read".to_string()));
        };
        let config = crate::config::parse(&inputs.config, self.options.base_url.as_deref())
            .map_err(Error::Config)?;
        let theme_dir = pipeline::theme_dir(&self.options.root, &config)?;
        if theme_changed || self.theme.as_ref().is_none_or(|t| t.dir != theme_dir) {
            self.theme = None;
            self.theme = Some(load_theme(&self.options.root, theme_dir)?);
        }
        let Some(theme) = &self.theme else {
            return Err(Error::Internal("the theme was not read".to_string()));
        };
        report.timings.push(("load", watch.lap()));
        if !self.unreadable.is_empty() {
            let problems = self.unreadable.values().flatten().cloned().collect();
            return Err(Error::Site(problems));
        }

        let Prepared {
            site,
            plan,
            templates,
        } = pipeline::prepare(
            inputs,
            config,
            &theme.files,
            self.options.drafts,
            &mut self.caches,
            &mut report,
            &mut watch,
        )?;
        report.pages = plan.pages;
        report.sections = plan.sections;
        report.tags = plan.tags;
        report.programs = plan.programs;

        // Hash every output: its template set and its context (or its bytes).
        let hashing = Planner::hashing(&site);
        let hashes: Vec<u64> = plan
            .jobs
            .par_iter()
            .map(|job| {
                let mut hasher = Xxh3::new();
                match hashing.content(job) {
                    Content::Bytes(bytes) => hasher.update(&bytes),
                    Content::Template { template, context } => {
                        let set = theme.set_hashes.get(template).copied().unwrap_or(0);
                        hasher.update(template.as_bytes());
                        hasher.update(&set.to_le_bytes());
                        hasher.update(&context.hash().unwrap_or(0).to_le_bytes());
                    }
                }
                hasher.digest()
            })
            .collect();
        let stale: Vec<usize> = (0..plan.jobs.len())
            .filter(|&i| self.hashes.get(&plan.jobs[i].path) != Some(&hashes[i]))
            .collect();
        report.timings.push(("hash", watch.lap()));

        // Render what changed.
        let planner = Planner::new(&site);
        let render_ns = AtomicU64::new(0);
        let rendered: Vec<Result<Fresh, Failure>> = stale
            .par_iter()
            .map_init(Vec::new, |buffer, &i| {
                let start = Instant::now();
                let job = &plan.jobs[i];
                let bytes: Arc<[u8]> = match planner.content(job) {
                    Content::Bytes(bytes) => bytes.into(),
                    Content::Template { template, context } => {
                        templates
                            .render_into(template, &context.into_tera(), buffer)
                            .map_err(|d| (job.path.clone(), d))?;
                        Arc::from(buffer.as_slice())
                    }
                };
                let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
                render_ns.fetch_add(nanos, Ordering::Relaxed);
                Ok((i, bytes))
            })
            .collect();
        let mut fresh = Vec::with_capacity(rendered.len());
        let mut failures = Vec::new();
        for outcome in rendered {
            match outcome {
                Ok(page) => fresh.push(page),
                Err(failure) => failures.push(failure),
            }
        }
        if !failures.is_empty() {
            let mut problems = render::group_failures(failures);
            problems.extend(report.warnings.iter().cloned());
            return Err(Error::Site(problems));
        }
        report.rendered = fresh.len();
        report.timings.push(("render", watch.lap()));
        report.cpu = vec![("render", Duration::from_nanos(render_ns.into_inner()))];

        // The new site: the old files, minus those no longer produced, plus the new bytes.
        let old = &self.output.files;
        let mut files: HashMap<String, Arc<[u8]>> = HashMap::with_capacity(old.len());
        let mut new_or_changed = Vec::new();
        let mut put = |path: &str, bytes: Arc<[u8]>, files: &mut HashMap<String, Arc<[u8]>>| {
            if old.get(path).is_none_or(|before| before[..] != bytes[..]) {
                new_or_changed.push(path.to_string());
            }
            files.insert(path.to_string(), bytes);
        };
        let mut is_fresh = vec![false; plan.jobs.len()];
        for (i, bytes) in fresh {
            is_fresh[i] = true;
            put(&plan.jobs[i].path, bytes, &mut files);
        }
        for (i, job) in plan.jobs.iter().enumerate() {
            if !is_fresh[i]
                && let Some(bytes) = old.get(&job.path)
            {
                files.insert(job.path.clone(), Arc::clone(bytes));
            }
        }
        for (rel, bytes) in &theme.statics {
            put(rel, Arc::clone(bytes), &mut files);
        }
        let mut removed: Vec<String> = old
            .keys()
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        new_or_changed.sort_unstable();
        removed.sort_unstable();
        report.files = WriteReport {
            written: new_or_changed.len(),
            unchanged: files.len() - new_or_changed.len(),
            removed: removed.len(),
        };
        let version =
            self.output.version + u64::from(!new_or_changed.is_empty() || !removed.is_empty());
        self.output = Arc::new(Output { files, version });
        self.hashes = plan
            .jobs
            .iter()
            .zip(hashes)
            .map(|(job, hash)| (job.path.clone(), hash))
            .collect();
        report.timings.push(("swap", watch.lap()));
        Ok(Rebuilt {
            report,
            changed: new_or_changed,
            removed,
            output: self.output(),
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
        self.inputs = Some(source::read_inputs(&root)?);
        Ok(true)
    }

    /// Re-read these paths (relative to the site's folder), each a file or a removed file.
    fn refresh_paths(&mut self, paths: &[PathBuf]) -> Result<bool, Error> {
        let root = &self.options.root;
        let Some(inputs) = &mut self.inputs else {
            return Ok(true);
        };
        let mut theme_changed = false;
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
                Err(Error::Site(problems)) => {
                    self.unreadable.insert(rel.clone(), problems);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(theme_changed)
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
fn load_theme(root: &Path, dir: PathBuf) -> Result<Theme, Error> {
    let files = source::read_theme(root, &dir)?;
    let set_hashes = render::set_hashes(&files.templates);
    let statics = files
        .statics
        .par_iter()
        .map(|s| {
            let bytes = std::fs::read(&s.from).map_err(|e| Error::io("reading", &s.from, e))?;
            Ok((s.rel.clone(), Arc::from(bytes)))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Theme {
        dir,
        files,
        set_hashes,
        statics,
    })
}
