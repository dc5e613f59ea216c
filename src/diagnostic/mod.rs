//! Diagnostics: what every problem in a site's inputs becomes, with a stable code, a severity,
//! the place (`file:line:col`, or the file alone), a message, a hint and related places. Phases
//! return them as values; this module describes and formats them (`report`), and never decides
//! whether a build goes on (the pipeline does) or prints (the CLI does).

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod code;
mod policy;
pub mod report;
mod suggest;

pub use code::Code;
pub use policy::{Level, Policy, Selector};
pub use suggest::did_you_mean;

/// Where a problem is: a path relative to the site root and, when known, a 1-based line and
/// column. A location without a place in the file has line and column 0.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file, relative to the site root (so messages read the same on every machine).
    pub path: PathBuf,
    /// 1-based line number; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when the problem is about the whole file.
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

    /// The file `path` as a whole.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self::new(path, 0, 0)
    }

    /// Whether the location names a line and column.
    pub fn has_position(&self) -> bool {
        self.line > 0
    }

    /// The path with forward slashes, the same on every platform.
    pub fn path_text(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_text();
        if self.has_position() {
            write!(f, "{path}:{}:{}", self.line, self.col)
        } else {
            f.write_str(&path)
        }
    }
}

/// How bad a problem is: errors fail the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The site cannot be built correctly.
    Error,
    /// The site builds, but something is probably wrong.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// Another place that explains a problem ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem in the site's inputs, with where it is, what was expected, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is, when it is in a file.
    pub location: Option<Location>,
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong and what was expected, in one sentence.
    pub message: String,
    /// What the author can do about it.
    pub hint: Option<String>,
    /// Other places that explain it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A problem of kind `code` at `location`, with the code's default severity.
    pub fn new(
        code: Code,
        location: impl Into<Option<Location>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: code.default_severity(),
            location: location.into(),
            code,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic with a related place.
    #[must_use]
    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// The same diagnostic with `suffix` added to its message.
    #[must_use]
    pub fn with_message_suffix(mut self, suffix: &str) -> Self {
        self.message.push_str(suffix);
        self
    }

    /// The same diagnostic with another severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity.as_str(), self.code)?;
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        for related in &self.related {
            write!(f, "\n  note: {}: {}", related.location, related.message)?;
        }
        Ok(())
    }
}

/// Whether any of `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
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

/// `bytes` in MiB for messages: "8 MB", "12.5 MB" (rounded up to a tenth).
pub fn megabytes(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10).div_ceil(1 << 20);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn display_names_code_place_hint_and_related_places() {
        let d = Diagnostic::new(
            Code::ProgramDuplicateId,
            Location::new("data/programs/a.yaml", 3, 7),
            "bad thing",
        )
        .with_hint("do this")
        .with_related(
            Location::new("data/programs/b.yaml", 9, 5),
            "first defined here",
        );
        assert_eq!(
            d.to_string(),
            "error[program/duplicate-id]: data/programs/a.yaml:3:7: bad thing\n  hint: do this\n  note: data/programs/b.yaml:9:5: first defined here"
        );
        let whole = Diagnostic::new(Code::TemplateMissing, Location::file("themes/x"), "gone");
        assert_eq!(whole.to_string(), "error[template/missing]: themes/x: gone");
    }
}
