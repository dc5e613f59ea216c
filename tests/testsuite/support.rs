//! The test helper: a fixture site copied into a temporary folder, edited file by file, built
//! through the library or the real binary, and its output read back. In the spirit of cargo's
//! `project().file(..)` and mdBook's `BookTest`: every test starts from a small complete site
//! under `tests/fixtures/<case>/` and says only what it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use matchpress::pipeline::{self, BuildOptions, BuildReport};
use matchpress::{Diagnostic, Error};
use tempfile::TempDir;

/// A copy of a fixture site in a temporary folder, deleted when dropped.
pub struct Site {
    /// Holds the site (in `site/`) and room beside it for other output folders.
    dir: TempDir,
    root: PathBuf,
}

/// What the binary did: exit code and everything it printed.
#[derive(Debug)]
pub struct Run {
    /// The process exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// One output file as found on disk: its bytes and when it was last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its modification time.
    pub modified: SystemTime,
}

impl Site {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(from.is_dir(), "no fixture folder {}", from.display());
        let dir = tempfile::Builder::new()
            .prefix("matchpress-test-")
            .tempdir()
            .expect("create a temporary folder");
        // The site sits one level down, so a test can use the folder above it as an output
        // folder without touching anything outside the temporary folder.
        let root = dir.path().join("site");
        copy_dir(&from, &root);
        Self { dir, root }
    }

    /// A fresh copy of `tests/fixtures/<name>` with the repository's own theme
    /// (`themes/default/`), for tests of what the real templates show.
    pub fn fixture_with_default_theme(name: &str) -> Self {
        let site = Self::fixture(name);
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_dir(&theme, &site.root.join("themes/default"));
        site
    }

    /// Give every input file changed in the last minute a time in the past, one second later
    /// than the last call gave, as if it had been saved a while ago: the build cache does not
    /// trust the time of a file changed within a second or two (another change could keep it).
    pub fn settle(&self) -> &Self {
        static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let now = SystemTime::now();
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let then = now - std::time::Duration::from_hours(1) + std::time::Duration::from_secs(call);
        for input in matchpress::cache::INPUTS {
            for entry in walkdir::WalkDir::new(self.root.join(input)) {
                let Ok(entry) = entry else { continue };
                let recent = entry
                    .metadata()
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .is_some_and(|t| now.duration_since(t).map_or(true, |age| age.as_secs() < 60));
                if entry.file_type().is_file() && recent {
                    std::fs::File::options()
                        .append(true)
                        .open(entry.path())
                        .and_then(|f| f.set_modified(then))
                        .expect("set a file's time");
                }
            }
        }
        self
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder that holds the site (the site's parent).
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of `rel` in the site.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Write (or overwrite) a file of the site, creating its folders.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the file's folder");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    /// Replace the first `from` in the site file `rel` with `to` (panics if `from` is not there).
    pub fn edit_text(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.text(rel);
        assert!(
            text.contains(from),
            "{rel} does not contain {from:?}:\n{text}"
        );
        self.file(rel, text.replacen(from, to, 1))
    }

    /// Delete a file of the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// Rename (move) a file or folder of the site, creating the target's folders.
    pub fn rename(&self, from: &str, to: &str) -> &Self {
        let target = self.path(to);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("create the target's folder");
        }
        std::fs::rename(self.path(from), &target)
            .unwrap_or_else(|e| panic!("rename {from} to {to}: {e}"));
        self
    }

    /// Delete a folder of the site with everything in it.
    pub fn remove_dir(&self, rel: &str) -> &Self {
        std::fs::remove_dir_all(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}/: {e}"));
        self
    }

    /// The text of an input file of the site (`content/guides/a.md`).
    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Change the first byte of the last `phrase` in the build cache's file of parsed pages
    /// (`.matchpress-cache/parsed.bin`) to `O`: the page's HTML that holds it is then not as
    /// stored, which only reading it finds (its result's checksum does not cover it).
    pub fn damage_page_in_cache(&self, phrase: &str) {
        let rel = ".matchpress-cache/parsed.bin";
        let mut bytes = std::fs::read(self.path(rel)).expect("the cache is there");
        let at = bytes
            .windows(phrase.len())
            .rposition(|w| w == phrase.as_bytes())
            .expect("the page's HTML is in the cache");
        bytes[at] = b'O';
        self.file(rel, bytes);
    }

    /// Build the site from scratch (without the build cache) into a new folder beside it and
    /// read every file it wrote (see `site_files`); the folder is deleted afterwards.
    pub fn clean_build(&self) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        self.clean_build_with(|_| ())
    }

    /// `clean_build` with options changed by `change`.
    pub fn clean_build_with(
        &self,
        change: impl FnOnce(&mut BuildOptions),
    ) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        let out = tempfile::Builder::new()
            .prefix("clean-")
            .tempdir_in(self.scratch())
            .expect("create an output folder");
        let mut options = BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        };
        change(&mut options);
        options.output = Some(out.path().to_path_buf());
        options.cache = pipeline::CacheUse::Off;
        pipeline::build(&options)?;
        Ok(site_files(out.path()))
    }

    /// Build options for this site, everything else at its default.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        }
    }

    /// Build with the default options.
    pub fn build(&self) -> Result<BuildReport, Error> {
        pipeline::build(&self.options())
    }

    /// Build with options changed by `change`.
    pub fn build_with(&self, change: impl FnOnce(&mut BuildOptions)) -> Result<BuildReport, Error> {
        let mut options = self.options();
        change(&mut options);
        pipeline::build(&options)
    }

    /// Build with the default options; panic with the diagnostics if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        self.build()
            .unwrap_or_else(|e| panic!("the build failed:\n{}", self.redact(&e.to_string())))
    }

    /// Build with the default options; panic if the build succeeds.
    pub fn build_err(&self) -> Error {
        match self.build() {
            Ok(report) => panic!(
                "the build succeeded but should have failed ({} pages, warnings: {:?})",
                report.pages, report.warnings
            ),
            Err(e) => e,
        }
    }

    /// The text of an output file of `public/` (`guides/a/index.html`).
    pub fn read(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read output {rel}: {e}; output has: {:?}", self.outputs()))
    }

    /// Whether `public/<rel>` exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// The `<main ...>...</main>` element of an output page, for snapshots.
    pub fn main_of(&self, rel: &str) -> String {
        main_of(&self.read(rel))
    }

    /// Every file of `public/`, relative, sorted (the manifest included).
    pub fn outputs(&self) -> Vec<String> {
        tree(&self.path("public")).into_keys().collect()
    }

    /// Replace the temporary folder's path in `text` with `[ROOT]`, so messages can be snapshots.
    pub fn redact(&self, text: &str) -> String {
        let root = self.root.display().to_string();
        let scratch = self.scratch().display().to_string();
        text.replace(&root, "[ROOT]").replace(&scratch, "[SCRATCH]")
    }

    /// The diagnostics of a failed build, one `Display` per diagnostic, joined by newlines.
    pub fn diagnostics_text(&self, error: &Error) -> String {
        let text = if error.diagnostics().is_empty() {
            error.to_string()
        } else {
            error
                .diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        };
        self.redact(&text)
    }

    /// Run the real `matchpress` binary in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }
}

