//! Pipeline: runs the phases of a build in order (source, model, plan, render, output) and
//! reports what happened. Every phase finishes before output starts, so a build that fails
//! for any reason leaves the previous output exactly as it was.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error, Location};
use crate::model::Directory;
use crate::model::programs::{self as data};
use crate::source::SPECIALTIES_FILE;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::output::{self, Put, WriteReport};
use crate::plan::Content;
use crate::render::{self, Templates};
use crate::{config, model, plan, source};

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
    /// Outputs whose context was built and hashed to compare with the last build (serve).
    pub hashed: usize,
    /// Outputs built from the site (every one in `build`; in a rebuild, only those whose context
    /// or template set changed), templates rendered and finished files such as the feed.
    pub rendered: usize,
    /// Files written, unchanged and removed.
    pub files: WriteReport,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Wall time per phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Time summed over threads inside the parallel render pass: rendering, and comparing
    /// and staging files.
    pub cpu: Vec<(&'static str, Duration)>,
    /// Where the site was written.
    pub output: PathBuf,
}

impl BuildReport {
    /// Total time of all phases.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// Build the site at `options.root`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let mut report = BuildReport {
        output: output.clone(),
        ..BuildReport::default()
    };
    let mut watch = Stopwatch(Instant::now());
    let inputs = source::read_inputs(root)?;
    let config =
        config::parse(&inputs.config, options.base_url.as_deref()).map_err(Error::Config)?;
    output::check_target(root, &output, options.force)?;
    let theme = source::read_theme(root, &theme_dir(root, &config)?)?;
    report.timings.push(("load", watch.lap()));

    let mut caches = Caches::default();
    let prepared = prepare(
        &inputs,
        config,
        &theme,
        options.drafts,
        &mut caches,
        &mut report,
        &mut watch,
    )?;
    let Prepared {
        site,
        plan,
        templates,
    } = prepared;

    // Render and write in one parallel pass: each page is built, rendered, compared with the
    // previous output and staged, then dropped, so memory holds only the pages in flight.
    let writer = output::Writer::open(&output)?;
    let planner = plan::Planner::new(&site);
    let render_ns = AtomicU64::new(0);
    let stage_ns = AtomicU64::new(0);
    let outcomes: Vec<Result<(String, Put), Failure>> = plan
        .jobs
        .par_iter()
        .map_init(Vec::new, |buffer, job| {
            let start = Instant::now();
            let content = planner.content(job);
            let bytes: &[u8] = match content {
                Content::Bytes(ref bytes) => bytes,
                Content::Template { template, context } => {
                    templates
                        .render_into(template, &context.into_tera(), buffer)
                        .map_err(|d| Failure::Page(job.path.clone(), d))?;
                    buffer
                }
            };
            let rendered = Instant::now();
            let put = writer.put(&job.path, bytes).map_err(Failure::Io)?;
            add_elapsed(&render_ns, rendered - start);
            add_elapsed(&stage_ns, rendered.elapsed());
            Ok((job.path.clone(), put))
        })
        .chain(theme.statics.par_iter().map(|s| {
            let start = Instant::now();
            let put = writer.put_file(&s.rel, &s.from).map_err(Failure::Io)?;
            add_elapsed(&stage_ns, start.elapsed());
            Ok((s.rel.clone(), put))
        }))
        .collect();
    let mut files = Vec::with_capacity(outcomes.len());
    let mut failures = Vec::new();
    let mut io_error = None;
    for outcome in outcomes {
        match outcome {
            Ok(file) => files.push(file),
            Err(Failure::Page(path, d)) => failures.push((path, d)),
            Err(Failure::Io(e)) => io_error = io_error.or(Some(e)),
        }
    }
    if let Some(e) = io_error {
        writer.abandon(&files);
        return Err(e);
    }
    if !failures.is_empty() {
        writer.abandon(&files);
        return Err(site_error(
            render::group_failures(failures),
            &report.warnings,
        ));
    }
    report.rendered = plan.jobs.len();
    report.timings.push(("render", watch.lap()));
    report.cpu = vec![
        ("render", Duration::from_nanos(render_ns.into_inner())),
        ("stage", Duration::from_nanos(stage_ns.into_inner())),
    ];
    report.files = writer.finish(&files)?;
    report.timings.push(("write", watch.lap()));
    Ok(report)
}

/// The folder of the theme `config` names; an error when neither it nor the site's own
/// `templates/` exists.
pub fn theme_dir(root: &Path, config: &config::Config) -> Result<PathBuf, Error> {
    let theme_dir = root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() && !root.join("templates").is_dir() {
        return Err(Error::Config(vec![
            Diagnostic::error(
                None,
                format!("the theme `{}` is not in themes/", config.theme),
            )
            .with_hint("set `theme:` in site.yaml to a folder of themes/"),
        ]));
    }
    Ok(theme_dir)
}

