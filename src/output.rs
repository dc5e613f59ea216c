//! Output: writes rendered files and static files into the output folder from a manifest.
//! A file is written only when its bytes changed (through a temporary file and a rename), files
//! of the previous build that are no longer produced are removed, and nothing else is touched.
//! It refuses folders it did not create (unless forced) and folders that hold the site's inputs.
//! Below the output folder it never follows a link: a link where it writes is replaced, a link
//! where it would remove is left alone. A build marks the folder as its own (an in-progress
//! marker, written atomically before any page), so an interrupted build is completed, not refused.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::Error;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".matchpress-manifest";
const MANIFEST_HEADER: &str =
    "# matchpress manifest v2: hash, size and path of every file written; do not edit";

/// The in-progress marker's file name, in the output folder: present while a build writes, and
/// left by a build that was interrupted.
pub const MARKER: &str = ".matchpress-building";
const MARKER_HEADER: &str = "# matchpress build in progress: paths it may create; do not edit";

/// The suffix of the temporary file an atomic write renames into place.
const TMP_SUFFIX: &str = ".matchpress-tmp";

/// What the output phase did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    for input in [
        "content",
        "data",
        "themes",
        "templates",
        "static",
        crate::source::CACHE_FOLDER,
    ] {
        if out.starts_with(root.join(input)) {
            return Err(refuse(format!(
                "it is inside {input}/, which holds the site's inputs or its cache; choose a folder like public/"
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".to_string()));
    }
    if !force
        && out.is_dir()
        && !is_regular_file(&out.join(MANIFEST))
        && !is_regular_file(&out.join(MARKER))
    {
        let entries = std::fs::read_dir(&out).map_err(|e| Error::io("listing", &out, e))?;
        // What a build killed before its marker was in place leaves does not make the folder
        // someone else's.
        let mut foreign = entries
            .filter_map(Result::ok)
            .filter(|e| !is_own_leftover(&e.file_name().to_string_lossy()));
        if foreign.next().is_some() {
            return Err(refuse(
                "it is not empty and matchpress did not create it (there is no .matchpress-manifest); \
                 choose another folder, empty this one, or pass --force to write into it"
                    .to_string(),
            ));
        }
    }
    Ok(())
}

/// The output folder as a build left it: how many files its manifest lists, and a digest of
/// the manifest's and each file's size, modification time and (on Unix) change time and
/// inode. Any change to a file, even one that keeps its size and puts its time back, changes
/// the change time, and so the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Intact {
    /// Files the manifest lists.
    pub files: usize,
    /// The digest.
    pub digest: u64,
}

/// The state of `output` (see `Intact`) when it is as a finished build leaves it: no build in
/// progress or interrupted, and every file the manifest lists a plain file of the size it
/// records. `None` otherwise, or when anything cannot be read.
pub fn intact(output: &Path) -> Option<Intact> {
    let manifest = output.join(MANIFEST);
    let meta = std::fs::symlink_metadata(&manifest).ok()?;
    if !meta.file_type().is_file()
        || std::fs::symlink_metadata(output.join(MARKER)).is_ok()
        || std::fs::symlink_metadata(output.join(STAGING)).is_ok()
    {
        return None;
    }
    let manifest = read_manifest(output).ok()?;
    let (intact, _) = listed_states(output, &meta, &manifest)?;
    Some(intact)
}

/// The output folder as a finished build left it: the states its `Intact` is made of (the
/// manifest's, and each listed file's in the order of their paths), with which the next build
/// trusts each file that is still as it was without looking at its bytes (`Writer::trust`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    manifest: u64,
    files: Vec<u64>,
}

impl Left {
    /// The folder's state as `intact` finds it.
    pub fn intact(&self) -> Intact {
        Intact::of(self.manifest, &self.files)
    }

    /// Its bytes, for `decode`, tied to the output folder `at` (its absolute path).
    pub fn encode(&self, at: &Path) -> Vec<u8> {
        let words = [path_hash(at), self.manifest, self.files.len() as u64];
        let mut bytes = Vec::with_capacity((words.len() + self.files.len()) * 8);
        for word in words.iter().chain(&self.files) {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes
    }

    /// The states `encode` wrote for the folder `at`, if `bytes` are whole and for it.
    pub fn decode(bytes: &[u8], at: &Path) -> Option<Self> {
        let mut words = bytes
            .chunks_exact(8)
            .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()));
        if !bytes.len().is_multiple_of(8) || words.next()? != path_hash(at) {
            return None;
        }
        let manifest = words.next()?;
        let count = usize::try_from(words.next()?).ok()?;
        let files: Vec<u64> = words.collect();
        (files.len() == count).then_some(Self { manifest, files })
    }
}

