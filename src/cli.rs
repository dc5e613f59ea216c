//! The command line: clap arguments, the calls into the library, and everything printed to the
//! terminal. The only module that prints, and the only one that uses `anyhow`.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is where output goes"
)]

use std::path::PathBuf;
use std::process::ExitCode;

use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use clap::{Parser, Subcommand, ValueEnum};
use matchpress::date::Date;
use matchpress::diagnostic::report;
use matchpress::model::LeftOut;
use matchpress::pipeline::{self, BuildOptions, BuildReport, CacheUse, CheckOptions, CheckReport};
use matchpress::scaffold::{self, Starter};
use matchpress::serve::{self, Notice, ServeOptions};
use matchpress::session::Rebuilt;
use matchpress::{Diagnostic, Error};

/// Exit codes, documented in the README and stable.
const EXIT_PROBLEMS: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_INTERNAL: u8 = 3;

/// A static site generator for residency-applicant resource sites.
#[derive(Debug, Parser)]
#[command(name = "matchpress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder for static hosting.
    Build {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this URL instead of `base_url` of site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write into a non-empty folder that matchpress did not create.
        #[arg(long)]
        force: bool,
        /// Print the time each phase took (load, parse, model, plan, render, index, links, write).
        #[arg(long)]
        timings: bool,
        /// Fail (and write nothing) when there are warnings, as when there are errors.
        #[arg(long)]
        deny_warnings: bool,
        /// List every problem in full, instead of folding many of one kind into one line.
        #[arg(long)]
        verbose: bool,
        /// Build everything again, without using or keeping the build cache
        /// (.matchpress-cache/).
        #[arg(long)]
        no_cache: bool,
    },
    /// Check the site: every problem in its content, data, templates and links, in one run.
    /// Nothing is written (but the cache of `--external`).
    Check {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check as if published under this URL instead of `base_url` of site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Check links to other sites too (each URL once; results cached in
        /// .matchpress-cache/; see `link_check:` in site.yaml).
        #[arg(long)]
        external: bool,
        /// How to report: for people, JSON for scripts, or GitHub Actions annotations.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail when there are warnings, as when there are errors.
        #[arg(long)]
        deny_warnings: bool,
        /// List every problem in full, instead of folding many of one kind into one line.
        #[arg(long)]
        verbose: bool,
    },
    /// Serve the site for preview, rebuilding and reloading pages on every save. The site is
    /// built into memory: `public/` is never touched.
    Serve {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The port to listen on; the next free one is used when it is taken (0: any).
        #[arg(long, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// How many pages may be open with live reload at once; more are served, without it.
        #[arg(long, default_value_t = serve::DEFAULT_MAX_STREAMS, value_parser = clap::value_parser!(usize))]
        max_streams: usize,
        /// Open the site in the default web browser once it is served.
        #[arg(long)]
        open: bool,
        /// Print the time each phase of every rebuild took.
        #[arg(long)]
        timings: bool,
        /// Parse every file again at start, without using or keeping the cache of parsed
        /// files (.matchpress-cache/).
        #[arg(long)]
        no_cache: bool,
    },
    /// Start a new site in a new or empty folder.
    Init {
        /// The folder to create the site in (new, or empty).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Add example programs of three specialties (fictional demo data).
        #[arg(long, conflicts_with = "bare")]
        example: bool,
        /// No program data at all: a site of guides, without a program directory.
        #[arg(long)]
        bare: bool,
        /// Copy the built-in theme into themes/default/, to change anything in it.
        #[arg(long)]
        eject_theme: bool,
    },
    /// Add a guide or a program, as a draft skeleton with every field.
    New {
        #[command(subcommand)]
        what: New,
    },
}