/// What parsing keeps between builds of one process (`serve`): parsed content files and
/// loaded program files, by content hash.
#[derive(Debug, Default)]
pub struct Caches {
    parse: model::ParseCache,
    data: data::DataCache,
}

/// A site ready to render: its model, every output, and the templates.
pub struct Prepared {
    /// The site.
    pub site: model::Site,
    /// Every output.
    pub plan: plan::Plan,
    /// The loaded templates.
    pub templates: Templates,
}

/// Parse, model and plan the site from its inputs, and load the templates, recording the
/// phases' times in `report` (warnings too). Every problem found is in the error.
pub fn prepare(
    inputs: &source::Inputs,
    config: config::Config,
    theme: &source::ThemeFiles,
    drafts: bool,
    caches: &mut Caches,
    report: &mut BuildReport,
    watch: &mut Stopwatch,
) -> Result<Prepared, Error> {
    let data_start = Instant::now();
    let (directory, data_problems) = load_directory(inputs, &mut caches.data);
    let data_time = data_start.elapsed();
    let (data_errors, mut data_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        data_problems.into_iter().partition(Diagnostic::is_error);
    let built = model::build_cached(
        config,
        &inputs.content,
        directory,
        drafts,
        &mut caches.parse,
    );
    let built = match (built, data_errors.is_empty()) {
        (Ok(built), true) => built,
        (Ok(_), false) => return Err(site_error(data_errors, &data_warnings)),
        (Err(mut problems), _) => {
            problems.extend(data_errors);
            problems.sort();
            return Err(site_error(problems, &data_warnings));
        }
    };
    report.warnings = built.warnings;
    report.warnings.append(&mut data_warnings);
    let site = built.site;
    // Split the model phase into parsing (data files, front matter, markdown) and the rest.
    let parse = data_time + built.parse_time;
    let model = watch.lap().saturating_sub(parse);
    report.timings.push(("parse", parse));
    report.timings.push(("model", model));

    let plan = plan::plan(&site).map_err(|d| site_error(d, &report.warnings))?;
    report.pages = plan.pages;
    report.sections = plan.sections;
    report.tags = plan.tags;
    report.programs = plan.programs;
    report.timings.push(("plan", watch.lap()));

    let used: Vec<&str> = plan.jobs.iter().filter_map(|job| job.template).collect();
    let templates =
        Templates::load(&theme.templates, &used).map_err(|d| site_error(d, &report.warnings))?;
    let produced: HashSet<&str> = plan.jobs.iter().map(|j| j.path.as_str()).collect();
    let clashes: Vec<Diagnostic> = theme
        .statics
        .iter()
        .filter(|s| produced.contains(s.rel.as_str()))
        .map(|s| {
            let path = s.from.strip_prefix(&inputs.root).unwrap_or(&s.from);
            Diagnostic::error(
                Some(Location::new(path, 1, 1)),
                format!(
                    "this static file would overwrite the generated page /{}",
                    s.rel
                ),
            )
            .with_hint("rename or move the static file, or the page")
        })
        .collect();
    if !clashes.is_empty() {
        return Err(site_error(clashes, &report.warnings));
    }

    Ok(Prepared {
        site,
        plan,
        templates,
    })
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

/// Why one output could not be produced.
enum Failure {
    /// Its template failed (the site's problem).
    Page(String, Diagnostic),
    /// The file system failed.
    Io(Error),
}

fn add_elapsed(total: &AtomicU64, elapsed: Duration) {
    let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
    total.fetch_add(nanos, Ordering::Relaxed);
}

/// Load the program directory; a site without `data/` has an empty one.
fn load_directory(
    inputs: &source::Inputs,
    cache: &mut data::DataCache,
) -> (Arc<Directory>, Vec<Diagnostic>) {
    match &inputs.specialties {
        Some(specialties) => {
            let (directory, mut problems) = data::load_shared(specialties, &inputs.programs, cache);
            problems.sort();
            (directory, problems)
        }
        None if inputs.programs.is_empty() => (Arc::default(), Vec::new()),
        None => (
            Arc::default(),
            vec![
                Diagnostic::error(
                    Some(Location::new(&inputs.programs[0].path, 1, 1)),
                    format!("program files need {SPECIALTIES_FILE}, which is missing"),
                )
                .with_hint(
                    "list the specialties, with their ACGME codes, in data/specialties.yaml",
                ),
            ],
        ),
    }
}

fn site_error(mut problems: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Error {
    problems.extend_from_slice(warnings);
    Error::Site(problems)
}
