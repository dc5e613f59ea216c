//! YAML parsing: the only module that talks to serde-saphyr. It turns YAML text into raw serde
//! structs, or into a located `Node` tree for data files (so that every problem in a file can be
//! reported in one run), and turns parser errors into `Diagnostic`s that name `file:line:col`
//! of the original file, with a hint. It does not validate values: that is the model's job.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Location, did_you_mean};

pub mod fields;

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

/// A YAML value with its place in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line in the file (the origin's offset applied).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Byte range of the value's text in the YAML, when known.
    pub span: Option<(usize, usize)>,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (or too large for a whole number).
    Float(f64),
    /// Text, quoted or not.
    Str(String),
    /// A sequence.
    List(Vec<Node>),
    /// A mapping, in the file's order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of the value as written in `yaml` (quotes included), if known.
    pub fn raw<'t>(&self, yaml: &'t str) -> Option<&'t str> {
        self.span.and_then(|(start, end)| yaml.get(start..end))
    }

    /// A short description of the kind of value, for messages ("a number", "a list"...).
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The shape serde-saphyr fills, converted to `Node` with the origin applied.
enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Spanned<Tree>>),
    Map(Vec<(Spanned<Tree>, Spanned<Tree>)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
                Ok(Tree::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
                Ok(Tree::Int(v))
            }
            #[expect(
                clippy::cast_precision_loss,
                reason = "beyond i64 only the magnitude matters"
            )]
            fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
                Ok(i64::try_from(v).map_or(Tree::Float(v as f64), Tree::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
                Ok(Tree::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
                Ok(Tree::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Tree, E> {
                Ok(Tree::Str(v))
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_none<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
                Tree::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
                    items.push(item);
                }
                Ok(Tree::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<Spanned<Tree>, Spanned<Tree>>()? {
                    entries.push(entry);
                }
                Ok(Tree::Map(entries))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

fn to_node(tree: Spanned<Tree>, line_offset: usize) -> Node {
    let at = tree.referenced;
    let span = at.span();
    let span = span
        .byte_offset()
        .zip(span.byte_len())
        .and_then(|(start, len)| {
            let start = usize::try_from(start).ok()?;
            Some((start, start + usize::try_from(len).ok()?))
        });
    let value = match tree.value {
        Tree::Null => Value::Null,
        Tree::Bool(b) => Value::Bool(b),
        Tree::Int(i) => Value::Int(i),
        Tree::Float(f) => Value::Float(f),
        Tree::Str(s) => Value::Str(s),
        Tree::List(items) => {
            Value::List(items.into_iter().map(|t| to_node(t, line_offset)).collect())
        }
        Tree::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (to_node(k, line_offset), to_node(v, line_offset)))
                .collect(),
        ),
    };
    Node {
        value,
        line: usize::try_from(at.line()).unwrap_or(usize::MAX).max(1) + line_offset,
        col: usize::try_from(at.column()).unwrap_or(usize::MAX).max(1),
        span,
    }
}

/// Parse `text` into a located tree. Data files can be large: the node budget is raised to
/// fit tens of thousands of programs, while alias expansion stays bounded.
pub fn parse_tree(text: &str, origin: Origin<'_>) -> Result<Node, Diagnostic> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: 20_000_000,
            max_total_scalar_bytes: 1 << 30,
        },
    };
    serde_saphyr::from_str_with_options::<Spanned<Tree>>(text, options)
        .map(|tree| to_node(tree, origin.line_offset))
        .map_err(|error| to_diagnostic(&error, origin))
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
    fn tree_keeps_every_location_and_the_raw_text() {
        let yaml = "id: 0401100207\nvisas: [J-1, 'H-1B']\nnote: ~\n";
        let tree = parse_tree(yaml, origin()).expect("valid");
        let Value::Map(entries) = &tree.value else {
            panic!("a mapping")
        };
        let (key, id) = &entries[0];
        assert_eq!((key.line, key.col), (2, 1));
        assert_eq!(id.raw(yaml), Some("0401100207"));
        assert!(matches!(id.value, Value::Int(_) | Value::Float(_)));
        let Value::List(visas) = &entries[1].1.value else {
            panic!("a list")
        };
        assert_eq!((visas[1].line, visas[1].col), (3, 14));
        assert_eq!(visas[1].value, Value::Str("H-1B".to_string()));
        assert_eq!(entries[2].1.value, Value::Null);
    }

    #[test]
    fn wrong_type_says_what_was_expected() {
        let d = parse::<Probe>("title: x\nweight: heavy\n", origin()).expect_err("bad number");
        assert_eq!(d.message, "expected a whole number");
        let location = d.location.expect("located");
        assert_eq!((location.line, location.col), (3, 9));
    }
}
