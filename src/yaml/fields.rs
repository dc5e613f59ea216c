//! A checker for located YAML: the fields of a mapping by name (unknown and repeated keys
//! reported), and values read as text, numbers, flags, choices, dates or lists. Each problem is
//! reported at the value's `file:line:col` with what was expected, under the code of the file's
//! kind (`Codes`), and the checker goes on: a value that fails reads as unknown (`None`), so
//! every problem of a file is found in one run. The rules of particular files (site.yaml,
//! front matter, programs) live with their owners, not here.

use std::path::Path;

use super::{Node, Value};
use crate::date::{DATE_FORMS, Date};
use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};

/// The codes a checker reports, by kind of problem: one set per kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codes {
    /// A key the file does not know.
    pub unknown_key: Code,
    /// A required key is absent.
    pub missing_field: Code,
    /// A value of the wrong kind (text where a list belongs...).
    pub wrong_type: Code,
    /// A value of the right kind that is not allowed (out of range, not a choice...).
    pub invalid_value: Code,
    /// A date that is not one.
    pub invalid_date: Code,
    /// A key given twice in one mapping.
    pub duplicate_key: Code,
}

impl Codes {
    /// `site.yaml`.
    pub const CONFIG: Self = Self {
        unknown_key: Code::ConfigUnknownKey,
        missing_field: Code::ConfigMissingField,
        wrong_type: Code::ConfigWrongType,
        invalid_value: Code::ConfigInvalidValue,
        invalid_date: Code::ConfigInvalidValue,
        duplicate_key: Code::ConfigDuplicateKey,
    };
    /// The front matter of a content file.
    pub const FRONT_MATTER: Self = Self {
        unknown_key: Code::FrontMatterUnknownKey,
        missing_field: Code::FrontMatterMissingField,
        wrong_type: Code::FrontMatterWrongType,
        invalid_value: Code::FrontMatterInvalidValue,
        invalid_date: Code::FrontMatterInvalidDate,
        duplicate_key: Code::FrontMatterDuplicateKey,
    };
    /// The top level of a data file.
    pub const DATA: Self = Self {
        unknown_key: Code::DataUnknownKey,
        missing_field: Code::DataMissingField,
        wrong_type: Code::DataWrongType,
        invalid_value: Code::DataWrongType,
        invalid_date: Code::DataWrongType,
        duplicate_key: Code::DataUnknownKey,
    };
    /// An entry of `data/specialties.yaml`.
    pub const SPECIALTY: Self = Self {
        unknown_key: Code::SpecialtyUnknownKey,
        missing_field: Code::SpecialtyMissingField,
        wrong_type: Code::SpecialtyWrongType,
        invalid_value: Code::SpecialtyInvalidValue,
        invalid_date: Code::SpecialtyInvalidValue,
        duplicate_key: Code::SpecialtyDuplicate,
    };
    /// A program.
    pub const PROGRAM: Self = Self {
        unknown_key: Code::ProgramUnknownKey,
        missing_field: Code::ProgramMissingField,
        wrong_type: Code::ProgramWrongType,
        invalid_value: Code::ProgramInvalidValue,
        invalid_date: Code::ProgramInvalidDate,
        duplicate_key: Code::ProgramDuplicateKey,
    };
}

/// The fields of a mapping, by name (a handful per entry: a list beats hashing).
pub struct Fields<'n> {
    names: Vec<&'static str>,
    values: Vec<Option<&'n Node>>,
}

impl<'n> Fields<'n> {
    /// The value of the field `name`, if the mapping has it.
    pub fn get(&self, name: &str) -> Option<&'n Node> {
        let i = self.names.iter().position(|n| *n == name)?;
        self.values[i]
    }

    /// Whether the mapping has the field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Checks the values of one YAML file, collecting every problem.
