//! A checker for located YAML: the fields of a mapping by name (unknown keys reported with "did
//! you mean"), and values read as text, numbers, flags, choices, dates or lists, each problem
//! reported at the value's `file:line:col` with what was expected. Validation rules of a
//! particular file (programs, front matter) live with the model, not here.

use std::path::Path;

use super::{Node, Value};
use crate::date::Date;
use crate::error::{Diagnostic, Location, did_you_mean};

/// The fields of a mapping, by name (a handful per entry: a list beats hashing).
pub struct Fields<'n> {
    names: Vec<&'static str>,
    values: Vec<Option<&'n Node>>,
}

impl<'n> Fields<'n> {
    /// The value of the field `name`, if the mapping has it.
    pub fn get(&self, name: &str) -> Option<&&'n Node> {
        let i = self.names.iter().position(|n| *n == name)?;
        self.values[i].as_ref()
    }

    /// Whether the mapping has the field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Where a diagnostic goes, and the text of the file (for raw scalars).
pub struct Checker<'a> {
    path: &'a Path,
    /// The YAML text, for values as written.
    pub yaml: &'a str,
    /// Every problem found so far.
    pub problems: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for the YAML of `file`.
    pub fn new(file: &'a crate::source::DataFile) -> Self {
        Self {
            path: &file.path,
            yaml: &file.text,
            problems: Vec::new(),
        }
    }

    /// Where `node` is in the file.
    pub fn at(&self, node: &Node) -> Location {
        Location::new(self.path, node.line, node.col)
    }

    /// An error at `node`.
    pub fn error(&mut self, node: &Node, message: String, hint: impl Into<String>) {
        self.problems
            .push(Diagnostic::error(Some(self.at(node)), message).with_hint(hint));
    }

    /// A warning at `node`.
    pub fn warn(&mut self, node: &Node, message: String, hint: impl Into<String>) {
        self.problems
            .push(Diagnostic::warning(Some(self.at(node)), message).with_hint(hint));
    }

    /// The entries of a mapping node, keyed by name; unknown keys are errors.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error(
                node,
                format!(
                    "expected {what} (a mapping of `key: value` lines), found {}",
                    node.kind()
                ),
                if what.ends_with("file") {
                    "start the file with its top-level keys, each as `key: value`"
                } else {
                    "indent the entry's fields under it, each as `key: value`"
                },
            );
            return None;
        };
        let mut fields = Fields {
            names: known.to_vec(),
            values: vec![None; known.len()],
        };
        for (key, value) in entries {
            let name = match &key.value {
                Value::Str(s) => s.as_str(),
                _ => key.raw(self.yaml).unwrap_or(""),
            };
            if let Some(i) = known.iter().position(|k| *k == name) {
                fields.values[i] = Some(value);
            } else {
                let hint = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields: {}", known.join(", ")),
                };
                self.error(key, format!("unknown field `{name}` in {what}"), hint);
            }
        }
        Some(fields)
    }

    /// `what` lacks the field `field`.
    pub fn missing(&mut self, parent: &Node, field: &str, what: &str) {
        self.error(
            parent,
            format!("{what} has no `{field}`"),
            format!("add a line `{field}: ...` to it"),
        );
    }

    /// One error for all the `required` fields an entry lacks (named by `what`).
    pub fn require(&mut self, entry: &Node, fields: &Fields<'_>, required: &[&str], what: &str) {
        let absent: Vec<String> = required
            .iter()
            .filter(|f| !fields.contains_key(f))
            .map(|f| format!("`{f}`"))
            .collect();
        if !absent.is_empty() {
            let lines: Vec<String> = absent
                .iter()
                .map(|f| format!("{}: ...", f.trim_matches('`')))
                .collect();
            self.error(
                entry,
                format!("{what} has no {}", one_of_and(&absent)),
                format!(
                    "add the line{} `{}`",
                    if absent.len() == 1 { "" } else { "s" },
                    lines.join("`, `")
                ),
            );
        }
    }

    /// Text that must be present (its absence is reported by `require`).
    pub fn required_text(&mut self, node: Option<&Node>, field: &str) -> Option<String> {
        match node {
            None => None,
            Some(node) if node.value == Value::Null => {
                self.error(
                    node,
                    format!("`{field}` is required and cannot be null"),
                    format!("write the {field}"),
                );
                None
            }
            Some(node) => self.text(node, field),
        }
    }

    /// Text, or `None` for null.
    pub fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::Str(s) if s.trim().is_empty() => {
                self.error(
                    node,
                    format!("`{field}` is empty"),
                    "write a value, or `null` if it is not known",
                );
                None
            }
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                node.raw(self.yaml).map(str::to_string)
            }
            Value::List(_) | Value::Map(_) => {
                self.error(
                    node,
                    format!("`{field}` must be text, found {}", node.kind()),
                    "write it on one line after the colon",
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`, or `None` for null.
    pub fn number(
        &mut self,
        node: Option<&&Node>,
        field: &str,
        min: i64,
        max: i64,
        hint: &str,
    ) -> Option<i64> {
        let node = node?;
        let value = match node.value {
            Value::Null => return None,
            Value::Int(i) => Some(i),
            #[expect(
                clippy::cast_possible_truncation,
                reason = "checked to be whole and in range"
            )]
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(f as i64),
            _ => None,
        };
        match value {
            Some(v) if (min..=max).contains(&v) => Some(v),
            Some(v) => {
                self.error(
                    node,
                    format!("`{field}` must be from {min} to {max}, found {v}"),
                    hint,
                );
                None
            }
            None => {
                let found = node.raw(self.yaml).unwrap_or_else(|| node.kind());
                self.error(
                    node,
                    format!(
                        "`{field}` must be a whole number from {min} to {max}, found `{found}`"
                    ),
                    format!("{hint}; write `null` if it is not published"),
                );
                None
            }
        }
    }

    /// `true` or `false`, or `None` for null.
    pub fn flag(&mut self, node: Option<&&Node>, field: &str) -> Option<bool> {
        let node = node?;
        match node.value {
            Value::Null => None,
            Value::Bool(b) => Some(b),
            _ => {
                let found = node.raw(self.yaml).unwrap_or_else(|| node.kind());
                self.error(
                    node,
                    format!("`{field}` must be true or false, found `{found}`"),
                    "write `true`, `false`, or `null` if it is not published",
                );
                None
            }
        }
    }

    /// One of `allowed`, or `None` for null.
    pub fn choice(
        &mut self,
        node: Option<&&Node>,
        field: &str,
        allowed: &[&str],
    ) -> Option<String> {
        let node = node?;
        let text = self.text(node, field)?;
        if allowed.contains(&text.as_str()) {
            return Some(text);
        }
        let hint = match did_you_mean(&text, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("{}; write `null` if it is not published", meanings(field)),
        };
        self.error(
            node,
            format!("`{field}` must be {}; found `{text}`", one_of(allowed)),
            hint,
        );
        None
    }

    /// A date `YYYY-MM-DD`, or `None` for null.
    pub fn date(&mut self, node: Option<&&Node>, field: &str) -> Option<Date> {
        let node = node?;
        let text = self.text(node, field)?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(
                node,
                format!("`{field}` must be a valid date written YYYY-MM-DD, found `{text}`"),
                format!("for example `{field}: 2026-03-28`"),
            );
        }
        date
    }
}

/// "a, b and c".
pub fn one_of_and(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// "`a`, `b` or `c`".
pub fn one_of(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// What the values of an enumerated field mean, for hints.
fn meanings(field: &str) -> &'static str {
    match field {
        "usce" => {
            "`none`: not asked for; `preferred`: counts in your favor; `required`: needed to apply"
        }
        "program_type" => {
            "`community-university` is a community program affiliated with a university"
        }
        _ => "use one of the values named",
    }
}

/// Text items of a list node, each with its node; reports items that are not text.
pub fn list_items<'n>(
    checker: &mut Checker<'_>,
    node: &'n Node,
    field: &str,
) -> Option<Vec<(String, &'n Node)>> {
    match &node.value {
        Value::Null => None,
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                if matches!(&item.value, Value::Str(s) if s.trim().is_empty())
                    || item.value == Value::Null
                {
                    checker.error(
                        item,
                        format!("an item of `{field}` is empty"),
                        format!(
                            "remove it; `{field}: []` means none, `{field}: null` not published"
                        ),
                    );
                } else if let Some(text) = checker.text(item, field) {
                    out.push((text, item));
                }
            }
            Some(out)
        }
        _ => {
            checker.error(
                node,
                format!("`{field}` must be a list, found {}", node.kind()),
                format!(
                    "write `{field}: [A, B]`, `{field}: []` for none, or `null` if not published"
                ),
            );
            None
        }
    }
}