/// Run the real `matchpress` binary in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_env(dir, args, &[])
}

/// Run the real `matchpress` binary in `dir` with `args` and the environment variables `env`
/// set (`SOURCE_DATE_EPOCH`, to fix the build's date).
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_matchpress"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("run the matchpress binary");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The only error of a failed build (panics if there is not exactly one).
pub fn only_error(error: &Error) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "expected exactly one error, got: {error}");
    errors[0]
}

/// The (path, line, col) of a diagnostic, with the path using forward slashes.
pub fn place(diagnostic: &Diagnostic) -> (String, usize, usize) {
    let location = diagnostic
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("the diagnostic has no location: {diagnostic}"));
    (
        location.path.to_string_lossy().replace('\\', "/"),
        location.line,
        location.col,
    )
}

/// The `<main ...>...</main>` element of an HTML page.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("the page has a <main> element");
    let end = html[start..]
        .find("</main>")
        .expect("the <main> element is closed")
        + start;
    html[start..end + "</main>".len()].to_string()
}

/// Every file under `dir`, by path relative to it (forward slashes), with bytes and mtime.
pub fn tree(dir: &Path) -> BTreeMap<String, FileState> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, FileState>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("list a folder");
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("under the base")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(&path).expect("read a file");
                let modified = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .expect("a modification time");
                out.insert(rel, FileState { bytes, modified });
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The site in an output folder: every file by relative path with its bytes, without
/// matchpress's own bookkeeping (the manifest and the staging folder).
pub fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir)
        .into_iter()
        .filter(|(rel, _)| {
            rel != matchpress::output::MANIFEST
                && !rel.starts_with(&format!("{}/", matchpress::output::STAGING))
        })
        .map(|(rel, file)| (rel, file.bytes))
        .collect()
}

/// Every folder under `dir`, relative, sorted.
pub fn folders(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("list a folder").path();
            if path.is_dir() {
                let rel = path.strip_prefix(base).expect("under the base");
                out.push(rel.to_string_lossy().replace('\\', "/"));
                walk(base, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The values of every `href="..."` attribute of `html`, in order.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| href.to_string()))
        .collect()
}

/// The href of the first `<a>` whose text is `text`.
pub fn href_of_link(html: &str, text: &str) -> String {
    let close = format!(">{text}</a>");
    let end = html
        .find(&close)
        .unwrap_or_else(|| panic!("no link with text {text:?} in:\n{html}"));
    let open = html[..end]
        .rfind("<a ")
        .expect("an <a> before the link text");
    hrefs(&html[open..=end])
        .into_iter()
        .next()
        .expect("the link has an href")
}

/// The output file a relative href leads to from the output file `from`
/// (`guides/b/index.html` + `../a/index.html#x` -> `guides/a/index.html`).
pub fn follow(from: &str, href: &str) -> String {
    assert!(
        !href.starts_with('/') && !href.contains("://"),
        "expected a relative link, found {href:?} on {from}"
    );
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            ".." => {
                assert!(parts.pop().is_some(), "{href:?} on {from} leaves the site");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The text between each `<open>` and `</close>` in order (`<title>`, `<loc>` ...).
pub fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(inner, _)| inner))
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("list a fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}
