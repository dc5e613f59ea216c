//! Source: the only module that reads a site's inputs from disk. It walks `content/`, reads every
//! markdown file (in parallel), decodes it (UTF-8, BOM and CRLF accepted), hashes it and splits
//! off its front matter; it reads `site.yaml` and the template files, and lists static files.
//! It interprets nothing: front matter stays text, for the model to parse. Links among the
//! inputs are followed only where they lead inside the site's folder; one that leads outside
//! is reported and not read, and a link back to a folder that holds it is reported, not walked.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use xxhash_rust::xxh3::xxh3_64;

use crate::diagnostic::{Code, Diagnostic, LineIndex, Location};
use crate::embedded;
use crate::error::Error;

/// A markdown file of `content/`, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with forward slashes (`guides/visas/j1.md`).
    pub rel: String,
    /// Path relative to the site root, for messages (`content/guides/visas/j1.md`).
    pub site_path: PathBuf,
    /// The text, without a BOM and with LF line endings; empty when not `read`.
    pub text: String,
    /// A hash of the text: the identity of this input for incremental work.
    pub hash: u64,
    /// Whether `text` holds the text. A build leaves a file unread when an earlier build knew
    /// its text's hash for its state (see `Known`), and drops texts once it has parsed them;
    /// `text_now` reads it again.
    pub read: bool,
    /// The file it is read from.
    pub from: PathBuf,
    /// A hash of the file's state when it was read (`hash_file_state`); `None` when that
    /// cannot vouch for the text (changed within `RACY` of the read, or not read from a file).
    pub state: Option<u64>,
}

impl SourceFile {
    /// A file of `content/` at `rel` holding `text`, not read from disk.
    pub fn of_text(rel: &str, text: String) -> Self {
        let site_path = Path::new("content").join(rel);
        Self {
            rel: rel.to_string(),
            hash: hash_text(&text),
            text,
            read: true,
            from: site_path.clone(),
            site_path,
            state: None,
        }
    }

    /// The text: as read, or read again from the file; `None` when the file no longer holds
    /// the text of `hash` (changed since) or cannot be read.
    pub fn text_now(&self) -> Option<std::borrow::Cow<'_, str>> {
        if self.read {
            return Some(std::borrow::Cow::Borrowed(&self.text));
        }
        let again = self.read_again().ok()?;
        (again.hash == self.hash).then_some(std::borrow::Cow::Owned(again.text))
    }

    /// The file read again, whatever it holds now: what a build that left it unread needs to
    /// parse it. A file that cannot be read now gives the diagnostic a first read would.
    pub fn read_again(&self) -> Result<SourceFile, Error> {
        let file =
            std::fs::File::open(&self.from).map_err(|e| unreadable_at(&self.site_path, &e))?;
        let bytes = read_open(file, &self.site_path, CONTENT_FILE_LIMIT)?;
        let text = decode(bytes, &self.site_path).map_err(|d| Error::Site(vec![d]))?;
        Ok(SourceFile {
            hash: hash_text(&text),
            text,
            read: true,
            state: None,
            ..self.clone()
        })
    }
}

/// What an earlier build knew of each content file it read: the file's state then (size,
/// times, inode: `hash_file_state`) and its text's hash. A file in the same state now holds
/// the same text, so a build takes the hash and leaves the file unread until its text is
/// needed: to parse it when the cache of parsed files does not hold it, or to place a problem
/// at a line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Known {
    files: HashMap<String, (u64, u64)>,
}

impl Known {
    /// What `files` say: the state and hash of each one whose state vouches for its text.
    pub fn of(files: &[SourceFile]) -> Self {
        Self {
            files: files
                .iter()
                .filter_map(|f| Some((f.rel.clone(), (f.state?, f.hash))))
                .collect(),
        }
    }

    /// As a list, sorted by path: what to store.
    pub fn entries(&self) -> Vec<(&str, u64, u64)> {
        let mut entries: Vec<(&str, u64, u64)> = self
            .files
            .iter()
            .map(|(rel, (state, hash))| (rel.as_str(), *state, *hash))
            .collect();
        entries.sort_unstable();
        entries
    }

    /// From a list `entries` gave.
    pub fn from_entries(entries: Vec<(String, u64, u64)>) -> Self {
        Self {
            files: entries
                .into_iter()
                .map(|(rel, state, hash)| (rel, (state, hash)))
                .collect(),
        }
    }

