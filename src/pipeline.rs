//! Pipeline: runs the phases of a build in order (source, model, plan, render, output) and
//! reports what happened. Every phase finishes before output starts, so a build that fails
//! for any reason leaves the previous output exactly as it was.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::data::{self, Directory, SPECIALTIES_FILE};
use crate::error::{Diagnostic, Error, Location};
use crate::output::{self, OutputFile, WriteReport};
use crate::render::Templates;
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
    /// Files written, unchanged and removed.
    pub files: WriteReport,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Time per phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
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
    let mut clock = Instant::now();
    let mut lap = |report: &mut BuildReport, phase: &'static str| {
        report.timings.push((phase, clock.elapsed()));
        clock = Instant::now();
    };

    let inputs = source::read_inputs(root)?;
    let config =
        config::parse(&inputs.config, options.base_url.as_deref()).map_err(Error::Config)?;
    output::check_target(root, &output, options.force)?;
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
    let theme = source::read_theme(root, &theme_dir)?;
    lap(&mut report, "load");

    let (directory, data_problems) = load_directory(&inputs);
    let (data_errors, mut data_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        data_problems.into_iter().partition(Diagnostic::is_error);
    let built = model::build(config, &inputs.content, directory, options.drafts);
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
    lap(&mut report, "model");

    let plan = plan::plan(&site).map_err(|d| site_error(d, &report.warnings))?;
    report.pages = plan.pages;
    report.sections = plan.sections;
    report.tags = plan.tags;
    report.programs = plan.programs;
    lap(&mut report, "plan");

    let used: Vec<&str> = plan
        .jobs
        .iter()
        .filter_map(|job| match &job.content {
            plan::Content::Template { template, .. } => Some(*template),
            plan::Content::Bytes(_) => None,
        })
        .collect();
    let templates =
        Templates::load(&theme.templates, &used).map_err(|d| site_error(d, &report.warnings))?;
    let rendered = templates
        .render_all(&plan.jobs)
        .map_err(|d| site_error(d, &report.warnings))?;
    lap(&mut report, "render");

    let produced: HashSet<&str> = rendered.iter().map(|(p, _)| p.as_str()).collect();
    let clashes: Vec<Diagnostic> = theme
        .statics
        .iter()
        .filter(|s| produced.contains(s.rel.as_str()))
        .map(|s| {
            let path = s.from.strip_prefix(root).unwrap_or(&s.from);
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
    let mut files: Vec<OutputFile> = theme.statics.into_iter().map(OutputFile::Static).collect();
    files.extend(
        rendered
            .into_iter()
            .map(|(p, b)| OutputFile::Rendered(p, b)),
    );
    report.files = output::write(&output, &files)?;
    lap(&mut report, "write");
    Ok(report)
}

/// Load the program directory; a site without `data/` has an empty one.
fn load_directory(inputs: &source::Inputs) -> (Directory, Vec<Diagnostic>) {
    match &inputs.specialties {
        Some(specialties) => {
            let loaded = data::load(specialties, &inputs.programs);
            let mut problems = loaded.problems;
            problems.sort();
            (loaded.directory, problems)
        }
        None if inputs.programs.is_empty() => (Directory::default(), Vec::new()),
        None => (
            Directory::default(),
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