fn path_hash(at: &Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(at.as_os_str().as_encoded_bytes())
}

/// The state of each file `listed` (the manifest's entries) by path, sorted, and the `Intact`
/// they make with the manifest's `meta`; `None` unless every one is a plain file of the size
/// listed.
fn listed_states<'a>(
    output: &Path,
    meta: &std::fs::Metadata,
    listed: &'a HashMap<String, Option<Entry>>,
) -> Option<(Intact, Vec<(&'a str, u64)>)> {
    use rayon::prelude::*;
    let each: Vec<(&str, u64)> = sorted(listed)
        .par_iter()
        .map(|&(rel, entry)| Some((rel, listed_file_state(output, rel, entry?.size)?)))
        .collect::<Option<_>>()?;
    let states: Vec<u64> = each.iter().map(|&(_, state)| state).collect();
    Some((Intact::of(file_state(MANIFEST, meta), &states), each))
}

/// The manifest's entries `listed`, in the order of their paths (the manifest's order).
fn sorted(listed: &HashMap<String, Option<Entry>>) -> Vec<(&str, Option<Entry>)> {
    let mut entries: Vec<(&str, Option<Entry>)> = listed
        .iter()
        .map(|(rel, entry)| (rel.as_str(), *entry))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

impl Intact {
    /// From the manifest's state (`file_state`) and those of the files it lists, in the
    /// manifest's order.
    fn of(manifest: u64, files: &[u64]) -> Self {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&manifest.to_le_bytes());
        for digest in files {
            h.update(&digest.to_le_bytes());
        }
        Self {
            files: files.len(),
            digest: h.digest(),
        }
    }
}

/// The state `Intact` keeps of the file the manifest lists at `rel` with `size` bytes:
/// `None` unless it is a plain file of that size at a plain relative path.
fn listed_file_state(output: &Path, rel: &str, size: u64) -> Option<u64> {
    if !is_plain_relative(rel) {
        return None;
    }
    let meta = std::fs::symlink_metadata(output.join(rel)).ok()?;
    (meta.file_type().is_file() && meta.len() == size).then(|| file_state(rel, &meta))
}

/// The state of the file at `rel` as `Intact` keeps it: its path and `hash_file_state`.
fn file_state(rel: &str, meta: &std::fs::Metadata) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(rel.as_bytes());
    h.update(&[0]);
    crate::source::hash_file_state(&mut h, meta);
    h.digest()
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
    /// The output already held these bytes; with the file's state when it was found so
    /// (for `Intact`), when it was looked at.
    Unchanged(Entry, Option<u64>),
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

impl Put {
    /// The hash and the size of the bytes at the path now.
    pub fn hash_and_size(&self) -> (u64, u64) {
        match *self {
            Put::Unchanged(Entry { hash, size }, _)
            | Put::Staged { hash, size }
            | Put::Created { hash, size } => (hash, size),
        }
    }
}

/// Writes a build's files: each file is compared with what the previous build wrote and,
/// when it changed, written to a staging folder inside the output; `finish` moves the staged
/// files into place, removes files no longer produced and writes the manifest. Until then the
/// previous output is untouched, so a build that fails leaves it as it was, while pages are
/// written as they are rendered and never all held in memory.
///
/// Below the output folder no link is followed: a link where a file or folder of the site goes
/// is replaced (the link removed, its target untouched), and a link is never written through
/// nor removed through.
#[derive(Debug)]
pub struct Writer {
    output: PathBuf,
    staging: PathBuf,
    previous: HashMap<String, Option<Entry>>,
    /// When the previous manifest was written: a file modified before it still holds what
    /// that build wrote; one modified since may have been edited by hand.
    previous_time: u128,
    /// Paths an interrupted build may have created (its marker's), which the manifest lacks.
    carried: Vec<String>,
    /// Folders below the output (relative to it) seen to be real folders, not links.
    real_dirs: Mutex<HashSet<PathBuf>>,
    /// The paths in the marker (see `open` and `plan_more`).
    marked: Mutex<BTreeSet<String>>,
    /// The state of each file the previous build wrote, when the folder is as that build left
    /// it (see `trust`): such a file holds what the manifest says without being looked at.
    trusted: HashMap<String, u64>,
    /// Whether `trust` had the states the previous build left: then a file not trusted has
    /// changed since, whatever its modification time says, and its bytes are compared.
    recorded: bool,
}

/// The staging folder's name, inside the output folder.
pub const STAGING: &str = ".matchpress-staging";

/// What is at an output path, looked at without following a link.
enum At {
    /// Nothing (nor its folder).
    Missing,
    /// A plain file in real folders.
    File(std::fs::Metadata),
    /// A link, a folder, or a link on the way to it.
    Other,
}

/// Whether a path's folders are real folders.
enum Dirs {
    Real,
    Missing,
    /// A link or a file is where a folder goes.
    Blocked,
}

impl Writer {
    /// Prepare to write into `output` (created if missing) the files at `planned` (relative
    /// paths), and mark the folder as being built, before any file is written.
    pub fn open<'a>(
        output: &Path,
        planned: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Error> {
        std::fs::create_dir_all(output).map_err(|e| Error::io("creating", output, e))?;
        let staging = output.join(STAGING);
        // Left by a build that was killed: nothing in it is trusted, and a link of that name
        // is removed, not followed.
        remove_own(&staging)?;
        let manifest = output.join(MANIFEST);
        let previous_time = if is_regular_file(&manifest) {
            std::fs::metadata(&manifest).map_or(0, |m| mtime(&m))
        } else {
            0
        };
        let mut previous = read_manifest(output)?;
        let carried: Vec<String> = read_marker(output)?
            .into_iter()
            .filter(|rel| is_plain_relative(rel) && !previous.contains_key(rel))
            .collect();
        for rel in &carried {
            previous.insert(rel.clone(), None);
        }
        let writer = Self {
            previous,
            previous_time,
            output: output.to_path_buf(),
            staging,
            carried,
            real_dirs: Mutex::new(HashSet::new()),
            marked: Mutex::new(BTreeSet::new()),
            trusted: HashMap::new(),
            recorded: false,
        };
        // An interrupted build may have left a file half written beside its place.
        for rel in &writer.carried {
            let tmp = format!("{rel}{TMP_SUFFIX}");
            if let At::File(_) = writer.look(&tmp) {
                let path = output.join(&tmp);
                std::fs::remove_file(&path).map_err(|e| Error::io("removing", &path, e))?;
            }
        }
        // The marker names every path this build may create (where there is nothing yet), so
        // a next build knows them as its own even if this one never finishes.
        writer
            .marked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(writer.carried.iter().cloned());
        writer.plan_more(planned)?;
        Ok(writer)
    }

    /// Add `planned` (relative paths) to the paths this build may create, before any of them
    /// is written: `open` names the paths known at the start, and a step that learns its
    /// paths later (the search index) names them here.
    pub fn plan_more<'a>(&self, planned: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
        let mut marked = self.marked.lock().unwrap_or_else(PoisonError::into_inner);
        for rel in planned {
            if !self.previous.contains_key(rel) && matches!(self.look(rel), At::Missing) {
                marked.insert(rel.to_string());
            }
        }
        write_atomic(
            &self.output.join(MARKER),
            marker_text(marked.iter().map(String::as_str)).as_bytes(),
        )
    }

    /// Trust each file the previous build wrote that is still as that build `last` left it
    /// (`finish`) to hold what the manifest says, without looking at it again: the manifest
    /// and every listed file are looked at once, here, together (on every core), and a file
    /// whose state (size, times, inode) is not the one recorded is not trusted: `keep` and
    /// `put` look at it as they would without a record. How many files are trusted.
    pub fn trust(&mut self, last: &Left) -> usize {
        use rayon::prelude::*;
        let Ok(meta) = std::fs::symlink_metadata(self.output.join(MANIFEST)) else {
            return 0;
        };
        if !meta.file_type().is_file()
            || !self.carried.is_empty()
            || file_state(MANIFEST, &meta) != last.manifest
        {
            return 0;
        }
        if self.previous.len() != last.files.len() {
            return 0;
        }
        let listed = sorted(&self.previous);
        self.recorded = true;
        let output = &self.output;
        let trusted: HashMap<String, u64> = listed
            .par_iter()
            .zip(&last.files)
            .filter_map(|(&(rel, entry), &was)| {
                let state = listed_file_state(output, rel, entry?.size)?;
                (state == was).then(|| (rel.to_string(), state))
            })
            .collect();
        self.trusted = trusted;
        self.trusted.len()
    }

    /// What the previous build wrote at `rel`, when it wrote these bytes (`hash`, `size`) and
    /// its file is trusted (see `trust`): kept as it is.
    fn trusted(&self, rel: &str, hash: u64, size: u64) -> Option<Put> {
        let state = *self.trusted.get(rel)?;
        match self.previous.get(rel) {
            Some(Some(entry)) if entry.hash == hash && entry.size == size => {
                Some(Put::Unchanged(*entry, Some(state)))
            }
            _ => None,
        }
    }

    /// Keep the file at `rel` as it is, without its bytes, when the previous build wrote it
    /// with this hash and size and it still holds them (as `put` would find: trusted when its
    /// state is the one recorded (`trust`), or, without a record, when it was not modified
    /// since that build's manifest; else read); `None` otherwise: then the
    /// bytes are needed.
    pub fn keep(&self, rel: &str, hash: u64, size: u64) -> Option<Put> {
        let Some(Some(entry)) = self.previous.get(rel) else {
            return None;
        };
        if entry.hash != hash || entry.size != size {
            return None;
        }
        if let Some(put) = self.trusted(rel, hash, size) {
            return Some(put);
        }
        let At::File(meta) = self.look(rel) else {
            return None;
        };
        let holds = meta.len() == size
            && ((!self.recorded && mtime(&meta) < self.previous_time)
                || std::fs::read(self.output.join(rel))
                    .is_ok_and(|bytes| hash_bytes(&bytes) == hash));
        holds.then(|| Put::Unchanged(*entry, Some(file_state(rel, &meta))))
    }

    /// Keep the file at `rel` as the previous build wrote it, whatever that was (see `keep`):
    /// for a file whose path says what it holds.
    pub fn keep_as_written(&self, rel: &str) -> Option<Put> {
        let Some(Some(entry)) = self.previous.get(rel) else {
            return None;
        };
        self.keep(rel, entry.hash, entry.size)
    }

    /// Put `bytes` at `rel` (relative to the output folder) unless they are already there.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<Put, Error> {
        let hash = hash_bytes(bytes);
        let size = bytes.len() as u64;
        if let Some(put) = self.trusted(rel, hash, size) {
            return Ok(put);
        }
        let dest = self.output.join(rel);
        let at = self.look(rel);
        let compare_bytes = match (&at, self.previous.get(rel)) {
            (At::File(meta), Some(Some(entry))) if entry.hash == hash && entry.size == size => {
                // The manifest says we wrote these bytes; trust it if the file was not touched.
                if meta.len() == size && !self.recorded && mtime(meta) < self.previous_time {
                    return Ok(Put::Unchanged(*entry, Some(file_state(rel, meta))));
                }
                true
            }
            (_, Some(Some(_))) => false,
            // No hash on record (a foreign folder, an old manifest, an interrupted build):
            // compare the bytes.
            (At::File(_), _) => true,
            _ => false,
        };
        if compare_bytes
            && let Ok(existing) = std::fs::read(&dest)
            && existing == bytes
        {
            let state = match &at {
                At::File(meta) => Some(file_state(rel, meta)),
                _ => None,
            };
            return Ok(Put::Unchanged(Entry { hash, size }, state));
        }
        if let At::Missing = at {
            // A new file replaces nothing, so it goes to its place at once, whole: written
            // beside it, then renamed.
            self.dirs(Path::new(rel).parent(), true)?;
            let tmp = with_suffix(&dest, TMP_SUFFIX);
            write_new(&tmp, bytes)?;
            std::fs::rename(&tmp, &dest).map_err(|e| Error::io("writing", &dest, e))?;
            return Ok(Put::Created { hash, size });
        }
        // A changed file (or a link where the file goes) waits in the staging folder until the
        // whole build has succeeded.
        let staged = self.staging.join(rel);
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        std::fs::write(&staged, bytes).map_err(|e| Error::io("writing", &staged, e))?;
        Ok(Put::Staged { hash, size })
    }

    /// Move the staged files into place, remove the previous build's files that `files` does
    /// not hold (those still as that build wrote them), and record `files` in the manifest.
    pub fn finish(self, files: &[(String, Put)]) -> Result<(WriteReport, Option<Left>), Error> {
        let mut report = WriteReport::default();
        let mut entries: Vec<(&str, Entry)> = Vec::with_capacity(files.len());
        let mut states: HashMap<&str, u64> = HashMap::with_capacity(files.len());
        for (rel, put) in files {
            let entry = match *put {
                Put::Unchanged(entry, state) => {
                    report.unchanged += 1;
                    if let Some(state) = state {
                        states.insert(rel, state);
                    }
                    entry
                }
                Put::Staged { hash, size } => {
                    let dest = self.output.join(rel);
                    // A link on the way is replaced by a folder; a link at `dest` itself is
                    // replaced by the rename, which never follows it.
                    self.dirs(Path::new(rel).parent(), true)?;
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
        let mut stale: Vec<(&String, Option<Entry>)> = self
            .previous
            .iter()
            .filter(|(p, _)| !current.contains(p.as_str()))
            .map(|(p, e)| (p, *e))
            .collect();
        stale.sort_by(|a, b| a.0.cmp(b.0));
        for (rel, entry) in stale {
            // The manifest is ours to read, but never trust a path that would leave the folder,
            // and never remove what someone else put there since.
            if !is_plain_relative(rel) || !self.still_ours(rel, entry) {
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
        // Written last, so its time is after every file this build wrote (see `put` and
        // `intact`), even when it lists the same files; the marker goes once the manifest is
        // in place.
        let manifest_path = self.output.join(MANIFEST);
        if report.written + report.removed > 0 {
            write_atomic(&manifest_path, manifest.as_bytes())?;
        } else {
            write_if_changed(&manifest_path, manifest.as_bytes())?;
        }
        remove_own(&self.output.join(MARKER))?;
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok((report, self.intact_now(&entries, &states)))
    }

    /// What `intact` would find of the output now that `finish` wrote the manifest listing
    /// `entries`, without looking at the files whose state `states` holds (found unchanged by
    /// this build, and not written since).
    fn intact_now(&self, entries: &[(&str, Entry)], states: &HashMap<&str, u64>) -> Option<Left> {
        use rayon::prelude::*;
        let meta = std::fs::symlink_metadata(self.output.join(MANIFEST)).ok()?;
        if !meta.file_type().is_file()
            || std::fs::symlink_metadata(self.output.join(MARKER)).is_ok()
            || std::fs::symlink_metadata(&self.staging).is_ok()
        {
            return None;
        }
        let each: Option<Vec<u64>> = entries
            .par_iter()
            .map(|(rel, entry)| match states.get(rel) {
                Some(state) if is_plain_relative(rel) => Some(*state),
                _ => listed_file_state(&self.output, rel, entry.size),
            })
            .collect();
        Some(Left {
            manifest: file_state(MANIFEST, &meta),
            files: each?,
        })
    }

    /// Undo a failed build: drop everything staged and remove the files it created, so the
    /// output is as the previous build left it.
    pub fn abandon(&self, files: &[(String, Put)]) {
        // Best effort: a leftover staging folder is removed by the next build anyway, and what
        // could not be removed stays in the marker for the next build to clear.
        let _ = std::fs::remove_dir_all(&self.staging);
        let mut left: BTreeSet<&str> = self.carried.iter().map(String::as_str).collect();
        for (rel, put) in files {
            if let (Put::Created { .. }, At::File(_)) = (put, self.look(rel)) {
                let path = self.output.join(rel);
                match std::fs::remove_file(&path) {
                    Ok(()) => remove_empty_parents(&self.output, &path),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(_) => {
                        left.insert(rel);
                    }
                }
            }
        }
        let marker = self.output.join(MARKER);
        let _ = if left.is_empty() {
            remove_own(&marker)
        } else {
            write_atomic(&marker, marker_text(left).as_bytes())
        };
    }

    /// Whether the file at `rel` is still as a previous build left it: a plain file (not a
    /// link, not below one) holding the bytes on record, or any plain file where there is no
    /// record (an old manifest, or a path an interrupted build created).
    fn still_ours(&self, rel: &str, entry: Option<Entry>) -> bool {
        let At::File(meta) = self.look(rel) else {
            return false;
        };
        let Some(entry) = entry else {
            return true;
        };
        meta.len() == entry.size
            && (mtime(&meta) < self.previous_time
                || std::fs::read(self.output.join(rel))
                    .is_ok_and(|bytes| hash_bytes(&bytes) == entry.hash))
    }

    /// What is at `rel`, without following a link anywhere below the output folder.
    fn look(&self, rel: &str) -> At {
        match self.dirs(Path::new(rel).parent(), false) {
            Ok(Dirs::Real) => {}
            Ok(Dirs::Missing) => return At::Missing,
            Ok(Dirs::Blocked) | Err(_) => return At::Other,
        }
        match std::fs::symlink_metadata(self.output.join(rel)) {
            Ok(meta) if meta.file_type().is_file() => At::File(meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => At::Missing,
            Ok(_) | Err(_) => At::Other,
        }
    }

    /// Whether the folders of `rel_dir` are real folders; with `create`, make them so: a
    /// missing folder is created and a link where a folder goes is replaced by one (the link
    /// removed, never followed, its target untouched).
    fn dirs(&self, rel_dir: Option<&Path>, create: bool) -> Result<Dirs, Error> {
        let Some(rel_dir) = rel_dir else {
            return Ok(Dirs::Real);
        };
        let mut prefix = PathBuf::new();
        for part in rel_dir.components() {
            prefix.push(part);
            if self.known_dirs().contains(&prefix) {
                continue;
            }
            let path = self.output.join(&prefix);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) if create && meta.file_type().is_symlink() => {
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        // Another thread replaced it first.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io("removing the link", &path, e)),
                    }
                    create_real_dir(&path)?;
                }
                Ok(_) if !create => return Ok(Dirs::Blocked),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if !create {
                        return Ok(Dirs::Missing);
                    }
                    create_real_dir(&path)?;
                }
                // A file where a folder goes: creating the folder fails and says so.
                Ok(_) => create_real_dir(&path)?,
                Err(e) => return Err(Error::io("reading", &path, e)),
            }
            self.known_dirs().insert(prefix.clone());
        }
        Ok(Dirs::Real)
    }

    fn known_dirs(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        // A set of paths stays sound even if a thread panicked while holding it.
        self.real_dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Create the folder at `path`; one that another thread created meanwhile is fine.
fn create_real_dir(path: &Path) -> Result<(), Error> {
    match std::fs::create_dir(path) {
        Ok(()) => Ok(()),
        Err(e)
            if e.kind() == std::io::ErrorKind::AlreadyExists
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) =>
        {
            Ok(())
        }
        Err(e) => Err(Error::io("creating", path, e)),
    }
}

/// Remove what is at `path`, one of matchpress's own names (a folder with its contents, a file
/// or a link, never what a link points to); nothing there is fine.
fn remove_own(path: &Path) -> Result<(), Error> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("removing", path, e)),
    }
}