    /// The hash of the text of the file at `rel` when its state is `state`.
    fn hash(&self, rel: &str, state: u64) -> Option<u64> {
        self.files
            .get(rel)
            .and_then(|(known, hash)| (*known == state).then_some(*hash))
    }
}

/// How recent a change to a file must be for its size and times not to vouch for its text: a
/// second change within the file system's time resolution could leave them as they were.
pub const RACY: std::time::Duration = std::time::Duration::from_secs(2);

/// Feed `h` a file's state: its size, modification time and, on Unix, change time, inode and
/// device. Any change to the file's bytes changes it, even one that keeps the size and puts
/// the modification time back (no tool can set the change time).
pub fn hash_file_state(h: &mut xxhash_rust::xxh3::Xxh3, meta: &std::fs::Metadata) {
    h.update(&meta.len().to_le_bytes());
    h.update(&modified_nanos(meta).to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        h.update(&meta.ctime().to_le_bytes());
        h.update(&meta.ctime_nsec().to_le_bytes());
        h.update(&meta.ino().to_le_bytes());
        h.update(&meta.dev().to_le_bytes());
    }
}

/// A file's modification time in nanoseconds since 1970 (0 when unknown).
pub fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The state of a file (`hash_file_state`) whose modification and change times are both at
/// least `RACY` before `now`; `None` for a more recent one.
fn settled_state(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<u64> {
    let settled = |t: std::time::SystemTime| now.duration_since(t).is_ok_and(|age| age >= RACY);
    if !meta.modified().is_ok_and(settled) {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = u64::try_from(meta.ctime())
            .ok()
            .zip(u32::try_from(meta.ctime_nsec()).ok())
            .and_then(|(secs, nanos)| {
                std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(secs, nanos))
            });
        if !changed.is_some_and(settled) {
            return None;
        }
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hash_file_state(&mut h, meta);
    Some(h.digest())
}

/// A data file's text, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to the site root (`data/programs/pediatrics.yaml`).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// A hash of `text` (XXH3): the identity of this input for incremental work.
    pub hash: u64,
}

impl DataFile {
    /// The file at `path` (relative to the site root) holding `text`.
    pub fn new(path: PathBuf, text: String) -> Self {
        let hash = xxh3_64(text.as_bytes());
        Self { path, text, hash }
    }
}

/// A file's text split into front matter and body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub front_matter: Option<&'a str>,
    /// Lines before the first YAML line (1 when front matter is present).
    pub front_matter_line_offset: usize,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the file's text.
    pub body_offset: usize,
}

/// A template file, by the name templates use for it (`guide.html`, `partials/x.html`).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name Tera knows it by.
    pub name: String,
    /// Path relative to the site root, for messages.
    pub site_path: PathBuf,
    /// The template's text.
    pub text: String,
}

/// A static file to copy as is: where it goes in the output and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path relative to the output folder, with forward slashes.
    pub rel: String,
    /// Where its bytes come from.
    pub from: StaticSource,
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file on disk (absolute path).
    File(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl StaticFile {
    /// The file's bytes.
    pub fn read(&self) -> Result<std::borrow::Cow<'static, [u8]>, Error> {
        match &self.from {
            StaticSource::File(path) => std::fs::read(path)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| Error::io("reading", path, e)),
            StaticSource::BuiltIn(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }

    /// Where the file is, for messages: relative to the site's folder, or in the built-in theme.
    pub fn site_path(&self, root: &Path) -> PathBuf {
        match &self.from {
            StaticSource::File(path) => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            StaticSource::BuiltIn(_) => Path::new(embedded::THEME_LABEL)
                .join("static")
                .join(&self.rel),
        }
    }
}

/// Where a site's theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// The default theme inside matchpress (the site has no `themes/default/`).
    BuiltIn,
    /// A folder of the site's `themes/` (it may be missing when the site has its own
    /// `templates/`).
    Folder(PathBuf),
}

/// Everything the build reads, in memory.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The site's folder.
    pub root: PathBuf,
    /// The text of `site.yaml`.
    pub config: String,
    /// Markdown files of `content/`, sorted by their path as text.
    pub content: Vec<SourceFile>,
    /// `data/specialties.yaml`, if the site has one.
    pub specialties: Option<DataFile>,
    /// `data/programs/*.yaml` and `*.csv`, sorted by path.
    pub programs: Vec<DataFile>,
}

