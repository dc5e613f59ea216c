//! Errors and diagnostics: the one error type of the library, and the `Diagnostic` that every
//! problem in a site's inputs becomes. This module formats problems for people; it never decides
//! whether a build goes on (the pipeline does) and never prints (the CLI does).

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Where in an input file a problem is: a path relative to the site root, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, relative to the site root (so messages read the same on every machine).
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
}

impl Location {
    /// A location in `path` at `line`:`col`.
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Self {
            path: path.into(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform, so snapshots and CI logs agree.
        let path = self.path.to_string_lossy().replace('\\', "/");
        write!(f, "{path}:{}:{}", self.line, self.col)
    }
}

/// How bad a problem is: errors fail the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site cannot be built correctly.
    Error,
    /// The site builds, but something is probably wrong.
    Warning,
}

/// One problem in the site's inputs, with where it is, what was expected, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is, when it is in a file.
    pub location: Option<Location>,
    /// What is wrong and what was expected, in one sentence.
    pub message: String,
    /// What the author can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(location) => write!(f, "{label}: {location}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed; the path says which.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done ("reading", "writing", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// `site.yaml` is missing or invalid (exit code 2).
    #[error("{}", list(.0))]
    Config(Vec<Diagnostic>),
    /// The site's content, data or templates have problems (exit code 1).
    #[error("{}", list(.0))]
    Site(Vec<Diagnostic>),
    /// The output folder is not one matchpress may write to (exit code 2).
    #[error("refusing to write to {}: {reason}", path.display())]
    OutputRefused {
        /// The output folder asked for.
        path: PathBuf,
        /// Why it was refused, and what to do instead.
        reason: String,
    },
    /// A bug or an environment failure that is not the author's fault (exit code 3).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// An I/O error that names its path.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The documented process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Site(_) => 1,
            Self::Config(_) | Self::OutputRefused { .. } => 2,
            Self::Io { .. } | Self::Internal(_) => 3,
        }
    }

    /// The diagnostics this error carries, if it is about the site's inputs.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Config(d) | Self::Site(d) => d,
            _ => &[],
        }
    }
}

fn list(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let _ = write!(
        out,
        "{errors} error{} found",
        if errors == 1 { "" } else { "s" }
    );
    out
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Maps byte offsets in a text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The 1-based (line, column) of byte `offset` in `text`; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_typos_only() {
        let fields = ["title", "tags", "description", "specialties"];
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("specialities", fields), Some("specialties"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\néé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        let x = text.find('x').expect("x is in the text");
        assert_eq!(index.line_col(text, x), (2, 4));
    }

    #[test]
    fn diagnostic_display_names_file_line_col_and_hint() {
        let d = Diagnostic::error(Some(Location::new("content/a.md", 3, 7)), "bad thing")
            .with_hint("do this");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:7: bad thing\n  hint: do this"
        );
    }
}