/// Whether `path` is a plain file (a link to one is not).
fn is_regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// Whether `name`, in the output folder, is something only matchpress leaves there.
fn is_own_leftover(name: &str) -> bool {
    name == STAGING
        || name
            .strip_suffix(TMP_SUFFIX)
            .is_some_and(|base| base == MANIFEST || base == MARKER)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Write `bytes` to a new file at `path`, after removing one a killed build left there;
/// creating it new means a link put there is never written through.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    remove_own(path)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("writing", path, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("writing", path, e))
}

/// Write `bytes` to `dest` so that a reader (or a crash) never sees half a file: write aside,
/// then rename over.
fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = with_suffix(dest, TMP_SUFFIX);
    write_new(&tmp, bytes)?;
    std::fs::rename(&tmp, dest).map_err(|e| Error::io("replacing", dest, e))
}

fn marker_text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::from(MARKER_HEADER);
    text.push('\n');
    for rel in paths {
        text.push_str(rel);
        text.push('\n');
    }
    text
}

/// The paths an interrupted build's marker names (none without a marker).
fn read_marker(output: &Path) -> Result<Vec<String>, Error> {
    let path = output.join(MARKER);
    if !is_regular_file(&path) {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io("reading", &path, e))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect())
}

fn mtime(meta: &std::fs::Metadata) -> u128 {
    crate::source::modified_nanos(meta)
}