/// The theme's files with the site's overrides applied, sorted by name.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    /// Templates: the site's `templates/` wins over the theme's.
    pub templates: Vec<TemplateFile>,
    /// Static files: the site's `static/` wins over the theme's.
    pub statics: Vec<StaticFile>,
}

/// The name of the site's config file.
pub const CONFIG_FILE: &str = "site.yaml";

/// The path of the specialties file, relative to the site root.
pub const SPECIALTIES_FILE: &str = "data/specialties.yaml";

/// The folder of the site where matchpress keeps what it learns from one run for the next (the
/// build cache, the results of checking external links): never an input, safe to delete.
pub const CACHE_FOLDER: &str = ".matchpress-cache";

/// Read `site.yaml` and every markdown and data file under `root`. Files that cannot be read
/// or decoded are left out, each with a diagnostic; a missing `site.yaml` is an error.
pub fn read_inputs(root: &Path) -> Result<(Inputs, Vec<Diagnostic>), Error> {
    read_inputs_knowing(root, &Known::default())
}

/// `read_inputs`, leaving unread the content files whose text `known` vouches for (see
/// `Known`).
pub fn read_inputs_knowing(root: &Path, known: &Known) -> Result<(Inputs, Vec<Diagnostic>), Error> {
    let config = read_config(root)?;

    let content_dir = root.join("content");
    let (paths, mut problems) = list_files(root, &content_dir, |p| {
        p.extension().is_some_and(|e| e == "md")
    });
    let now = std::time::SystemTime::now();
    let results: Vec<Result<SourceFile, Error>> = paths
        .into_par_iter()
        .map(|(rel, from)| read_content(from, rel, known, now))
        .collect();
    let mut content = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => content.push(file),
            Err(Error::Site(mut d)) => problems.append(&mut d),
            Err(e) => return Err(e),
        }
    }
    let specialties_path = root.join(SPECIALTIES_FILE);
    let outside = root
        .canonicalize()
        .ok()
        .and_then(|inside| leads_outside(&inside, &specialties_path));
    let specialties = if let Some(target) = outside {
        problems.push(symlink_outside(root, &specialties_path, &target));
        None
    } else if specialties_path.is_file() {
        match read_data(root, &specialties_path, "specialties.yaml") {
            Ok(file) => Some(file),
            Err(Error::Site(mut d)) => {
                problems.append(&mut d);
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let programs_dir = root.join("data").join("programs");
    let (program_paths, mut listing) = list_files(root, &programs_dir, is_program_file);
    problems.append(&mut listing);
    // Anything else there is most likely an export in another format: said, not skipped
    // silently (the walk's own problems are reported above).
    let (others, _) = list_files(root, &programs_dir, |p| !is_program_file(p));
    for (rel, _) in others {
        problems.push(
            Diagnostic::new(
                Code::DataIgnoredFile,
                Location::file(Path::new("data/programs").join(&rel)),
                format!(
                    "data/programs/{rel} is not read: program files are YAML (`.yaml`, `.yml`) or CSV (`.csv`)"
                ),
            )
            .with_hint("export the sheet as CSV (comma-separated, UTF-8); keep other files outside data/programs/"),
        );
    }
    let mut programs = Vec::with_capacity(program_paths.len());
    for (rel, from) in program_paths {
        match read_data(root, &from, &format!("programs/{rel}")) {
            Ok(file) => programs.push(file),
            Err(Error::Site(mut d)) => problems.append(&mut d),
            Err(e) => return Err(e),
        }
    }
    // Ordered by path as text (not as walked, where `a/b.md` comes before `a-c.md`), which is
    // how a rebuild finds a file among them.
    content.sort_by(|a, b| a.rel.cmp(&b.rel));
    programs.sort_by(|a, b| a.path.cmp(&b.path));
    let inputs = Inputs {
        root: root.to_path_buf(),
        config,
        content,
        specialties,
        programs,
    };
    Ok((inputs, problems))
}

/// Read `site.yaml`.
pub fn read_config(root: &Path) -> Result<String, Error> {
    let config_path = root.join(CONFIG_FILE);
    let config = std::fs::read(&config_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Config(vec![
                Diagnostic::new(
                    Code::ConfigNotFound,
                    None,
                    format!("no {CONFIG_FILE} in {}", root.display()),
                )
                .with_hint(
                    "run matchpress in the site's folder, pass --root DIR, or start a site with `matchpress init DIR`",
                ),
            ])
        } else {
            Error::io("reading", &config_path, e)
        }
    })?;
    let config = decode(config, Path::new(CONFIG_FILE)).map_err(|d| Error::Config(vec![d]))?;

    Ok(config)
}