#[derive(Debug, Subcommand)]
enum New {
    /// Write a draft guide into content/guides/ (or a section of it).
    Guide {
        /// The guide's title; the file is named after it.
        title: String,
        /// The section (a folder of content/guides/) to put it in, e.g. `visas`.
        #[arg(long)]
        section: Option<String>,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Append a draft program to a specialty's data file (data/programs/SLUG.yaml).
    Program {
        /// The specialty's slug, as data/specialties.yaml lists it.
        #[arg(long)]
        specialty: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Numbered, folded, with a table by code.
    Human,
    /// One JSON document (`matchpress.check/1`, see the README).
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// Parse the arguments, run the command, and turn the outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
            timings,
            deny_warnings,
            verbose,
            no_cache,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
                deny_warnings,
                cache: if no_cache {
                    CacheUse::Off
                } else {
                    CacheUse::Use
                },
            };
            match pipeline::build(&options) {
                Ok(report) => {
                    eprint!("{}", report::human(&report.warnings, verbose));
                    eprint!(
                        "{}",
                        report::omissions(&omissions(&report.left_out), verbose)
                    );
                    if timings {
                        print!("{}", phase_table(&report.timings, &report.cpu));
                        if !report.unchanged {
                            println!(
                                "  (outputs: {} rendered, {} kept as the last build made them, \
                                 {} looked at; {} trusted as the last build left them; {} \
                                 taken from the cache of parsed files, {} left unread)",
                                report.rendered,
                                report.kept,
                                report.hashed,
                                count(report.trusted, "output file"),
                                count(report.from_cache, "file"),
                                count(report.unread, "content file")
                            );
                        }
                    }
                    println!("{}", summary(&report));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&anyhow::Error::new(error), verbose),
            }
        }
        Command::Check {
            root,
            base_url,
            drafts,
            external,
            format,
            deny_warnings,
            verbose,
        } => {
            let options = CheckOptions {
                root,
                base_url,
                drafts,
                external,
            };
            match pipeline::check(&options) {
                Ok(report) => print_check(&report, format, deny_warnings, verbose),
                Err(error) => fail(&anyhow::Error::new(error), verbose),
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            max_streams,
            open,
            timings,
            no_cache,
        } => serve_site(
            &ServeOptions {
                root,
                bind,
                port,
                drafts,
                max_streams,
                cache: if no_cache {
                    CacheUse::Off
                } else {
                    CacheUse::Use
                },
            },
            open,
            timings,
        ),
        Command::Init {
            dir,
            example,
            bare,
            eject_theme,
        } => {
            let starter = if example {
                Starter::Example
            } else if bare {
                Starter::Bare
            } else {
                Starter::Specialties
            };
            match scaffold::init(&dir, starter, eject_theme) {
                Ok(files) => {
                    println!("{}", init_summary(&dir, starter, eject_theme, files.len()));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&anyhow::Error::new(e), false),
            }
        }
        Command::New { what } => new_file(what),
    }
}

/// What `init` did and what to do next.
fn init_summary(dir: &std::path::Path, starter: Starter, ejected: bool, files: usize) -> String {
    let data = match starter {
        Starter::Specialties => {
            "the list of specialties (add programs with `matchpress new program --specialty SLUG`)"
        }
        Starter::Example => {
            "the specialties and example programs of three of them (fictional: replace them before publishing)"
        }
        Starter::Bare => "no program data (a site of guides)",
    };
    let theme = if ejected {
        "the default theme in themes/default/"
    } else {
        "the built-in default theme"
    };
    let cd = if dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    format!(
        "created a site in {}: {files} files, with {data} and {theme}\n\
         next: {cd}matchpress serve --open     (preview; edit content/ and the page reloads)\n\
         \x20     matchpress new guide \"Title\"   (a draft guide)\n\
         \x20     set base_url in site.yaml, then `matchpress build` writes the site to public/",
        dir.display()
    )
}

/// `new guide` and `new program`: write the skeleton and say where it is.
fn new_file(what: New) -> ExitCode {
    let done = match what {
        New::Guide {
            title,
            section,
            root,
        } => scaffold::new_guide(&root, &title, section.as_deref(), Date::today()).map(|written| {
            let (guide, sections) = written.split_last().map_or((String::new(), &[][..]), |(g, s)| (g.clone(), s));
            for section in sections {
                println!("created {section} (a new section)");
            }
            println!("created {guide}: a draft; remove `draft: true` to publish it");
        }),
        New::Program { specialty, root } => {
            scaffold::new_program(&root, &specialty).map(|(file, line)| {
                println!("added a draft program at {file}:{line}; fill it in and remove `draft: true` to publish it");
            })
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&anyhow::Error::new(e), false),
    }
}

