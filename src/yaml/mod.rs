//! YAML parsing: the only module that talks to serde-saphyr. It turns YAML text into a located
//! `Node` tree (every value with its `file:line:col` and its text as written), so that the
//! files' rules (`fields`, and the model) can report every problem of a file in one run.
//! Parser errors become diagnostics that name the place in the original file, and the parser's
//! limits are named when a file goes over one. Values are not validated here.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Code, Diagnostic, Location};

pub mod fields;

/// Where a YAML text sits in its file: the file, and how many lines come before the YAML.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, relative to the site root.
    pub path: &'a Path,
    /// Lines of the file before the first YAML line (the `---` of front matter, for instance).
    pub line_offset: usize,
}

impl Origin<'_> {
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

/// How deeply YAML may nest (mappings and lists); no matchpress file needs a tenth of it.
pub const MAX_DEPTH: usize = 24;

/// How many aliases (`*name`) and anchors (`&name`) a file may hold.
pub const MAX_ALIASES: usize = 50_000;

/// Parse `text` into a located tree; `syntax` is the code for a file that is not YAML.
///
/// The parser's limits keep hostile files (alias bombs, runaway nesting) from exhausting time or
/// memory: nesting depth and aliases are capped, and the number of values and the bytes of text
/// may grow only in proportion to the file's size, so a legitimate file of any size loads.
pub fn parse_tree(text: &str, origin: Origin<'_>, syntax: Code) -> Result<Node, Diagnostic> {
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = 100_000 + text.len();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 1_000_000 + 4 * text.len(),
            max_nodes: 1_000_000 + 4 * text.len(),
            max_total_scalar_bytes: (64 << 20) + 2 * text.len(),
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_documents: 1,
        },
        alias_limits: alias_limits,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
    };
    // An empty document is an empty mapping.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str_with_options::<Spanned<Tree>>(text, options)
        .map(|tree| to_node(tree, origin.line_offset))
        .map_err(|error| to_diagnostic(&error, origin, syntax))
}

/// Parse `text` straight into `T`, stopping at the first problem: for the project's tools (the
/// benchmark's site generator), not for a site's files, which are read as located trees so
/// that every problem of a file is reported.
pub fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text)
        .map_err(|error| to_diagnostic(&error, origin, Code::DataSyntax))
}

fn to_diagnostic(error: &serde_saphyr::Error, origin: Origin<'_>, syntax: Code) -> Diagnostic {
    let location = error.location().map_or_else(
        || origin.location(1, 1),
        |l| origin.location(l.line(), l.column()),
    );
    if let Some(d) = limit(error, &location) {
        return d;
    }
    let rendered = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The plain rendering ends with " at line L, column C"; we print our own location.
    let message = match rendered.rfind(" at line ") {
        Some(i) => rendered[..i].to_string(),
        None => rendered,
    };
    Diagnostic::new(syntax, location, format!("invalid YAML: {message}"))
        .with_hint("check indentation, colons and quotes on this line and the one before")
}

/// A diagnostic naming the parser limit `error` reports, if it is one.
fn limit(error: &serde_saphyr::Error, location: &Location) -> Option<Diagnostic> {
    use serde_saphyr::budget::BudgetBreach;
    let hostile = "this limit keeps files built to exhaust memory or time from doing so; \
                   no program file or front matter comes near it";
    // Errors may come wrapped with a snippet of the text, or in an alias's context.
    let mut error = error.without_snippet();
    while let serde_saphyr::Error::AliasError { error: inner, .. } = error {
        error = inner.without_snippet();
    }
    let (message, hint) = match error {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => (
                format!("the YAML nests more than {MAX_DEPTH} levels deep (the nesting limit)"),
                format!("look for runaway indentation or brackets near here; {hostile}"),
            ),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. } => (
                format!(
                    "the YAML uses more than {MAX_ALIASES} aliases or anchors (`*name`, `&name`), or far more aliases than anchors (the alias limit)"
                ),
                format!("write the values out instead of repeating them with aliases; {hostile}"),
            ),
            BudgetBreach::Documents { .. } => (
                "the file holds more than one YAML document (a line `---` inside it)".to_string(),
                "keep one document per file: remove the `---` line, or split the file".to_string(),
            ),
            BudgetBreach::Events { .. }
            | BudgetBreach::Nodes { .. }
            | BudgetBreach::ScalarBytes { .. } => (
                "the YAML expands to far more values than the file holds (the expansion limit: about four values per byte of the file)".to_string(),
                format!("aliases (`*name`) that repeat large parts of the file make it grow; write the values out; {hostile}"),
            ),
            _ => (
                format!("the YAML is over a parser limit ({breach:?})"),
                hostile.to_string(),
            ),
        },
        serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => (
            "the YAML's aliases (`*name`) expand to more values than the file holds (the alias expansion limit: 100,000 values and one per byte of the file)".to_string(),
            format!("write the values out instead of repeating them with aliases; {hostile}"),
        ),
        _ => return None,
    };
    Some(Diagnostic::new(Code::YamlLimit, location.clone(), message).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin {
            path: Path::new("content/a.md"),
            line_offset: 1,
        }
    }

    #[test]
    fn tree_keeps_every_location_and_the_raw_text() {
        let yaml = "id: 0401100207\nvisas: [J-1, 'H-1B']\nnote: ~\n";
        let tree = parse_tree(yaml, origin(), Code::DataSyntax).expect("valid");
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
    fn syntax_errors_are_located_in_the_file() {
        let d = parse_tree(
            "title: x\n  bad: indent\n",
            origin(),
            Code::FrontMatterSyntax,
        )
        .expect_err("invalid");
        assert_eq!(d.code, Code::FrontMatterSyntax);
        assert!(d.message.starts_with("invalid YAML"), "{d}");
        assert_eq!(d.location.expect("located").line, 3);
    }

    #[test]
    fn limits_are_named() {
        let deep = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        let d = parse_tree(&deep, origin(), Code::DataSyntax).expect_err("too deep");
        assert_eq!(d.code, Code::YamlLimit);
        assert!(d.message.contains("nests more than 24 levels"), "{d}");
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        let d = parse_tree(bomb, origin(), Code::DataSyntax).expect_err("an alias bomb");
        assert_eq!(d.code, Code::YamlLimit, "{d}");
    }

    #[test]
    fn duplicate_keys_reach_the_tree() {
        let tree = parse_tree("a: 1\na: 2\n", origin(), Code::DataSyntax).expect("parsed");
        let Value::Map(entries) = &tree.value else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 2);
    }
}