/// The diagnostic for an input that cannot be read.
fn unreadable(root: &Path, path: &Path, error: &std::io::Error) -> Error {
    unreadable_at(path.strip_prefix(root).unwrap_or(path), error)
}

/// The diagnostic for the input at `site_path` that cannot be read.
fn unreadable_at(site_path: &Path, error: &std::io::Error) -> Error {
    Error::Site(vec![
        Diagnostic::new(
            Code::FileUnreadable,
            Location::file(site_path),
            format!("the file cannot be read: {error}"),
        )
        .with_hint("check its permissions, or whether it is a link to a file that is gone"),
    ])
}

/// The most a file of one kind may hold: matchpress does not read a larger one, so that a
/// stray file (a database dump, a video renamed `.md`) costs no time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimit {
    /// The largest size read, in bytes.
    pub bytes: u64,
    /// The files it applies to, for messages ("a markdown file of content/").
    pub what: &'static str,
    /// What to do with a file over it.
    pub hint: &'static str,
}

/// A markdown file of `content/`: 8 MiB. A long guide is 50 KB and a whole book in one file
/// about 2 MB; a page larger than this is too long to read, and to download on a phone.
pub const CONTENT_FILE_LIMIT: FileLimit = FileLimit {
    bytes: 8 << 20,
    what: "a markdown file of content/",
    hint: "split it into several pages: a folder with an `_index.md` and a file per part",
};

/// A data file (`data/specialties.yaml`, a program file in YAML or CSV): 128 MiB. A program
/// takes 0.6 to 1.2 KB, so this holds 100,000 to 200,000 programs; all US residency programs
/// together are about 13,000.
pub const DATA_FILE_LIMIT: FileLimit = FileLimit {
    bytes: 128 << 20,
    what: "a data file",
    hint: "a specialty's programs are one file, and no specialty has 100,000 programs: look for \
           what is not program data (embedded documents, repeated rows, a binary export) and \
           remove it",
};

/// Read the file at `from`, unless it is over `limit` (then it is not read at all).
fn read_limited(root: &Path, from: &Path, limit: FileLimit) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(from).map_err(|e| unreadable(root, from, &e))?;
    read_open(file, from.strip_prefix(root).unwrap_or(from), limit)
}

/// Read `file` (at `site_path`, for messages), unless it is over `limit`.
fn read_open(file: std::fs::File, site_path: &Path, limit: FileLimit) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::new();
    if size <= limit.bytes {
        bytes.reserve(usize::try_from(size).unwrap_or(0));
        // A file that grows while it is read still stops one byte past the limit.
        file.take(limit.bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable_at(site_path, &e))?;
    }
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size.max(read) > limit.bytes {
        return Err(Error::Site(vec![too_large(
            site_path,
            size.max(read),
            limit,
        )]));
    }
    Ok(bytes)
}

/// The diagnostic for a file of `size` bytes over `limit`.
pub fn too_large(site_path: &Path, size: u64, limit: FileLimit) -> Diagnostic {
    Diagnostic::new(
        Code::FileTooLarge,
        Location::file(site_path),
        format!(
            "the file is {}, over the limit of {} for {} (the file size limit); it is not read",
            crate::diagnostic::megabytes(size),
            crate::diagnostic::megabytes(limit.bytes),
            limit.what,
        ),
    )
    .with_hint(limit.hint)
}

/// Read and decode the markdown file at `from`, whose path relative to `content/` is `rel`;
/// when `known` vouches for its text in the state it has (changed before `now` - `RACY`), only
/// its hash is taken, and the file is left unread.
fn read_content(
    from: PathBuf,
    rel: String,
    known: &Known,
    now: std::time::SystemTime,
) -> Result<SourceFile, Error> {
    // The state before the file is opened (a file left unread is never opened): a change made
    // after this moment gives the next build another state, whatever this one reads.
    let state = std::fs::metadata(&from)
        .ok()
        .and_then(|meta| settled_state(&meta, now));
    let unread = SourceFile {
        site_path: Path::new("content").join(&rel),
        rel,
        text: String::new(),
        hash: 0,
        read: false,
        from,
        state,
    };
    if let Some(hash) = state.and_then(|state| known.hash(&unread.rel, state)) {
        return Ok(SourceFile { hash, ..unread });
    }
    Ok(SourceFile {
        state,
        ..unread.read_again()?
    })
}

