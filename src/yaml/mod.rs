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

pub mod entries;
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

/// How deeply YAML may nest (mappings and lists): 24 levels. A program nests 3 levels deep
/// and front matter 4; deeper YAML is a mistake or a file built to exhaust the stack.
pub const MAX_DEPTH: usize = 24;

/// How many values (scalars, lists, mappings) a file may hold, aliases expanded: this many,
/// plus `VALUES_PER_BYTE` per byte of the file. A program file holds about one value per 5
/// bytes, so only aliases that repeat large parts of the file come near it.
pub const MAX_VALUES: usize = 1_000_000;

/// How many values each byte of a file adds to `MAX_VALUES`.
pub const VALUES_PER_BYTE: usize = 4;

/// How many values aliases (`*name`, `<<: *name`) may add in all: this many, plus one per byte
/// of the file. A program that repeats a shared `requirements: *img_friendly` adds 20 values
/// for 30 bytes of its own 600.
pub const MAX_ALIAS_VALUES: usize = 100_000;

/// How many aliases, anchors and merge keys (`<<`) a file may hold, each: this many, plus one
/// per `BYTES_PER_ALIAS` bytes of the file, so that a file where every program merges in
/// shared values (`<<: *defaults`) loads at any size.
pub const MAX_ALIASES: usize = 50_000;

/// The bytes of a file that allow one more alias, anchor or merge key beyond `MAX_ALIASES`.
pub const BYTES_PER_ALIAS: usize = 16;

/// How many bytes of text a file's values may hold, aliases expanded: 64 MiB, plus two per
/// byte of the file.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// The parser's limits for a file of `len` bytes, as they are named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Limits {
    values: usize,
    alias_values: usize,
    aliases: usize,
    text_bytes: usize,
}

impl Limits {
    fn of(len: usize) -> Self {
        Self {
            values: MAX_VALUES.saturating_add(VALUES_PER_BYTE.saturating_mul(len)),
            alias_values: MAX_ALIAS_VALUES.saturating_add(len),
            aliases: MAX_ALIASES.saturating_add(len / BYTES_PER_ALIAS),
            text_bytes: MAX_TEXT_BYTES.saturating_add(len.saturating_mul(2)),
        }
    }
}

/// Parse `text` into a located tree; `syntax` is the code for a file that is not YAML.
///
/// The parser's limits keep hostile files (alias bombs, runaway nesting) from exhausting time or
/// memory: nesting depth is capped, and the number of values, aliases and bytes of text may
/// grow only in proportion to the file's size, so a legitimate file of any size loads (a file's
/// size is capped when it is read). A file over a limit gets a `yaml/limit` diagnostic that
/// names it.
pub fn parse_tree(text: &str, origin: Origin<'_>, syntax: Code) -> Result<Node, Diagnostic> {
    let limits = Limits::of(text.len());
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = limits.alias_values;
    alias_limits.max_replay_stack_depth = MAX_DEPTH;
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: limits.values,
            max_nodes: limits.values,
            max_total_scalar_bytes: limits.text_bytes,
            max_depth: MAX_DEPTH,
            max_aliases: limits.aliases,
            max_anchors: limits.aliases,
            max_merge_keys: limits.aliases,
            max_recorded_anchor_events: limits.alias_values,
            max_recorded_anchor_bytes: limits.text_bytes,
            // Many aliases of one anchor is how shared values are written (every program's
            // `requirements: *img_friendly`): the expansion limits bound what they cost.
            enforce_alias_anchor_ratio: false,
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
        .map_err(|error| to_diagnostic(&error, origin, syntax, limits))
}

/// Parse `text` straight into `T`, stopping at the first problem: for the project's tools (the
/// benchmark's site generator), not for a site's files, which are read as located trees so
/// that every problem of a file is reported.
pub fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text)
        .map_err(|error| to_diagnostic(&error, origin, Code::DataSyntax, Limits::of(text.len())))
}

