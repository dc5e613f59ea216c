//! Output: writes rendered files and static files into the output folder from a manifest.
//! A file is written only when its bytes changed (through a temporary file and a rename), files
//! of the previous build that are no longer produced are removed, and nothing else is touched.
//! It refuses folders it did not create (unless forced) and folders that hold the site's inputs.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::source::StaticFile;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".matchpress-manifest";
const MANIFEST_HEADER: &str = "# matchpress manifest v1: files written by matchpress; do not edit";

/// What the output phase did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes were new or changed.
    pub written: usize,
    /// Files already holding the right bytes.
    pub unchanged: usize,
    /// Files of the previous build that are no longer produced.
    pub removed: usize,
}

/// One file to put in the output: rendered bytes or a static file to copy.
#[derive(Debug, Clone)]
pub enum OutputFile {
    /// Bytes rendered by the build.
    Rendered(String, Vec<u8>),
    /// A file copied as is.
    Static(StaticFile),
}

impl OutputFile {
    /// Path relative to the output folder.
    pub fn rel(&self) -> &str {
        match self {
            Self::Rendered(rel, _) => rel,
            Self::Static(s) => &s.rel,
        }
    }
}

/// Check that `output` is a folder matchpress may write the site at `root` into.
pub fn check_target(root: &Path, output: &Path, force: bool) -> Result<(), Error> {
    let refuse = |reason: String| Error::OutputRefused {
        path: output.to_path_buf(),
        reason,
    };
    let root = absolute(root);
    let out = absolute(output);
    if out == root || root.starts_with(&out) {
        return Err(refuse(
            "it is the site's folder or one of its parents; every file in it would be at risk"
                .to_string(),
        ));
    }
    for input in ["content", "data", "themes", "templates", "static"] {
        if out.starts_with(root.join(input)) {
            return Err(refuse(format!(
                "it is inside {input}/, which holds the site's inputs; choose a folder like public/"
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".to_string()));
    }
    if !force && out.is_dir() && !out.join(MANIFEST).is_file() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| Error::io("listing", &out, e))?;
        if entries.next().is_some() {
            return Err(refuse(
                "it is not empty and matchpress did not create it (there is no .matchpress-manifest); \
                 choose another folder, empty this one, or pass --force to write into it"
                    .to_string(),
            ));
        }
    }
    Ok(())
}

/// Write `files` into `output`, remove what the previous build wrote and this one did not.
pub fn write(output: &Path, files: &[OutputFile]) -> Result<WriteReport, Error> {
    std::fs::create_dir_all(output).map_err(|e| Error::io("creating", output, e))?;
    let previous = read_manifest(output)?;
    let outcomes: Vec<Result<bool, Error>> = files
        .par_iter()
        .map(|file| {
            let dest = output.join(file.rel());
            match file {
                OutputFile::Rendered(_, bytes) => write_if_changed(&dest, bytes),
                OutputFile::Static(s) => {
                    let bytes =
                        std::fs::read(&s.from).map_err(|e| Error::io("reading", &s.from, e))?;
                    write_if_changed(&dest, &bytes)
                }
            }
        })
        .collect();
    let mut report = WriteReport::default();
    for outcome in outcomes {
        if outcome? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    let current: BTreeSet<&str> = files.iter().map(OutputFile::rel).collect();
    for stale in previous.iter().filter(|p| !current.contains(p.as_str())) {
        // The manifest is ours to read, but never trust a path that would leave the folder.
        if !is_plain_relative(stale) {
            continue;
        }
        let path = output.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                report.removed += 1;
                remove_empty_parents(output, &path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("removing", &path, e)),
        }
    }
    let mut manifest = String::from(MANIFEST_HEADER);
    manifest.push('\n');
    for rel in &current {
        manifest.push_str(rel);
        manifest.push('\n');
    }
    write_if_changed(&output.join(MANIFEST), manifest.as_bytes())?;
    Ok(report)
}

fn read_manifest(output: &Path) -> Result<Vec<String>, Error> {
    let path = output.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io("reading", &path, e)),
    }
}

/// Write `bytes` to `dest` unless it already holds them; returns whether it wrote.
fn write_if_changed(dest: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if let Ok(existing) = std::fs::read(dest)
        && existing == bytes
    {
        return Ok(false);
    }
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    }
    // A reader (or a crash) never sees half a file: write aside, then rename over.
    let mut tmp = dest.as_os_str().to_owned();
    tmp.push(".matchpress-tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("writing", &tmp, e))?;
    std::fs::rename(&tmp, dest).map_err(|e| Error::io("replacing", dest, e))?;
    Ok(true)
}

fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) {
            break;
        }
        // Fails (and stops) on the first folder that still holds something.
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn is_plain_relative(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// An absolute, normalized form of `path`, resolving symlinks where the path exists.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalize the longest existing prefix, then append the rest.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalize(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalize(&path),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_that_leave_the_folder_are_ignored() {
        assert!(is_plain_relative("guides/a/index.html"));
        assert!(!is_plain_relative("../etc/passwd"));
        assert!(!is_plain_relative("/etc/passwd"));
    }

    #[test]
    fn normalize_drops_dot_segments() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