/// Read and decode the data file at `from`, whose path relative to `data/` is `rel`.
fn read_data(root: &Path, from: &Path, rel: &str) -> Result<DataFile, Error> {
    let bytes = read_limited(root, from, DATA_FILE_LIMIT)?;
    let path = Path::new("data").join(rel);
    let text = decode(bytes, &path).map_err(|d| Error::Site(vec![d]))?;
    Ok(DataFile::new(path, text))
}

/// Whether `path` is a program file by its name: YAML (`.yaml`, `.yml`) or CSV (`.csv`, in any
/// case, as spreadsheet tools on Windows may write it).
fn is_program_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e.eq_ignore_ascii_case("csv"))
}

/// The folders of a site that the build reads.
pub const INPUT_FOLDERS: [&str; 5] = ["content", "data", "templates", "static", "themes"];

/// Whether `rel` (relative to the site's folder) is one of `INPUT_FOLDERS` or inside one.
pub fn is_input_folder(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|c| INPUT_FOLDERS.iter().any(|f| c.as_os_str() == *f))
}

/// What one path under the site's folder is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPath {
    /// `site.yaml`.
    Config,
    /// A markdown file of `content/`, by its path relative to `content/`.
    Content(String),
    /// `data/specialties.yaml` or a program file, by its path relative to `data/`.
    Data(String),
    /// A template or static file of the theme or the site.
    Theme,
    /// Something the build does not read (an editor's file, an image in `content/`, the
    /// output folder).
    Other,
}

impl InputPath {
    /// Classify `rel`, a path relative to the site's folder.
    pub fn of(rel: &Path) -> Self {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.iter().any(|p| is_ignored(p)) {
            return Self::Other;
        }
        match parts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [CONFIG_FILE] => Self::Config,
            ["content", rest @ ..] if rest.last().is_some_and(|n| n.ends_with(".md")) => {
                Self::Content(rest.join("/"))
            }
            ["data", "specialties.yaml"] => Self::Data("specialties.yaml".to_string()),
            ["data", "programs", rest @ ..]
                if rest.last().is_some_and(|n| is_program_file(Path::new(n))) =>
            {
                Self::Data(format!("programs/{}", rest.join("/")))
            }
            ["templates" | "static" | "themes", ..] => Self::Theme,
            _ => Self::Other,
        }
    }
}

/// Read one markdown file of `content/` again; `None` when it no longer exists.
pub fn reread_content(root: &Path, rel: &str) -> Result<Option<SourceFile>, Error> {
    let from = root.join("content").join(rel);
    if !from.is_file() || is_outside(root, &from) {
        return Ok(None);
    }
    read_content(
        from,
        rel.to_string(),
        &Known::default(),
        std::time::SystemTime::now(),
    )
    .map(Some)
}

/// Read one file of `data/` again (`rel` relative to `data/`); `None` when it no longer exists.
pub fn reread_data(root: &Path, rel: &str) -> Result<Option<DataFile>, Error> {
    let from = root.join("data").join(rel);
    if !from.is_file() || is_outside(root, &from) {
        return Ok(None);
    }
    read_data(root, &from, rel).map(Some)
}