pub struct Checker<'a> {
    path: &'a Path,
    /// The YAML text, for values as written.
    pub yaml: &'a str,
    /// The codes problems are reported under.
    pub codes: Codes,
    /// Every problem found so far.
    pub problems: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for the YAML `yaml` of the file `path` (relative to the site root).
    pub fn new(path: &'a Path, yaml: &'a str, codes: Codes) -> Self {
        Self {
            path,
            yaml,
            codes,
            problems: Vec::new(),
        }
    }

    /// Where `node` is in the file.
    pub fn at(&self, node: &Node) -> Location {
        Location::new(self.path, node.line, node.col)
    }

    /// A problem of kind `code` at `node`.
    pub fn report(&mut self, code: Code, node: &Node, message: String, hint: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(code, self.at(node), message).with_hint(hint));
    }

    /// A value at `node` that is not allowed.
    pub fn invalid(&mut self, node: &Node, message: String, hint: impl Into<String>) {
        self.report(self.codes.invalid_value, node, message, hint);
    }

    /// A value at `node` of the wrong kind.
    pub fn wrong_type(&mut self, node: &Node, message: String, hint: impl Into<String>) {
        self.report(self.codes.wrong_type, node, message, hint);
    }

    /// The entries of a mapping node, keyed by name; unknown and repeated keys are reported
    /// (the first of two repeated keys is the one kept). `what` names the mapping in messages.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&'static str],
    ) -> Option<Fields<'n>> {
        self.entries(node, what, known, true)
            .map(|(fields, _)| fields)
    }

    /// `fields`, for a mapping that may hold keys of its own: the entries whose key is not
    /// known are returned as (key, value), in the file's order, and not reported.
    pub fn open_fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&'static str],
    ) -> Option<(Fields<'n>, Vec<(&'n Node, &'n Node)>)> {
        self.entries(node, what, known, false)
    }

    fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&'static str],
        report_unknown: bool,
    ) -> Option<(Fields<'n>, Vec<(&'n Node, &'n Node)>)> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                node,
                format!(
                    "expected {what} to be a mapping of `key: value` lines, found {}",
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
        let mut keys: Vec<Option<&Node>> = vec![None; known.len()];
        let mut unknown = Vec::new();
        for (key, value) in entries {
            let name = self.key_name(key);
            if let Some(i) = known.iter().position(|k| *k == name) {
                if let Some(first) = keys[i] {
                    self.duplicate(key, first, name, what);
                    continue;
                }
                keys[i] = Some(key);
                fields.values[i] = Some(value);
            } else if report_unknown {
                let hint = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {}", known.join(", ")),
                };
                self.report(
                    self.codes.unknown_key,
                    key,
                    format!("unknown key `{name}` in {what}"),
                    hint,
                );
            } else {
                unknown.push((key, value));
            }
        }
        Some((fields, unknown))
    }

    /// The key `key` named `name` repeats `first` in the mapping `what`.
    pub fn duplicate(&mut self, key: &Node, first: &Node, name: &str, what: &str) {
        let first_at = self.at(first);
        self.problems.push(
            Diagnostic::new(
                self.codes.duplicate_key,
                self.at(key),
                format!("the key `{name}` is given twice in {what}"),
            )
            .with_hint("keep one of the two lines; the first one is used")
            .with_related(first_at, "first given here"),
        );
    }

    /// A key's name as written (a key that is not text, such as `2024:`, by its text).
    pub fn key_name<'k>(&self, key: &'k Node) -> &'k str
    where
        'a: 'k,
    {
        match &key.value {
            Value::Str(s) => s.as_str(),
            _ => key.raw(self.yaml).unwrap_or(""),
        }
    }

    /// `what` lacks the field `field`.
    pub fn missing(&mut self, parent: &Node, field: &str, what: &str) {
        self.report(
            self.codes.missing_field,
            parent,
            format!("{what} has no `{field}`"),
            format!("add a line `{field}: ...` to it"),
        );
    }

    /// One problem for all the `required` fields an entry lacks (named by `what`).
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
            self.report(
                self.codes.missing_field,
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
                self.report(
                    self.codes.missing_field,
                    node,
                    format!("`{field}` is required and cannot be null"),
                    format!("write the {field}"),
                );
                None
            }
            Some(node) => self.text(node, field),
        }
    }

    /// Text, or `None` for null. A number or a flag reads as text, as written.
    pub fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::Str(s) if s.trim().is_empty() => {
                self.invalid(
                    node,
                    format!("`{field}` is empty"),
                    "write a value, or `null` if it is not known",
                );
                None
            }
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                node.raw(self.yaml).map(|t| t.trim().to_string())
            }
            Value::List(_) | Value::Map(_) => {
                self.wrong_type(
                    node,
                    format!("`{field}` must be text, found {}", node.kind()),
                    "write it on one line after the colon (in quotes if it holds a colon)",
                );
                None
            }
        }
    }

    /// Text that may be empty (an empty value is no value), or `None` for null.
    pub fn optional_text(&mut self, node: Option<&Node>, field: &str) -> Option<String> {
        let node = node?;
        if matches!(&node.value, Value::Str(s) if s.trim().is_empty()) {
            return None;
        }
        self.text(node, field)
    }

    /// A whole number in `min..=max`, or `None` for null.
    pub fn number(
        &mut self,
        node: Option<&Node>,
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
                self.invalid(
                    node,
                    format!("`{field}` must be from {min} to {max}, found {v}"),
                    hint,
                );
                None
            }
            None => {
                let found = node.raw(self.yaml).unwrap_or_else(|| node.kind());
                let range = if min <= -1_000_000_000 && max >= 1_000_000_000 {
                    String::new()
                } else {
                    format!(" from {min} to {max}")
                };
                self.wrong_type(
                    node,
                    format!("`{field}` must be a whole number{range}, found `{found}`"),
                    format!("{hint}; write `null` if it is not known"),
                );
                None
            }
        }
    }

    /// `true` or `false`, or `None` for null.
    pub fn flag(&mut self, node: Option<&Node>, field: &str) -> Option<bool> {
        let node = node?;
        match node.value {
            Value::Null => None,
            Value::Bool(b) => Some(b),
            _ => {
                let found = node.raw(self.yaml).unwrap_or_else(|| node.kind());
                self.wrong_type(
                    node,
                    format!("`{field}` must be true or false, found `{found}`"),
                    "write `true`, `false`, or `null` if it is not known",
                );
                None
            }
        }
    }

    /// One of `allowed`, or `None` for null; `meaning` explains the values in the hint.
    pub fn choice(
        &mut self,
        node: Option<&Node>,
        field: &str,
        allowed: &[&str],
        meaning: &str,
    ) -> Option<String> {
        let node = node?;
        let text = self.text(node, field)?;
        if allowed.contains(&text.as_str()) {
            return Some(text);
        }
        let hint = match did_you_mean(&text, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => meaning.to_string(),
        };
        self.invalid(
            node,
            format!("`{field}` must be {}; found `{text}`", one_of(allowed)),
            hint,
        );
        None
    }

    /// A date (`YYYY-MM-DD`, perhaps with a time: see `Date::parse`), or `None` for null.
    pub fn date(&mut self, node: Option<&Node>, field: &str) -> Option<Date> {
        let node = node?;
        if matches!(node.value, Value::List(_) | Value::Map(_)) {
            self.report(
                self.codes.invalid_date,
                node,
                format!(
                    "`{field}` must be a date written YYYY-MM-DD, found {}",
                    node.kind()
                ),
                format!(
                    "write the date on the same line, `{field}: 2026-03-28`; lines indented under `{field}:` make it {}",
                    node.kind()
                ),
            );
            return None;
        }
        let text = self.text(node, field)?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.report(
                self.codes.invalid_date,
                node,
                format!(
                    "`{field}` must be a valid date written YYYY-MM-DD, alone or followed by a time, found `{text}`"
                ),
                format!(
                    "for example `{field}: 2026-03-28`; the accepted forms are {DATE_FORMS}"
                ),
            );
        }
        date
    }

    /// The items of a list node, or `None` for null; a value that is not a list is reported.
    pub fn list<'n>(&mut self, node: Option<&'n Node>, field: &str) -> Option<&'n [Node]> {
        let node = node?;
        match &node.value {
            Value::Null => None,
            Value::List(items) => Some(items),
            _ => {
                self.wrong_type(
                    node,
                    format!("`{field}` must be a list, found {}", node.kind()),
                    format!(
                        "write `{field}: [a, b]`, or each item on its own line as `- item`; `{field}: []` for none"
                    ),
                );
                None
            }
        }
    }

    /// Text items of a list node, each with its node; items that are not text are reported.
    pub fn text_list<'n>(
        &mut self,
        node: Option<&'n Node>,
        field: &str,
    ) -> Option<Vec<(String, &'n Node)>> {
        let items = self.list(node, field)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if matches!(&item.value, Value::Str(s) if s.trim().is_empty())
                || item.value == Value::Null
            {
                self.invalid(
                    item,
                    format!("an item of `{field}` is empty"),
                    format!("remove it; `{field}: []` means none, `{field}: null` not known"),
                );
            } else if let Some(text) = self.text(item, field) {
                out.push((text, item));
            }
        }
        Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Origin, parse_tree};

    fn check(yaml: &str, run: impl FnOnce(&mut Checker<'_>, &Node)) -> Vec<Diagnostic> {
        let path = Path::new("content/a.md");
        let origin = Origin {
            path,
            line_offset: 1,
        };
        let tree = parse_tree(yaml, origin, Code::FrontMatterSyntax).expect("valid YAML");
        let mut checker = Checker::new(path, yaml, Codes::FRONT_MATTER);
        run(&mut checker, &tree);
        checker.problems
    }

    #[test]
    fn every_problem_of_a_mapping_is_reported_with_its_code() {
        let yaml = "titel: x\ntitle: A\ndate: {day: 1}\nweight: heavy\ntitle: B\n";
        let problems = check(yaml, |c, tree| {
            let fields = c
                .fields(tree, "the front matter", &["title", "date", "weight"])
                .expect("a mapping");
            assert_eq!(
                c.text(fields.get("title").expect("title"), "title")
                    .as_deref(),
                Some("A")
            );
            assert_eq!(c.date(fields.get("date"), "date"), None);
            assert_eq!(
                c.number(fields.get("weight"), "weight", 0, 9, "order"),
                None
            );
        });
        let summary: Vec<(Code, usize, usize)> = problems
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                (d.code, l.line, l.col)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (Code::FrontMatterUnknownKey, 2, 1),
                (Code::FrontMatterDuplicateKey, 6, 1),
                (Code::FrontMatterInvalidDate, 4, 7),
                (Code::FrontMatterWrongType, 5, 9),
            ]
        );
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(problems[1].related[0].location.line, 3);
        assert!(
            problems[2].message.contains("found a mapping"),
            "{}",
            problems[2]
        );
    }
    #[test]
    fn unquoted_date_times_read_as_their_calendar_date() {
        // YAML has no date type here: each of these reaches the checker as text.
        let yaml = "a: 2007-01-01 00:00:00 +0700\nb: 2026-03-28T10:00:00+07:00\nc: 2026-03-28\nd: 2026-03-28 10:00\ne: 28/03/2026\n";
        let mut dates = Vec::new();
        let problems = check(yaml, |c, tree| {
            let fields = c
                .fields(tree, "the front matter", &["a", "b", "c", "d", "e"])
                .expect("a mapping");
            for key in ["a", "b", "c", "d", "e"] {
                dates.push(c.date(fields.get(key), key).map(Date::iso));
            }
        });
        assert_eq!(
            dates,
            [
                Some("2007-01-01".to_string()),
                Some("2026-03-28".to_string()),
                Some("2026-03-28".to_string()),
                Some("2026-03-28".to_string()),
                None
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        let hint = problems[0].hint.as_deref().unwrap_or("");
        assert!(hint.contains("2026-03-28 10:00:00 +0700"), "{hint}");
        assert!(
            problems[0].message.contains("`28/03/2026`"),
            "{}",
            problems[0]
        );
    }
}