/// Serve until Ctrl-C, printing one line per rebuild and every problem.
fn serve_site(options: &ServeOptions, open: bool, timings: bool) -> ExitCode {
    // With --open, the browser opens once the first build is done (or has failed, so that the
    // page shows the problem), at the address the server took.
    let listening: std::sync::Arc<Mutex<Option<std::net::SocketAddr>>> = std::sync::Arc::default();
    let heard = std::sync::Arc::clone(&listening);
    let opened = std::sync::atomic::AtomicBool::new(!open);
    let open_once = move || {
        let address = *listening.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(address) = address
            && !opened.swap(true, std::sync::atomic::Ordering::AcqRel)
        {
            let url = format!("http://{address}/");
            if let Err(e) = webbrowser::open(&url) {
                eprintln!("warning: could not open a web browser ({e}); open {url} yourself");
            }
        }
    };
    let warnings_shown: Mutex<(Vec<Diagnostic>, Vec<LeftOut>)> =
        Mutex::new((Vec::new(), Vec::new()));
    let server = serve::start(options, move |notice| match notice {
        Notice::Listening(address) => {
            println!("serving the site at http://{address}/ (Ctrl-C to stop)");
            *heard.lock().unwrap_or_else(PoisonError::into_inner) = Some(address);
        }
        Notice::Rebuilt { rebuilt, trigger } => {
            let report = &rebuilt.report;
            let mut shown = warnings_shown
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if shown.0 != report.warnings || shown.1 != report.left_out {
                eprint!("{}", report::human(&report.warnings, false));
                eprint!("{}", report::omissions(&omissions(&report.left_out), false));
                shown.0.clone_from(&report.warnings);
                shown.1.clone_from(&report.left_out);
            }
            if trigger == 0 {
                println!("{}", summary(report));
                open_once();
            } else {
                println!("{}", rebuild_line(rebuilt, trigger));
            }
            if timings {
                print!("{}", phase_table(&report.timings, &report.cpu));
            }
        }
        Notice::Failed(error) => {
            open_once();
            print_problems(
                error,
                false,
                "the last good version of the site is still served; fix the problem and save",
            );
        }
        Notice::Indexed { documents, took } => println!(
            "search index: {documents} pages and programs in {} ms",
            took.as_millis()
        ),
        Notice::WatchProblem(problem) => eprintln!("warning: watching the site: {problem}"),
        Notice::StreamsFull { limit } => eprintln!(
            "note: {limit} pages are open with live reload, the most `serve` keeps \
             (--max-streams); pages opened now do not reload by themselves until others close"
        ),
    });
    let server = match server {
        Ok(server) => server,
        Err(error) => return fail(&anyhow::Error::new(error), false),
    };
    let Some(stopper) = server.stopper() else {
        return ExitCode::SUCCESS;
    };
    let waited = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|runtime| {
            runtime.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        });
    if let Err(e) = waited {
        eprintln!("error: waiting for Ctrl-C: {e}");
    }
    stopper.stop();
    server.stop();
    println!("stopped");
    ExitCode::SUCCESS
}

/// One line per rebuild: how long, what triggered it, what it rendered and changed.
fn rebuild_line(rebuilt: &Rebuilt, trigger: usize) -> String {
    use std::fmt::Write as _;
    let report = &rebuilt.report;
    let files = report.files;
    let mut line = format!(
        "rebuilt in {} ms ({trigger} changed input{}): {} rendered, {} file{} changed, {} removed",
        report.elapsed().as_millis(),
        plural(trigger),
        report.rendered,
        files.written,
        plural(files.written),
        files.removed,
    );
    let first: Vec<&str> = rebuilt.changed.iter().take(3).map(String::as_str).collect();
    if !first.is_empty() {
        line.push_str(" -> ");
        line.push_str(&first.join(", "));
        if rebuilt.changed.len() > first.len() {
            let _ = write!(line, " and {} more", rebuilt.changed.len() - first.len());
        }
    }
    line
}

/// Print a check's report in `format`, and say how it ends.
fn print_check(
    report: &CheckReport,
    format: Format,
    deny_warnings: bool,
    verbose: bool,
) -> ExitCode {
    let diagnostics = &report.diagnostics;
    match format {
        Format::Json => print!(
            "{}",
            report::json(diagnostics, &omissions(&report.left_out))
        ),
        Format::Github => print!("{}", report::github(diagnostics, verbose)),
        Format::Human => {
            print!("{}", report::human(diagnostics, verbose));
            let omitted = omissions(&report.left_out);
            print!("{}", report::omissions(&omitted, verbose));
            let mut external = String::new();
            if report.external + report.external_skipped > 0 {
                external = format!(
                    ", {} external link{} ({} from the cache, {} skipped)",
                    report.external,
                    plural(report.external),
                    report.external_cached,
                    report.external_skipped
                );
            }
            println!(
                "checked {} pages and {} links{external} in {} ms: {}{}",
                report.pages,
                report.links,
                report.elapsed().as_millis(),
                report::totals(diagnostics),
                afterword(&omitted, report.ignored)
            );
        }
    }
    let (errors, warnings) = report::counts(diagnostics);
    if errors > 0 || (deny_warnings && warnings > 0) {
        let config = diagnostics
            .iter()
            .any(|d| d.is_error() && d.code.as_str().starts_with("config/"));
        ExitCode::from(if config { EXIT_USAGE } else { EXIT_PROBLEMS })
    } else {
        ExitCode::SUCCESS
    }
}