fn to_diagnostic(
    error: &serde_saphyr::Error,
    origin: Origin<'_>,
    syntax: Code,
    limits: Limits,
) -> Diagnostic {
    let location = error.location().map_or_else(
        || origin.location(1, 1),
        |l| origin.location(l.line(), l.column()),
    );
    if let Some(d) = limit(error, &location, limits) {
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

/// A diagnostic naming the parser limit `error` reports, if it is one: the limit, its value for
/// this file, and what to do.
fn limit(error: &serde_saphyr::Error, location: &Location, limits: Limits) -> Option<Diagnostic> {
    use serde_saphyr::budget::BudgetBreach;
    let why = "these limits keep a file built to exhaust memory or time from doing so";
    let aliases = || {
        format!(
            "write the values out instead of repeating them with aliases (`*name`, `<<: *name`): \
             the limit grows with the file's size, so only aliases that repeat large parts of \
             the file reach it, and splitting the file does not help; {why}"
        )
    };
    // Errors may come wrapped with a snippet of the text, or in an alias's context.
    let mut error = error.without_snippet();
    while let serde_saphyr::Error::AliasError { error: inner, .. } = error {
        error = inner.without_snippet();
    }
    let values = format!(
        "{} values ({} plus {VALUES_PER_BYTE} per byte of the file)",
        thousands(limits.values),
        thousands(MAX_VALUES)
    );
    let alias_values = format!(
        "{} values ({} plus one per byte of the file)",
        thousands(limits.alias_values),
        thousands(MAX_ALIAS_VALUES)
    );
    let (message, hint) = match error {
        serde_saphyr::Error::Budget {
            breach:
                BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. },
            ..
        }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => (
            format!(
                "the YAML's aliases (`*name`) expand to more than {alias_values} (the alias expansion limit)"
            ),
            aliases(),
        ),
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => (
                format!("the YAML nests more than {MAX_DEPTH} levels deep (the nesting limit)"),
                format!(
                    "look for runaway indentation or brackets near here: no matchpress file nests more than 4 levels; {why}"
                ),
            ),
            BudgetBreach::Aliases { .. } => (
                format!(
                    "the YAML holds more than {} aliases (`*name`) (the alias limit: {} plus one per {BYTES_PER_ALIAS} bytes of the file)",
                    thousands(limits.aliases),
                    thousands(MAX_ALIASES)
                ),
                aliases(),
            ),
            BudgetBreach::Anchors { .. } => (
                format!(
                    "the YAML holds more than {} anchors (`&name`) (the anchor limit: {} plus one per {BYTES_PER_ALIAS} bytes of the file)",
                    thousands(limits.aliases),
                    thousands(MAX_ALIASES)
                ),
                aliases(),
            ),
            BudgetBreach::MergeKeys { .. } => (
                format!(
                    "the YAML holds more than {} merge keys (`<<`) (the merge key limit: {} plus one per {BYTES_PER_ALIAS} bytes of the file)",
                    thousands(limits.aliases),
                    thousands(MAX_ALIASES)
                ),
                aliases(),
            ),
            BudgetBreach::Documents { .. } => (
                "the file holds more than one YAML document (a line `---` inside it)".to_string(),
                "keep one document per file: remove the `---` line, or split the file".to_string(),
            ),
            BudgetBreach::Events { .. } | BudgetBreach::Nodes { .. } => (
                format!("the YAML holds more than {values}, aliases expanded (the value limit)"),
                aliases(),
            ),
            BudgetBreach::ScalarBytes { .. } => (
                format!(
                    "the YAML's text, aliases expanded, is over {} (the text limit: {} MB plus two bytes per byte of the file)",
                    crate::diagnostic::megabytes(
                        u64::try_from(limits.text_bytes).unwrap_or(u64::MAX)
                    ),
                    MAX_TEXT_BYTES >> 20
                ),
                aliases(),
            ),
            _ => (
                format!("the YAML is over a parser limit ({breach:?})"),
                why.to_string(),
            ),
        },
        serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => (
            format!(
                "the YAML's aliases (`*name`) nest more than {MAX_DEPTH} levels deep (the nesting limit)"
            ),
            aliases(),
        ),
        _ => return None,
    };
    Some(Diagnostic::new(Code::YamlLimit, location.clone(), message).with_hint(hint))
}

