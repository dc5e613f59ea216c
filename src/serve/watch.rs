//! Watching the inputs: notify's debouncer over `content/`, `data/`, `themes/`, `templates/`,
//! `static/` (recursively) and the site's folder itself (for `site.yaml`, and for input folders
//! created later). Events become hints: the paths that may have changed, with editor files and
//! everything the build does not read left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::error::Error;
use crate::session::Changes;
use crate::source::{INPUT_FOLDERS, InputPath, is_input_folder};

/// How long the debouncer waits for an event's siblings (an editor's write, rename and
/// chmod of one save) before passing them on.
const DEBOUNCE: Duration = Duration::from_millis(8);

/// What the watcher reports.
#[derive(Debug)]
pub(super) enum Hint {
    /// These paths may have changed.
    Paths(Vec<PathBuf>),
    /// Events were lost: everything may have changed.
    Rescan,
    /// The watcher failed somehow (reported, not fatal).
    Problem(String),
}

/// Hints gathered into one rebuild.
#[derive(Debug, Default)]
pub(super) struct Batch {
    paths: BTreeSet<PathBuf>,
    rescan: bool,
    problems: Vec<String>,
}

impl Batch {
    pub(super) fn add(&mut self, hint: Hint) {
        match hint {
            Hint::Paths(paths) => self.paths.extend(paths),
            Hint::Rescan => self.rescan = true,
            Hint::Problem(problem) => self.problems.push(problem),
        }
    }

    /// How many paths changed.
    pub(super) fn len(&self) -> usize {
        self.paths.len()
    }

    pub(super) fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The changes to rebuild for, if any.
    pub(super) fn into_changes(self) -> Option<Changes> {
        if self.rescan {
            Some(Changes::Everything)
        } else if self.paths.is_empty() {
            None
        } else {
            Some(Changes::Paths(self.paths.into_iter().collect()))
        }
    }
}

/// The debouncer and what it watches.
pub(super) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watch the site at `root` (absolute), sending hints to `hints`.
    pub(super) fn start(root: &Path, hints: mpsc::Sender<Hint>) -> Result<Self, Error> {
        let base = root.to_path_buf();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let hint = match result {
                Ok(events) => {
                    if events.iter().any(|e| e.need_rescan()) {
                        Hint::Rescan
                    } else {
                        let paths: BTreeSet<PathBuf> = events
                            .iter()
                            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                            .flat_map(|e| e.paths.iter())
                            .filter(|p| is_relevant(&base, p))
                            .cloned()
                            .collect();
                        if paths.is_empty() {
                            return;
                        }
                        Hint::Paths(paths.into_iter().collect())
                    }
                }
                Err(errors) => Hint::Problem(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = hints.send(hint);
        })
        .map_err(|e| watch_error(root, &e))?;
        let mut watcher = Self {
            debouncer,
            watched: BTreeSet::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, &e))?;
        for folder in INPUT_FOLDERS {
            watcher.watch_folder(&root.join(folder))?;
        }
        Ok(watcher)
    }

    /// Follow input folders that were created or removed since (they show up in `batch`, or
    /// anything may have happened after a rescan).
    pub(super) fn watch_new_folders(&mut self, root: &Path, batch: &Batch) {
        for folder in INPUT_FOLDERS {
            let path = root.join(folder);
            if !batch.rescan && !batch.paths.contains(&path) {
                continue;
            }
            if path.is_dir() {
                if !self.watched.contains(&path) {
                    let _ = self.watch_folder(&path);
                }
            } else if self.watched.remove(&path) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
    }

    fn watch_folder(&mut self, path: &Path) -> Result<(), Error> {
        if !path.is_dir() || self.watched.contains(path) {
            return Ok(());
        }
        self.debouncer
            .watch(path, RecursiveMode::Recursive)
            .map_err(|e| watch_error(path, &e))?;
        self.watched.insert(path.to_path_buf());
        Ok(())
    }
}

/// Whether a changed path can matter to the build: an input file, or a folder among the inputs
/// (created, renamed or removed with its files).
fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    match InputPath::of(rel) {
        // A folder among the inputs, or something removed that may have been one (files the
        // build does not read have extensions; folders rarely do).
        InputPath::Other => {
            is_input_folder(rel)
                && !has_ignored_name(rel)
                && (path.is_dir() || (!path.exists() && rel.extension().is_none()))
        }
        _ => true,
    }
}

fn has_ignored_name(rel: &Path) -> bool {
    rel.components()
        .any(|c| crate::source::is_ignored(&c.as_os_str().to_string_lossy()))
}

fn watch_error(path: &Path, error: &notify::Error) -> Error {
    Error::Io {
        action: "watching",
        path: path.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    }
}
