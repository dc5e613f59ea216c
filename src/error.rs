//! The one error type of the library. Problems in a site's inputs are `Diagnostic`s (see
//! `diagnostic`); an `Error` carries them when they stop a command, or says what else failed.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, report};

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
    #[error("{}", report::human(.0, false))]
    Config(Vec<Diagnostic>),
    /// The site's content, data or templates have problems (exit code 1).
    #[error("{}", report::human(.0, false))]
    Site(Vec<Diagnostic>),
    /// The output folder is not one matchpress may write to (exit code 2).
    #[error("refusing to write to {}: {reason}", path.display())]
    OutputRefused {
        /// The output folder asked for.
        path: PathBuf,
        /// Why it was refused, and what to do instead.
        reason: String,
    },
    /// A command would overwrite or mix with what is there, so it did nothing (exit code 2).
    #[error("{message}\n  hint: {hint}")]
    Refused {
        /// What was refused, and why.
        message: String,
        /// What to do instead.
        hint: String,
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
            Self::Config(_) | Self::OutputRefused { .. } | Self::Refused { .. } => 2,
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
