//! Output: writes rendered files and static files into the output folder from a manifest.
//! A file is written only when its bytes changed (through a temporary file and a rename), files
//! of the previous build that are no longer produced are removed, and nothing else is touched.
//! It refuses folders it did not create (unless forced) and folders that hold the site's inputs.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".matchpress-manifest";
const MANIFEST_HEADER: &str =
    "# matchpress manifest v2: hash, size and path of every file written; do not edit";

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

/// What the previous build wrote at a path: a hash and the size of the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    hash: u64,
    size: u64,
}

/// What `Writer::put` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The output already held these bytes.
    Unchanged(Entry),
    /// The bytes were written aside, to be moved into place by `Writer::finish`.
    Staged {
        /// Hash of the bytes.
        hash: u64,
        /// Their length.
        size: u64,
    },
    /// There was no file at this path: the bytes were written in place (and are removed
    /// again by `Writer::abandon`).
    Created {
        /// Hash of the bytes.
        hash: u64,
        /// Their length.
        size: u64,
    },
}

/// Writes a build's files: each file is compared with what the previous build wrote and,
/// when it changed, written to a staging folder inside the output; `finish` moves the staged
/// files into place, removes files no longer produced and writes the manifest. Until then the
/// previous output is untouched, so a build that fails leaves it as it was, while pages are
/// written as they are rendered and never all held in memory.
#[derive(Debug)]
pub struct Writer {
    output: PathBuf,
    staging: PathBuf,
    previous: HashMap<String, Option<Entry>>,
    /// When the previous manifest was written: a file modified before it still holds what
    /// that build wrote; one modified since may have been edited by hand.
    previous_time: u128,
}

/// The staging folder's name, inside the output folder.
pub const STAGING: &str = ".matchpress-staging";

impl Writer {
    /// Prepare to write into `output` (created if missing).
    pub fn open(output: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(output).map_err(|e| Error::io("creating", output, e))?;
        let staging = output.join(STAGING);
        if staging.exists() {
            // Left by a build that was killed: nothing in it is trusted.
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io("removing", &staging, e))?;
        }
        let previous_time = std::fs::metadata(output.join(MANIFEST)).map_or(0, |m| mtime(&m));
        Ok(Self {
            previous: read_manifest(output)?,
            previous_time,
            output: output.to_path_buf(),
            staging,
        })
    }

    /// Put `bytes` at `rel` (relative to the output folder) unless they are already there.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<Put, Error> {
        let hash = hash_bytes(bytes);
        let size = bytes.len() as u64;
        let dest = self.output.join(rel);
        let compare_bytes = match self.previous.get(rel) {
            Some(Some(entry)) if entry.hash == hash && entry.size == size => {
                // The manifest says we wrote these bytes; trust it if the file was not touched.
                match std::fs::metadata(&dest) {
                    Ok(meta) if meta.len() == size && mtime(&meta) < self.previous_time => {
                        return Ok(Put::Unchanged(*entry));
                    }
                    Ok(_) => true,
                    Err(_) => false,
                }
            }
            Some(Some(_)) => false,
            // No hash on record (a foreign folder, or an old manifest): compare the bytes.
            Some(None) | None => dest.is_file(),
        };
        if compare_bytes
            && let Ok(existing) = std::fs::read(&dest)
            && existing == bytes
        {
            return Ok(Put::Unchanged(Entry { hash, size }));
        }
        // A new file replaces nothing, so it can go straight to its place; a changed one waits
        // in the staging folder until the whole build has succeeded.
        let is_new = !compare_bytes && std::fs::symlink_metadata(&dest).is_err();
        let target = if is_new { dest } else { self.staging.join(rel) };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io("writing", &target, e))?;
        Ok(if is_new {
            Put::Created { hash, size }
        } else {
            Put::Staged { hash, size }
        })
    }

    /// Put a copy of the file `from` at `rel`.
    pub fn put_file(&self, rel: &str, from: &Path) -> Result<Put, Error> {
        let bytes = std::fs::read(from).map_err(|e| Error::io("reading", from, e))?;
        self.put(rel, &bytes)
    }

    /// Move the staged files into place, remove the previous build's files that `files` does
    /// not hold, and record `files` in the manifest.
    pub fn finish(self, files: &[(String, Put)]) -> Result<WriteReport, Error> {
        let mut report = WriteReport::default();
        let mut entries: Vec<(&str, Entry)> = Vec::with_capacity(files.len());
        for (rel, put) in files {
            let entry = match *put {
                Put::Unchanged(entry) => {
                    report.unchanged += 1;
                    entry
                }
                Put::Staged { hash, size } => {
                    let dest = self.output.join(rel);
                    if let Some(parent) = dest.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| Error::io("creating", parent, e))?;
                    }
                    let staged = self.staging.join(rel);
                    std::fs::rename(&staged, &dest)
                        .map_err(|e| Error::io("replacing", &dest, e))?;
                    report.written += 1;
                    Entry { hash, size }
                }
                Put::Created { hash, size } => {
                    report.written += 1;
                    Entry { hash, size }
                }
            };
            entries.push((rel, entry));
        }
        let current: HashSet<&str> = entries.iter().map(|(rel, _)| *rel).collect();
        let mut stale: Vec<&String> = self
            .previous
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .collect();
        stale.sort();
        for rel in stale {
            // The manifest is ours to read, but never trust a path that would leave the folder.
            if !is_plain_relative(rel) {
                continue;
            }
            let path = self.output.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    report.removed += 1;
                    remove_empty_parents(&self.output, &path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing", &path, e)),
            }
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut manifest = String::from(MANIFEST_HEADER);
        manifest.push('\n');
        for (rel, e) in &entries {
            let _ = writeln!(manifest, "{:016x}\t{}\t{rel}", e.hash, e.size);
        }
        // Written last, so its time is after every file this build wrote (see `put`).
        write_if_changed(&self.output.join(MANIFEST), manifest.as_bytes())?;
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(report)
    }

    /// Undo a failed build: drop everything staged and remove the files it created, so the
    /// output is as the previous build left it.
    pub fn abandon(&self, files: &[(String, Put)]) {
        // Best effort: a leftover staging folder is removed by the next build anyway.
        let _ = std::fs::remove_dir_all(&self.staging);
        for (rel, put) in files {
            if let Put::Created { .. } = put {
                let path = self.output.join(rel);
                if std::fs::remove_file(&path).is_ok() {
                    remove_empty_parents(&self.output, &path);
                }
            }
        }
    }
}

fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// A hash of output bytes: XXH3, fast and the same on every machine and in every version.
fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The manifest: path -> what was written there (`None` for entries of an old manifest).
fn read_manifest(output: &Path) -> Result<HashMap<String, Option<Entry>>, Error> {
    let path = output.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            match fields[..] {
                [hash, size, rel] => {
                    let entry = u64::from_str_radix(hash, 16).ok().and_then(|hash| {
                        Some(Entry {
                            hash,
                            size: size.parse().ok()?,
                        })
                    });
                    (rel.to_string(), entry)
                }
                _ => (line.to_string(), None),
            }
        })
        .collect())
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