/// What the site left out, as the report lists it.
fn omissions(left_out: &[LeftOut]) -> Vec<report::Omission<'_>> {
    left_out
        .iter()
        .map(|l| report::Omission {
            kind: l.kind.as_str(),
            location: &l.location,
            name: &l.name,
            reason: l.reason,
        })
        .collect()
}

/// "; left out 2 pages and 5 programs (listed above); 12 diagnostics ignored by site.yaml".
fn afterword(omitted: &[report::Omission<'_>], ignored: usize) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    if !omitted.is_empty() {
        let _ = write!(
            text,
            "; left out {} (listed above)",
            report::omission_counts(omitted)
        );
    }
    if ignored > 0 {
        let _ = write!(
            text,
            "; {ignored} diagnostic{} ignored by site.yaml",
            plural(ignored)
        );
    }
    text
}

fn summary(report: &BuildReport) -> String {
    let files = report.files;
    let programs = if report.programs > 0 {
        format!(", {}", count(report.programs, "program"))
    } else {
        String::new()
    };
    format!(
        "built {}, {}, {}{programs}: {} written, {} unchanged, {} removed in {} ms -> {}{}{}",
        count(report.pages, "page"),
        count(report.sections, "section page"),
        count(report.tags, "tag"),
        count(files.written, "file"),
        files.unchanged,
        files.removed,
        report.elapsed().as_millis(),
        report.output.display(),
        if report.unchanged {
            " (no input changed since the last build)"
        } else {
            ""
        },
        afterword(&omissions(&report.left_out), report.ignored)
    )
}

/// `1 page`, `2 pages`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// One line per phase: wall time and share of the build; then the thread time inside the
/// parallel render pass.
fn phase_table(
    timings: &[(&'static str, std::time::Duration)],
    cpu: &[(&'static str, std::time::Duration)],
) -> String {
    use std::fmt::Write as _;
    let total = timings
        .iter()
        .map(|(_, d)| d.as_secs_f64())
        .sum::<f64>()
        .max(f64::EPSILON);
    let mut out = String::new();
    for (phase, time) in timings {
        let secs = time.as_secs_f64();
        let _ = writeln!(
            out,
            "  {phase:<8} {:>9.1} ms  {:>5.1}%",
            secs * 1e3,
            secs / total * 100.0
        );
    }
    let cpu: Vec<String> = cpu
        .iter()
        .map(|(what, time)| format!("{what} {:.1} ms", time.as_secs_f64() * 1e3))
        .collect();
    if !cpu.is_empty() {
        let _ = writeln!(
            out,
            "  (render phase, summed over threads: {})",
            cpu.join(", ")
        );
    }
    out
}

fn fail(error: &anyhow::Error, verbose: bool) -> ExitCode {
    let code = match error.downcast_ref::<Error>() {
        Some(e @ (Error::Site(_) | Error::Config(_))) => {
            print_problems(e, verbose, "the previous output was left as it was");
            u8::try_from(e.exit_code()).unwrap_or(EXIT_INTERNAL)
        }
        Some(e) => {
            eprintln!("error: {e}");
            u8::try_from(e.exit_code()).unwrap_or(EXIT_INTERNAL)
        }
        None => {
            eprintln!("error: {error:#}");
            EXIT_INTERNAL
        }
    };
    debug_assert!(code == EXIT_PROBLEMS || code == EXIT_USAGE || code == EXIT_INTERNAL);
    ExitCode::from(code)
}

/// Every problem of a failed build, numbered and folded, then a count and `outcome`.
fn print_problems(error: &Error, verbose: bool, outcome: &str) {
    match error {
        Error::Site(d) | Error::Config(d) => {
            eprint!("{}", report::human(d, verbose));
            let (errors, warnings) = report::counts(d);
            let denied = if errors == 0 {
                " (warnings are denied)"
            } else {
                ""
            };
            eprintln!(
                "build failed: {errors} error{}, {warnings} warning{}{denied}; {outcome}",
                plural(errors),
                plural(warnings)
            );
        }
        e => eprintln!("error: {e}; {outcome}"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