/// Read the templates and list the static files of the theme, with the site's overrides (a
/// file of the site's `templates/` or `static/` replaces the theme's file at the same path).
/// Templates that cannot be read are left out, each with a diagnostic.
pub fn read_theme(root: &Path, theme: &ThemeSource) -> (ThemeFiles, Vec<Diagnostic>) {
    /// A template: on disk, or the built-in theme's (its label path and text).
    enum From {
        Disk(PathBuf),
        BuiltIn(PathBuf, &'static [u8]),
    }
    let mut templates: BTreeMap<String, From> = BTreeMap::new();
    let mut statics: BTreeMap<String, StaticSource> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut folders = vec![root];
    match theme {
        ThemeSource::Folder(dir) => folders.insert(0, dir),
        ThemeSource::BuiltIn => {
            let label = Path::new(embedded::THEME_LABEL);
            for (name, bytes) in embedded::theme_files("templates") {
                let site_path = label.join("templates").join(name);
                templates.insert(name.to_string(), From::BuiltIn(site_path, bytes));
            }
            for (rel, bytes) in embedded::theme_files("static") {
                statics.insert(rel.to_string(), StaticSource::BuiltIn(bytes));
            }
        }
    }
    // Theme first, then the site: a site file at the same path replaces the theme's.
    for base in folders {
        let (found, mut listing) = list_files(root, &base.join("templates"), |_| true);
        problems.append(&mut listing);
        templates.extend(
            found
                .into_iter()
                .map(|(name, path)| (name, From::Disk(path))),
        );
        let (found, mut listing) = list_files(root, &base.join("static"), |_| true);
        problems.append(&mut listing);
        statics.extend(
            found
                .into_iter()
                .map(|(rel, path)| (rel, StaticSource::File(path))),
        );
    }
    let mut files = Vec::with_capacity(templates.len());
    for (name, from) in templates {
        let read = match from {
            From::Disk(from) => {
                let site_path = from.strip_prefix(root).unwrap_or(&from).to_path_buf();
                std::fs::read(&from)
                    .map_err(|e| unreadable(root, &from, &e))
                    .and_then(|bytes| decode(bytes, &site_path).map_err(|d| Error::Site(vec![d])))
                    .map(|text| (site_path, text))
            }
            From::BuiltIn(site_path, bytes) => decode(bytes.to_vec(), &site_path)
                .map_err(|d| Error::Site(vec![d]))
                .map(|text| (site_path, text)),
        };
        match read {
            Ok((site_path, text)) => files.push(TemplateFile {
                name,
                site_path,
                text,
            }),
            Err(e) => problems.extend(e.diagnostics().iter().cloned()),
        }
    }
    let statics = statics
        .into_iter()
        .map(|(rel, from)| StaticFile { rel, from })
        .collect();
    (
        ThemeFiles {
            templates: files,
            statics,
        },
        problems,
    )
}

/// Files under `dir` (recursively, sorted) that `keep` accepts, as (relative path with forward
/// slashes, absolute path), and a diagnostic for each entry that cannot be listed. Hidden files
/// and editor leftovers are skipped; a missing `dir` is empty.
fn list_files(
    root: &Path,
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    // Links are followed, but only where they lead inside the site's folder (the folder
    // walked is checked too: `themes/default` may be a link).
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut outside = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored(e.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            if e.depth() > 0 && !e.path_is_symlink() {
                return true;
            }
            match leads_outside(&inside, e.path()) {
                Some(target) => {
                    outside.push(symlink_outside(root, e.path(), &target));
                    false
                }
                None => true,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => {
                let link = e.path().unwrap_or(dir);
                let ancestor = e.loop_ancestor().unwrap_or(dir);
                problems.push(symlink_loop(root, link, ancestor));
                continue;
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                problems.extend(
                    unreadable(root, &path, &e.into())
                        .diagnostics()
                        .iter()
                        .cloned(),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() || !keep(entry.path()) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.contains(|c: char| c.is_control() || c == char::REPLACEMENT_CHARACTER) {
            problems.push(bad_name(root, entry.path()));
            continue;
        }
        files.push((rel, entry.path().to_path_buf()));
    }
    problems.append(&mut outside);
    (files, problems)
}

/// Where `path` leads, following every link on the way, when that is outside `inside` (the
/// site's folder, canonical); `None` when it stays inside or leads nowhere.
fn leads_outside(inside: &Path, path: &Path) -> Option<PathBuf> {
    let target = path.canonicalize().ok()?;
    (!target.starts_with(inside)).then_some(target)
}

/// Whether `path` leads outside the site's folder `root`.
fn is_outside(root: &Path, path: &Path) -> bool {
    root.canonicalize()
        .is_ok_and(|inside| leads_outside(&inside, path).is_some())
}

/// The warning for an input at `link` that leads to `target`, outside the site's folder.
fn symlink_outside(root: &Path, link: &Path, target: &Path) -> Diagnostic {
    let site_path = link.strip_prefix(root).unwrap_or(link);
    Diagnostic::new(
        Code::FileSymlinkOutside,
        Location::file(site_path),
        format!(
            "{} leads to {}, outside the site's folder, so it is not read",
            site_path.display(),
            target.display()
        ),
    )
    .with_hint("copy what it points to into the site, or point the link at a file or folder inside the site")
}

/// The warning for a file whose name cannot become a URL or a line of the output's manifest.
fn bad_name(root: &Path, path: &Path) -> Diagnostic {
    let site_path = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::new(
        Code::FileBadName,
        Location::file(site_path),
        format!(
            "the name `{}` holds a control character or is not valid UTF-8, so the file is not read",
            site_path.to_string_lossy().escape_debug()
        ),
    )
    .with_hint("rename the file with letters, digits, hyphens and dots")
}

/// The warning for a link at `link` back to `ancestor`, a folder that holds it.
fn symlink_loop(root: &Path, link: &Path, ancestor: &Path) -> Diagnostic {
    let site_path = link.strip_prefix(root).unwrap_or(link);
    let ancestor = ancestor.strip_prefix(root).unwrap_or(ancestor);
    Diagnostic::new(
        Code::FileSymlinkLoop,
        Location::file(site_path),
        format!(
            "{} is a link back to {}, which holds it: a loop, not followed",
            site_path.display(),
            ancestor.display()
        ),
    )
    .with_hint("remove the link, or point it at a folder that does not hold it")
}

/// Whether a file name is hidden or an editor's swap, backup or temporary file.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// Decode UTF-8, dropping a BOM and turning CRLF into LF (which keeps every line and column).
pub fn decode(bytes: Vec<u8>, site_path: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, col) = LineIndex::new(valid).line_col(valid, valid.len());
        let csv = site_path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        Diagnostic::new(
            Code::FileNotUtf8,
            Location::new(site_path, line, col),
            "the file is not valid UTF-8",
        )
        .with_hint(if csv {
            "export it again as UTF-8: in Excel, save as \"CSV UTF-8\"; in LibreOffice, choose the character set Unicode (UTF-8)"
        } else {
            "save the file as UTF-8 in your editor"
        })
    })?;
    let mut text = text;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    // Every line end becomes `\n`: a lone `\r` ends a line too (in markdown, YAML and CSV
    // alike), so `\r\r\n` is two lines, as editors and spreadsheets count them.
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// A stable hash of a text: XXH3, the same on every machine and in every run.
pub fn hash_text(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// Split front matter (between a first line `---` and the next line `---`) from the body.
pub fn split_front_matter<'a>(text: &'a str, site_path: &Path) -> Result<Split<'a>, Diagnostic> {
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Ok(Split {
            front_matter: None,
            front_matter_line_offset: 0,
            body: text,
            body_offset: 0,
        });
    };
    let open_len = text.len() - after_open.len();
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = open_len + offset + line.len();
            return Ok(Split {
                front_matter: Some(&after_open[..offset]),
                front_matter_line_offset: 1,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        Code::FrontMatterUnclosed,
        Location::new(site_path, 1, 1),
        "the front matter starts with `---` but has no closing `---` line",
    )
    .with_hint("end the front matter with a line that holds only `---`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_body_offset() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split_front_matter(text, Path::new("a.md")).expect("valid");
        assert_eq!(split.front_matter, Some("title: A\n"));
        assert_eq!(split.body, "Body\n");
        assert_eq!(&text[split.body_offset..], "Body\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let split = split_front_matter("# Hi\n", Path::new("a.md")).expect("valid");
        assert!(split.front_matter.is_none());
        assert_eq!(split.body, "# Hi\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let d = split_front_matter("---\ntitle: A\nBody\n", Path::new("a.md")).expect_err("open");
        assert_eq!(d.location, Some(Location::new("a.md", 1, 1)));
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        let text = decode(
            b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\n".to_vec(),
            Path::new("a.md"),
        )
        .expect("valid");
        assert_eq!(text, "---\ntitle: A\n---\n");
    }

    #[test]
    fn decode_counts_a_lone_cr_as_a_line_end() {
        let text = decode(b"a\r\r\nb\rc\n\rd".to_vec(), Path::new("a.csv")).expect("valid");
        assert_eq!(text, "a\n\nb\nc\n\nd");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let d = decode(b"ok\nab\xFFc".to_vec(), Path::new("a.md")).expect_err("invalid");
        assert_eq!(d.location, Some(Location::new("a.md", 2, 3)));
    }

    #[test]
    fn csv_program_files_are_data_inputs() {
        assert_eq!(
            InputPath::of(Path::new("data/programs/pediatrics.csv")),
            InputPath::Data("programs/pediatrics.csv".to_string())
        );
        assert_eq!(
            InputPath::of(Path::new("data/programs/pediatrics.CSV")),
            InputPath::Data("programs/pediatrics.CSV".to_string())
        );
        assert_eq!(
            InputPath::of(Path::new("data/programs/pediatrics.csv.bak")),
            InputPath::Other
        );
        assert!(is_program_file(Path::new("a/b.yml")));
        assert!(!is_program_file(Path::new("a/b.xlsx")));
    }

    /// A site folder in a temporary folder, and a folder beside it (outside the site).
    #[cfg(unix)]
    fn site_with_outside() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        let outside = dir.path().join("outside");
        for folder in [
            root.join("content/guides"),
            root.join("shared"),
            outside.clone(),
        ] {
            std::fs::create_dir_all(folder).expect("create a folder");
        }
        std::fs::write(root.join("content/guides/a.md"), "a").expect("write");
        (dir, root, outside)
    }

    #[cfg(unix)]
    fn link(target: &Path, at: &Path) {
        std::os::unix::fs::symlink(target, at).expect("make a link");
    }

    #[cfg(unix)]
    fn listed(root: &Path) -> (Vec<String>, Vec<Diagnostic>) {
        let (files, problems) = list_files(root, &root.join("content"), |_| true);
        (files.into_iter().map(|(rel, _)| rel).collect(), problems)
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_site_are_followed() {
        let (_dir, root, _) = site_with_outside();
        std::fs::write(root.join("shared/b.md"), "b").expect("write");
        link(
            Path::new("../../shared/b.md"),
            &root.join("content/guides/b.md"),
        );
        link(Path::new("../shared"), &root.join("content/shared"));
        let (files, problems) = listed(&root);
        assert_eq!(files, ["guides/a.md", "guides/b.md", "shared/b.md"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_outside_the_site_are_reported_and_not_read() {
        let (_dir, root, outside) = site_with_outside();
        std::fs::write(outside.join("secret.md"), "secret").expect("write");
        link(
            &outside.join("secret.md"),
            &root.join("content/guides/secret.md"),
        );
        link(&outside, &root.join("content/elsewhere"));
        let (files, problems) = listed(&root);
        assert_eq!(files, ["guides/a.md"]);
        let mut texts: Vec<String> = problems
            .iter()
            .map(|d| {
                assert_eq!(d.code, Code::FileSymlinkOutside);
                d.message.clone()
            })
            .collect();
        texts.sort();
        let outside = outside.canonicalize().expect("canonical");
        assert_eq!(
            texts,
            [
                format!(
                    "content/elsewhere leads to {}, outside the site's folder, so it is not read",
                    outside.display()
                ),
                format!(
                    "content/guides/secret.md leads to {}, outside the site's folder, so it is not read",
                    outside.join("secret.md").display()
                ),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_input_folder_leading_outside_is_reported() {
        let (_dir, root, outside) = site_with_outside();
        std::fs::write(outside.join("x.css"), "x").expect("write");
        link(&outside, &root.join("static"));
        let (files, problems) = list_files(&root, &root.join("static"), |_| true);
        assert!(files.is_empty(), "{files:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::FileSymlinkOutside);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_reported_not_walked_forever() {
        let (_dir, root, _) = site_with_outside();
        link(Path::new(".."), &root.join("content/guides/again"));
        let (files, problems) = listed(&root);
        assert_eq!(files, ["guides/a.md"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::FileSymlinkLoop);
        assert_eq!(
            problems[0].message,
            "content/guides/again is a link back to content, which holds it: a loop, not followed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_name_with_a_line_break_or_not_utf8_is_reported_not_read() {
        use std::os::unix::ffi::OsStrExt;
        let (_dir, root, _) = site_with_outside();
        let guides = root.join("content/guides");
        std::fs::write(guides.join("line\nbreak.md"), "x").expect("write");
        std::fs::write(
            guides.join(std::ffi::OsStr::from_bytes(b"latin\xe9.md")),
            "x",
        )
        .expect("write");
        std::fs::write(guides.join("R\u{e9}sum\u{e9} & <notes>.md"), "x").expect("write");
        let (files, problems) = listed(&root);
        assert_eq!(
            files,
            ["guides/R\u{e9}sum\u{e9} & <notes>.md", "guides/a.md"]
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|d| d.code == Code::FileBadName));
    }
}
