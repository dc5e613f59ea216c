//! Cache: what a build keeps in the site's `.matchpress-cache/` folder for the next build in a
//! new process. The folder is safe to delete at any time; everything in it is checked before
//! it is used, and anything that does not match (another matchpress, other options, other
//! inputs, a damaged file) is ignored, which costs only a full build.
//!
//! The stamp of a build says what it was made from without reading the inputs: the path,
//! size, modification time and (on Unix) change time and inode of every file under the folders
//! a site reads, and which matchpress made it (its version and a hash of its executable, so
//! that a matchpress rebuilt with another built-in theme is another matchpress). The change
//! time catches a tool that edits a file and puts its modification time back (`touch -r`,
//! `rsync -a`): no tool can set it. A file modified so recently that a later change could keep
//! its time and size (within `RACY`) makes the stamp untrustworthy, as does a symbolic link
//! among the inputs (its target may change unseen): then there is no stamp, and the build is a
//! full one.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::source::RACY;

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::Xxh3;

/// The cache folder, in the site's folder.
pub const FOLDER: &str = crate::source::CACHE_FOLDER;

/// The folders and files of a site that a build reads.
pub const INPUTS: [&str; 6] = [
    "site.yaml",
    "content",
    "data",
    "themes",
    "templates",
    "static",
];

/// The version of what `store` writes; a record of another version is ignored.
const FORMAT: u32 = 1;

/// What a build was made from, as a digest of its inputs' names, sizes and times, of the
/// matchpress that made it, and of `options`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Stamp(u64);

impl Stamp {
    /// The stamp of the site at `root` now, built with `options` (anything that changes the
    /// output, as bytes); `None` when it cannot be trusted (see the module's notes) or a
    /// folder cannot be read.
    pub fn of(root: &Path, options: &[&[u8]]) -> Option<Self> {
        // The executable is read and hashed while the inputs are looked at.
        let (executable, inputs) = rayon::join(executable, || inputs_digest(root));
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&FORMAT.to_le_bytes());
        h.update(&executable?.to_le_bytes());
        for option in options {
            h.update(&(option.len() as u64).to_le_bytes());
            h.update(option);
        }
        h.update(&inputs?.to_le_bytes());
        Some(Self(h.digest()))
    }
}

/// A digest of the inputs under `root` (`INPUTS`: names, kinds, sizes and times); `None` as
/// for `Stamp::of`.
fn inputs_digest(root: &Path) -> Option<u64> {
    let now = SystemTime::now();
    let mut h = Xxh3::new();
    for input in INPUTS {
        h.update(input.as_bytes());
        let path = root.join(input);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                h.update(b"\0absent");
                continue;
            }
            Err(_) => return None,
        };
        if !remember(&mut h, &meta, now)? {
            return None;
        }
        if meta.is_dir() {
            h.update(&folder_digest(&path, now)?.to_le_bytes());
        }
    }
    Some(h.digest())
}

/// A hash of this process's executable, whole (a few milliseconds, once per process): its
/// size and time would not tell two builds of one version apart where builds are
/// reproducible. `None` when it cannot be read.
fn executable() -> Option<u64> {
    static HASH: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        let bytes = std::env::current_exe().and_then(std::fs::read).ok()?;
        Some(xxhash_rust::xxh3::xxh3_64(&bytes))
    })
}

/// A digest of what is under the folder at `path`: each entry's name, kind, size and times,
/// and a folder's own digest, in the order of their names. The entries of a folder are looked
/// at on every core (a `stat` each: 23,000 at 10,000 guides and 13,000 programs, a third of
/// what a build that finds nothing changed takes on one). `None` when an entry cannot be
/// trusted (see `remember`) or read.
fn folder_digest(path: &Path, now: SystemTime) -> Option<u64> {
    let mut entries: Vec<(std::ffi::OsString, PathBuf)> = std::fs::read_dir(path)
        .ok()?
        .map(|entry| entry.map(|e| (e.file_name(), e.path())))
        .collect::<Result<_, _>>()
        .ok()?;
    entries.sort_unstable();
    let digests: Option<Vec<u64>> = entries
        .par_iter()
        .map(|(name, path)| {
            // Not followed when a link: `remember` refuses links.
            let meta = std::fs::symlink_metadata(path).ok()?;
            let mut h = Xxh3::new();
            h.update(name.as_encoded_bytes());
            h.update(&[0]);
            if !remember(&mut h, &meta, now)? {
                return None;
            }
            if meta.is_dir() {
                h.update(&folder_digest(path, now)?.to_le_bytes());
            }
            Some(h.digest())
        })
        .collect();
    let mut h = Xxh3::new();
    for digest in digests? {
        h.update(&digest.to_le_bytes());
    }
    Some(h.digest())
}

