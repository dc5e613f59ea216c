//! YAML parsing: the only module that talks to serde-saphyr. It turns YAML text into raw serde
//! structs and turns parser errors into `Diagnostic`s that name `file:line:col` of the original
//! file, with a hint. It does not validate values: that is the model's job.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Location, did_you_mean};

/// A value with the place in the YAML text it came from.
pub use serde_saphyr::Spanned;

/// Where a YAML text sits in its file: the file, and how many lines come before the YAML.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, relative to the site root.
    pub path: &'a Path,
    /// Lines of the file before the first YAML line (the `---` of front matter, for instance).
    pub line_offset: usize,
}

impl Origin<'_> {
    /// The file location of a spanned value.
    pub fn location_of<T>(&self, spanned: &Spanned<T>) -> Location {
        self.location(spanned.referenced.line(), spanned.referenced.column())
    }

    fn location(&self, line: u64, col: u64) -> Location {
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        Location::new(self.path, line.max(1) + self.line_offset, col.max(1))
    }
}

/// Parse `text` as `T`, reporting a failure as a diagnostic located in the original file.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so optional-only structs parse from nothing.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str::<T>(text).map_err(|error| to_diagnostic(&error, origin))
}

fn to_diagnostic(error: &serde_saphyr::Error, origin: Origin<'_>) -> Diagnostic {
    let location = error.location().map_or_else(
        || origin.location(1, 1),
        |l| origin.location(l.line(), l.column()),
    );
    let rendered = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The plain rendering ends with " at line L, column C"; we print our own location.
    let message = match rendered.rfind(" at line ") {
        Some(i) => rendered[..i].to_string(),
        None => rendered,
    };
    explain(&message, Some(location))
}

/// Rewrite the parser's terse messages into what was expected, plus a hint.
fn explain(message: &str, location: Option<Location>) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|f| f.trim_matches('`'))
            .filter(|f| !f.is_empty())
            .collect();
        let diagnostic = Diagnostic::error(location, format!("unknown field `{field}`"));
        return match did_you_mean(field, known.iter().copied()) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_hint(format!("known fields: {}", known.join(", "))),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(location, format!("missing required field `{field}`"))
            .with_hint(format!("add a line `{field}: ...`"));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return Diagnostic::error(location, format!("the key `{key}` is given twice"))
            .with_hint("keep one of the two lines");
    }
    let kind = if message.starts_with("invalid i") || message.starts_with("invalid u") {
        Some("a whole number")
    } else if message.starts_with("invalid bool") || message.contains("boolean") {
        Some("true or false")
    } else {
        None
    };
    if let Some(expected) = kind {
        return Diagnostic::error(location, format!("expected {expected}"))
            .with_hint(format!("the parser said: {message}"));
    }
    if message.contains("invalid type") {
        return Diagnostic::error(location, message.to_string())
            .with_hint("check the value's shape: a list is `[a, b]`, text can be quoted");
    }
    Diagnostic::error(location, format!("invalid YAML: {message}"))
        .with_hint("check indentation, colons and quotes on this line and the one before")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only parsed, to see the errors")]
    struct Probe {
        title: String,
        weight: Option<i64>,
    }

    fn origin() -> Origin<'static> {
        Origin {
            path: Path::new("content/a.md"),
            line_offset: 1,
        }
    }

    #[test]
    fn unknown_field_gets_did_you_mean_and_offset_line() {
        let d = parse::<Probe>("title: x\ntitel: y\n", origin()).expect_err("unknown field");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:1: unknown field `titel`\n  hint: did you mean `title`?"
        );
    }

    #[test]
    fn wrong_type_says_what_was_expected() {
        let d = parse::<Probe>("title: x\nweight: heavy\n", origin()).expect_err("bad number");
        assert_eq!(d.message, "expected a whole number");
        let location = d.location.expect("located");
        assert_eq!((location.line, location.col), (3, 9));
    }
}