/// A hash of output bytes: XXH3, fast and the same on every machine and in every version.
fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The manifest: path -> what was written there (`None` for entries of an old manifest).
fn read_manifest(output: &Path) -> Result<HashMap<String, Option<Entry>>, Error> {
    let path = output.join(MANIFEST);
    if !is_regular_file(&path) {
        return Ok(HashMap::new());
    }
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
    if is_regular_file(dest)
        && let Ok(existing) = std::fs::read(dest)
        && existing == bytes
    {
        return Ok(false);
    }
    write_atomic(dest, bytes)?;
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
    fn the_states_a_build_left_are_read_back_only_whole_and_for_their_folder() {
        let left = Left {
            manifest: 7,
            files: vec![1, 2, u64::MAX],
        };
        let at = Path::new("/site/public");
        let bytes = left.encode(at);
        assert_eq!(Left::decode(&bytes, at), Some(left.clone()));
        assert_eq!(Left::decode(&bytes, Path::new("/site/elsewhere")), None);
        assert_eq!(Left::decode(&bytes[..bytes.len() - 8], at), None);
        assert_eq!(Left::decode(&bytes[..bytes.len() - 1], at), None);
        assert_eq!(Left::decode(&[], at), None);
        assert_eq!(left.intact().files, 3);
    }

    #[test]
    fn what_finish_says_of_the_output_is_what_intact_finds_after_it() {
        let dir = tempfile::tempdir().expect("the test's file system works");
        let out = dir.path().join("public");
        let paths = ["index.html", "a/index.html", "a/b/c.css"];
        let build = |texts: [&str; 3]| {
            let writer = Writer::open(&out, paths).expect("the output opens");
            let files: Vec<(String, Put)> = paths
                .iter()
                .zip(texts)
                .map(|(rel, text)| {
                    // As a build does: what it knows unchanged is kept, the rest put.
                    let hash = hash_bytes(text.as_bytes());
                    let put = writer
                        .keep(rel, hash, text.len() as u64)
                        .map_or_else(|| writer.put(rel, text.as_bytes()), Ok)
                        .expect("the file is written");
                    (rel.to_string(), put)
                })
                .collect();
            let (_, said) = writer.finish(&files).expect("the build finishes");
            said.map(|left| left.intact())
        };
        let first = build(["home", "a", "css"]);
        assert!(first.is_some());
        assert_eq!(first, intact(&out), "every file written");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = build(["home", "a changed", "css"]);
        assert_eq!(second, intact(&out), "two kept, one replaced");
        assert_ne!(second, first);
        let third = build(["home", "a changed", "css"]);
        assert_eq!(third, intact(&out), "every file kept");
        // A file touched after the build: the state said then is not what is found.
        std::fs::write(out.join("a/b/c.css"), "CSS").expect("the test's file system works");
        assert_ne!(third, intact(&out));
    }

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