/// Adds one input's kind, size and time to the stamp; `Some(false)` when it cannot be
/// trusted (a link, or changed within `RACY` of `now`).
fn remember(h: &mut Xxh3, meta: &std::fs::Metadata, now: SystemTime) -> Option<bool> {
    if meta.file_type().is_symlink() {
        return Some(false);
    }
    if meta.is_dir() {
        h.update(b"/");
        return Some(true);
    }
    let modified = meta.modified().ok()?;
    if now.duration_since(modified).map_or(true, |age| age < RACY) {
        return Some(false);
    }
    crate::source::hash_file_state(h, meta);
    Some(true)
}

/// A record kept in the cache under a name: what a build made, with the stamp of what it was
/// made from.
#[derive(Serialize, serde::Deserialize)]
struct Record<T> {
    format: u32,
    stamp: Stamp,
    value: T,
}

fn record_path(root: &Path, name: &str) -> PathBuf {
    root.join(FOLDER).join(format!("{name}.json"))
}

/// The value stored under `name` with `stamp`; `None` when there is none, it was stored with
/// another stamp or by another version, or it cannot be read.
pub fn load<T: DeserializeOwned>(root: &Path, name: &str, stamp: Stamp) -> Option<T> {
    let bytes = std::fs::read(record_path(root, name)).ok()?;
    let record: Record<T> = serde_json::from_slice(&bytes).ok()?;
    (record.format == FORMAT && record.stamp == stamp).then_some(record.value)
}

/// Store `value` under `name` with `stamp`, replacing what was there, whole (written beside it
/// and renamed). A cache that cannot be written is no cache: failures are ignored.
pub fn store<T: Serialize>(root: &Path, name: &str, stamp: Stamp, value: &T) {
    let path = record_path(root, name);
    let record = Record {
        format: FORMAT,
        stamp,
        value,
    };
    let Ok(bytes) = serde_json::to_vec(&record) else {
        return;
    };
    let Some(folder) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let tmp = path.with_extension("json.tmp");
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// What ends a file that `store_bytes` writes: which matchpress wrote it, in which format.
/// At the end, so that a file cut short has none, and reading it costs no copy.
fn trailer() -> Option<[u8; 24]> {
    let mut trailer = [0; 24];
    trailer[..8].copy_from_slice(b"mpcache\0");
    trailer[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    let mut maker = Xxh3::new();
    maker.update(env!("CARGO_PKG_VERSION").as_bytes());
    maker.update(&executable()?.to_le_bytes());
    trailer[16..].copy_from_slice(&maker.digest().to_le_bytes());
    Some(trailer)
}

fn bytes_path(root: &Path, name: &str) -> PathBuf {
    root.join(FOLDER).join(format!("{name}.bin"))
}

/// The bytes stored under `name` by this matchpress; `None` when there are none, or they were
/// stored by another matchpress (another version or build) or in another format, or the file
/// is cut short. What they hold is for the caller to check.
pub fn load_bytes(root: &Path, name: &str) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(bytes_path(root, name)).ok()?;
    let trailer = trailer()?;
    let body = bytes.len().checked_sub(trailer.len())?;
    if bytes[body..] != trailer {
        return None;
    }
    bytes.truncate(body);
    Some(bytes)
}

/// The file of what is stored under `name` by this matchpress, open, with the length of what
/// it holds (before its trailer); `None` as for `load_bytes`. For what is read in parts.
pub fn open_bytes(root: &Path, name: &str) -> Option<(std::fs::File, u64)> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = std::fs::File::open(bytes_path(root, name)).ok()?;
    let trailer = trailer()?;
    let len = file.metadata().ok()?.len();
    let body = len.checked_sub(trailer.len() as u64)?;
    let mut last = [0u8; 24];
    file.seek(SeekFrom::Start(body)).ok()?;
    file.read_exact(&mut last).ok()?;
    file.seek(SeekFrom::Start(0)).ok()?;
    (last == trailer).then_some((file, body))
}