/// `n` with thousands separated by commas, as the README writes limits: "1,000,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

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
        assert!(
            d.to_string().contains("content/a.md:2:"),
            "names the file: {d}"
        );
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        let d = parse_tree(bomb, origin(), Code::DataSyntax).expect_err("an alias bomb");
        assert_eq!(d.code, Code::YamlLimit, "{d}");
        let limit = 100_000 + bomb.len();
        assert!(
            d.message
                .contains(&format!("expand to more than {} values", thousands(limit)))
                && d.message.contains("alias expansion limit"),
            "names the limit and its value: {d}"
        );
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("write the values out")),
            "{d}"
        );
    }

    #[test]
    fn too_many_aliases_name_the_alias_limit() {
        let n = 100_000;
        let yaml = format!("a: &a x\nb: [{}]\n", vec!["*a"; n].join(","));
        let d = parse_tree(&yaml, origin(), Code::DataSyntax).expect_err("over the alias limit");
        assert_eq!(d.code, Code::YamlLimit, "{d}");
        let limit = 50_000 + yaml.len() / 16;
        assert!(
            d.message
                .contains(&format!("more than {} aliases", thousands(limit))),
            "{d}"
        );
    }

    #[test]
    fn text_expanded_past_the_text_limit_is_named() {
        let yaml = format!(
            "a: &a {}\nb: [{}]\n",
            "x".repeat(1 << 20),
            vec!["*a"; 70].join(",")
        );
        let d = parse_tree(&yaml, origin(), Code::DataSyntax).expect_err("over the text limit");
        assert_eq!(d.code, Code::YamlLimit, "{d}");
        assert!(d.message.contains("the text limit: 64 MB"), "{d}");
    }

    #[test]
    fn shared_values_through_aliases_and_merge_keys_load() {
        // Regression: one anchor used by 300 programs broke the alias/anchor ratio rule, and
        // 10,001 merge keys the merge key limit; both are how shared values are written.
        let mut yaml = String::from(
            "specialty: x\nshared: &req {usce: preferred, accepts_do: true}\nbase: &base {state: NY, eras: true}\nprograms:\n",
        );
        for i in 0..12_000 {
            let _ = write!(
                yaml,
                "  - <<: *base\n    acgme_id: \"{i:010}\"\n    requirements: *req\n"
            );
        }
        let tree = parse_tree(&yaml, origin(), Code::DataSyntax).expect("loads");
        let Value::Map(top) = &tree.value else {
            panic!("a mapping")
        };
        let Value::List(programs) = &top[3].1.value else {
            panic!("a list")
        };
        assert_eq!(programs.len(), 12_000);
    }

    /// A program with every field, as data editors write them (about 1 KB).
    const PROGRAM: &str = r#"  - acgme_id: "1400121321"
    nrmp_codes: ["9518140C0", "9518140P0"]
    name: Internal Medicine Residency
    sponsor: Hethingholt Community Hospital
    city: Birmingham
    state: AL
    program_type: community
    length_years: 3
    positions_pgy1: 13
    salary_pgy1: 64200
    pct_img: 70.4
    visas: [J-1, H-1B]
    requirements:
      min_step2_ck: 220
      first_attempt_only: false
      yog_cutoff_years: 3
      usce: preferred
      usce_min_months: 6
      observership_as_usce: true
      accepts_do: true
      accepts_comlex: true
      step3_for_h1b: true
    eras: true
    application_deadline: 2026-10-31
    interview_months: [nov, dec, jan]
    interview_format: virtual
    interviews_offered: 150
    website: https://hethingholt-community.example/internal-medicine
    source_url: https://hethingholt-community.example/internal-medicine/faq
    last_verified: 2026-06-05
    notes: |
      H-1B sponsorship requires passing Step 3 before the rank list deadline.
"#;

    fn program_file(n: usize) -> String {
        let mut yaml = String::from("specialty: internal-medicine\nprograms:\n");
        for _ in 0..n {
            yaml.push_str(PROGRAM);
        }
        yaml
    }

    fn count(node: &Node) -> usize {
        1 + match &node.value {
            Value::List(items) => items.iter().map(count).sum(),
            Value::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
            _ => 0,
        }
    }

    #[test]
    fn a_file_of_100_000_programs_is_within_every_limit() {
        // Regression: about 20,000 programs in one file were "invalid YAML" (a fixed budget of
        // one million values). The limits grow with the file: measure one program and scale.
        let one = parse_tree(&program_file(1), origin(), Code::DataSyntax).expect("loads");
        let per_program = count(&one);
        let n = 100_000;
        let len = program_file(1).len() + (n - 1) * PROGRAM.len();
        let limits = Limits::of(len);
        // Events count a collection's start and end: twice the values, at most.
        assert!(
            2 * per_program * n < limits.values,
            "{per_program} values a program"
        );
        assert!(PROGRAM.len() * n < limits.text_bytes);
        assert!(len < usize::try_from(crate::source::DATA_FILE_LIMIT.bytes).unwrap_or(0));
    }

    #[test]
    fn parsing_time_grows_linearly_with_the_file() {
        let time = |n: usize| {
            let yaml = program_file(n);
            let start = std::time::Instant::now();
            let tree = parse_tree(&yaml, origin(), Code::DataSyntax).expect("loads");
            let elapsed = start.elapsed();
            assert_eq!(
                count(&tree),
                5 + n
                    * (count(
                        &parse_tree(&program_file(1), origin(), Code::DataSyntax).expect("one")
                    ) - 5)
            );
            elapsed
        };
        // The best of two runs, so that a busy machine does not decide.
        let small = time(40).min(time(40));
        let large = time(160).min(time(160));
        assert!(
            large < small * 8,
            "4 times the programs took {large:?}, against {small:?}: worse than linear"
        );
    }

    /// 100,000 programs in one file (about 100 MB): `cargo test --release --lib -- --ignored
    /// hundred_thousand` (minutes in a debug build).
    #[test]
    #[ignore = "slow in a debug build; run with --release"]
    fn hundred_thousand_programs_in_one_file_load() {
        let yaml = program_file(100_000);
        let tree = parse_tree(&yaml, origin(), Code::DataSyntax).expect("loads");
        let Value::Map(top) = &tree.value else {
            panic!("a mapping")
        };
        assert!(matches!(&top[1].1.value, Value::List(p) if p.len() == 100_000));
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