/// Store what `write` writes under `name`, for `load_bytes`, replacing what was there, whole
/// (written beside it and renamed). Failures are ignored, as in `store`.
pub fn store_with(
    root: &Path,
    name: &str,
    write: &mut dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
) {
    use std::io::Write as _;
    let Some(trailer) = trailer() else {
        return;
    };
    let path = bytes_path(root, name);
    let Some(folder) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let tmp = path.with_extension("bin.tmp");
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut file)?;
        file.write_all(&trailer)?;
        file.flush()
    });
    if written.is_err() || std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Add what `write` writes at the end of what is stored under `name` (before its trailer, which
/// is written again after it); `false`, with nothing changed, when the file is not one this
/// matchpress stored. A failure while writing leaves a file without a trailer, which
/// `load_bytes` refuses: the next build parses everything, and stores it whole.
pub fn append_with(
    root: &Path,
    name: &str,
    write: &mut dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
) -> bool {
    use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
    let Some(trailer) = trailer() else {
        return false;
    };
    let path = bytes_path(root, name);
    let Ok(mut file) = std::fs::File::options().read(true).write(true).open(&path) else {
        return false;
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let Some(body) = len.checked_sub(trailer.len() as u64) else {
        return false;
    };
    let mut last = [0u8; 24];
    if file.seek(SeekFrom::Start(body)).is_err()
        || file.read_exact(&mut last).is_err()
        || last != trailer
    {
        return false;
    }
    let appended = file.set_len(body).and_then(|()| {
        file.seek(SeekFrom::Start(body))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut file);
        write(&mut out)?;
        out.write_all(&trailer)?;
        out.flush()
    });
    if appended.is_err() {
        // Without its trailer the file is never used: remove it.
        let _ = std::fs::remove_file(&path);
    }
    true
}

/// Remove what is stored under `name`, so that it cannot be used after its output changed.
pub fn forget(root: &Path, name: &str) {
    let _ = std::fs::remove_file(record_path(root, name));
}

/// Remove what `store_with` stored under `name`; nothing there is fine.
pub fn forget_bytes(root: &Path, name: &str) {
    let _ = std::fs::remove_file(bytes_path(root, name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("the test's file system works");
        std::fs::write(dir.path().join("site.yaml"), "title: t\n")
            .expect("the test's file system works");
        std::fs::create_dir_all(dir.path().join("content")).expect("the test's file system works");
        std::fs::write(dir.path().join("content/a.md"), "# A\n")
            .expect("the test's file system works");
        age(dir.path());
        dir
    }

    /// Makes every file of the site a minute old, so that the stamp trusts it.
    fn age(root: &Path) {
        let then = SystemTime::now() - Duration::from_mins(1);
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("the test's file system works");
            if entry.file_type().is_file() {
                let file = std::fs::File::options()
                    .append(true)
                    .open(entry.path())
                    .expect("the test's file system works");
                file.set_modified(then)
                    .expect("the test's file system works");
            }
        }
    }

    #[test]
    fn a_stamp_changes_with_an_input_or_an_option_and_not_otherwise() {
        let dir = site();
        let root = dir.path();
        let first = Stamp::of(root, &[b"a"]).expect("the test's file system works");
        assert_eq!(Stamp::of(root, &[b"a"]), Some(first));
        assert_ne!(Stamp::of(root, &[b"b"]), Some(first));
        std::fs::write(root.join("content/b.md"), "# B\n").expect("the test's file system works");
        age(root);
        let second = Stamp::of(root, &[b"a"]).expect("the test's file system works");
        assert_ne!(second, first);
        // Same size, other time.
        std::fs::write(root.join("content/b.md"), "# C\n").expect("the test's file system works");
        let file = std::fs::File::options()
            .append(true)
            .open(root.join("content/b.md"))
            .expect("the test's file system works");
        file.set_modified(SystemTime::now() - Duration::from_secs(30))
            .expect("the test's file system works");
        assert_ne!(Stamp::of(root, &[b"a"]), Some(second));
        // Same size, same modification time put back (`touch -r`): the change time differs.
        #[cfg(unix)]
        {
            let path = root.join("content/b.md");
            let kept_time = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("the test's file system works");
            let before = Stamp::of(root, &[b"a"]).expect("the test's file system works");
            std::thread::sleep(Duration::from_millis(20));
            std::fs::write(&path, "# D\n").expect("the test's file system works");
            std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(kept_time))
                .expect("the test's file system works");
            assert_ne!(Stamp::of(root, &[b"a"]), Some(before));
        }
        // A file outside the inputs is not part of it.
        let third = Stamp::of(root, &[b"a"]);
        std::fs::write(root.join("notes.txt"), "x").expect("the test's file system works");
        assert_eq!(Stamp::of(root, &[b"a"]), third);
    }

    #[test]
    fn a_file_changed_just_now_or_a_link_gives_no_stamp() {
        let dir = site();
        let root = dir.path();
        assert!(Stamp::of(root, &[]).is_some());
        std::fs::write(root.join("content/new.md"), "# New\n")
            .expect("the test's file system works");
        assert_eq!(Stamp::of(root, &[]), None);
        age(root);
        assert!(Stamp::of(root, &[]).is_some());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content/a.md"), root.join("content/l.md"))
                .expect("the test's file system works");
            assert_eq!(Stamp::of(root, &[]), None);
        }
    }

    #[test]
    fn a_change_deep_in_the_folders_changes_the_stamp() {
        let dir = site();
        let root = dir.path();
        let deep = root.join("content/guides/visas");
        std::fs::create_dir_all(&deep).expect("the test's file system works");
        for (name, text) in [("a.md", "# A\n"), ("b.md", "# B\n")] {
            std::fs::write(deep.join(name), text).expect("the test's file system works");
        }
        std::fs::write(root.join("content/guides/c.md"), "# C\n")
            .expect("the test's file system works");
        age(root);
        let mut seen = vec![Stamp::of(root, &[]).expect("the test's file system works")];
        // The same tree gives the same stamp, however its entries were looked at.
        assert_eq!(Stamp::of(root, &[]), Some(seen[0]));
        let mut changed = |what: &str| {
            age(root);
            let now = Stamp::of(root, &[]).expect("the test's file system works");
            assert!(!seen.contains(&now), "{what}: the stamp did not change");
            seen.push(now);
        };
        // Renamed, with its bytes and times as they were.
        std::fs::rename(deep.join("a.md"), deep.join("d.md"))
            .expect("the test's file system works");
        changed("a file renamed");
        // Moved one folder up, under the same name.
        std::fs::rename(deep.join("d.md"), root.join("content/guides/d.md"))
            .expect("the test's file system works");
        changed("a file moved to another folder");
        std::fs::create_dir(deep.join("empty")).expect("the test's file system works");
        changed("an empty folder added");
        std::fs::write(deep.join("b.md"), "# Bb\n").expect("the test's file system works");
        changed("a file's bytes changed");
        // A file changed just now, or a link, however deep, gives no stamp.
        std::fs::write(deep.join("b.md"), "# Bbb\n").expect("the test's file system works");
        assert_eq!(Stamp::of(root, &[]), None);
        age(root);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(deep.join("b.md"), deep.join("empty/l.md"))
                .expect("the test's file system works");
            assert_eq!(Stamp::of(root, &[]), None);
        }
    }

    #[test]
    fn a_record_is_used_only_with_its_stamp_and_format() {
        let dir = site();
        let root = dir.path();
        let stamp = Stamp::of(root, &[]).expect("the test's file system works");
        store(root, "r", stamp, &vec![1, 2, 3]);
        assert_eq!(load::<Vec<i32>>(root, "r", stamp), Some(vec![1, 2, 3]));
        assert_eq!(load::<Vec<i32>>(root, "r", Stamp(stamp.0 ^ 1)), None);
        assert_eq!(load::<String>(root, "r", stamp), None);
        std::fs::write(record_path(root, "r"), "{\"format\": 1, \"stamp\"")
            .expect("the test's file system works");
        assert_eq!(load::<Vec<i32>>(root, "r", stamp), None);
        store(root, "r", stamp, &vec![4]);
        forget(root, "r");
        assert_eq!(load::<Vec<i32>>(root, "r", stamp), None);
    }
}
