//! A checker for located YAML: the fields of a mapping by name (unknown and repeated keys
//! reported), and values read as text, numbers, flags, choices, dates or lists. Each problem is
//! reported at the value's `file:line:col` with what was expected, under the code of the file's
//! kind (`Codes`), and the checker goes on: a value that fails reads as unknown (`None`), so
//! every problem of a file is found in one run. The rules of particular files (site.yaml,
//! front matter, programs) live with their owners, not here.
//!
//! A checker reads YAML's typed scalars, or, for spreadsheet cells (`Scalars::Text`), reads
//! numbers, flags and dates from text, and words its hints for cells instead of `key: value`
//! lines.

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

/// How a file writes its scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scalars {
    /// YAML: the parser tells numbers, flags, null and text apart.
    #[default]
    Typed,
    /// Spreadsheet cells: every value is text (an empty cell is null), and numbers, flags and
    /// dates are read from it.
    Text,
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
    /// How the file writes its scalars.
    pub scalars: Scalars,
    /// Required fields whose absence was already reported once for the whole file (a column
    /// missing from a spreadsheet's header): `require` does not report them again per entry.
    pub absent: Vec<&'static str>,
}

impl<'a> Checker<'a> {
    /// A checker for the YAML `yaml` of the file `path` (relative to the site root).
    pub fn new(path: &'a Path, yaml: &'a str, codes: Codes) -> Self {
        Self {
            path,
            yaml,
            codes,
            problems: Vec::new(),
            scalars: Scalars::Typed,
            absent: Vec::new(),
        }
    }

    /// The same checker reading scalars as `scalars` says.
    #[must_use]
    pub fn with_scalars(mut self, scalars: Scalars) -> Self {
        self.scalars = scalars;
        self
    }

    /// The value at `node` as written, for messages: its YAML text (quotes included), or a
    /// cell's text; else what kind of value it is.
    pub fn as_written(&self, node: &Node) -> String {
        match (&node.value, node.raw(self.yaml)) {
            (_, Some(raw)) if self.scalars == Scalars::Typed => raw.to_string(),
            (Value::Str(s), _) => s.trim().to_string(),
            _ => node.kind().to_string(),
        }
    }

    /// How to write an unknown value, for hints: "write `null`" or "leave the cell empty".
    pub fn unknown_hint(&self) -> &'static str {
        match self.scalars {
            Scalars::Typed => "write `null`",
            Scalars::Text => "leave the cell empty",
        }
    }

    /// How to write `value` for `field`, for hints: `` `field: value` `` in YAML, `` `value` ``
    /// in a cell.
    pub fn example(&self, field: &str, value: &str) -> String {
        match self.scalars {
            Scalars::Typed => format!("`{field}: {value}`"),
            Scalars::Text => format!("`{value}`"),
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
            .filter(|f| !fields.contains_key(f) && !self.absent.contains(f))
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
                let (message, hint) = match self.scalars {
                    Scalars::Typed => (
                        format!("`{field}` is required and cannot be null"),
                        format!("write the {field}"),
                    ),
                    Scalars::Text => (
                        format!("the `{field}` cell is empty, and `{field}` is required"),
                        format!("fill in the {field}"),
                    ),
                };
                self.report(self.codes.missing_field, node, message, hint);
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

    /// An absolute http or https address (a scheme, a host, no spaces); anything else is
    /// reported with `hint`.
    pub fn http_url(&mut self, node: &Node, field: &str, hint: &str) -> Option<String> {
        let url = self.text(node, field)?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Some(url),
            _ => {
                self.invalid(
                    node,
                    format!("`{field}` must be an http or https address, found `{url}`"),
                    hint,
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`, or `None` for null. In cells, digits may be grouped by
    /// commas (`1,200`).
    pub fn number(
        &mut self,
        node: Option<&Node>,
        field: &str,
        min: i64,
        max: i64,
        hint: &str,
    ) -> Option<i64> {
        self.whole(node?, field, min, max, hint, Decorations::None)
    }

    /// A whole number of US dollars in `min..=max`, or `None` for null. In cells, a leading `$`
    /// and commas between groups of digits are allowed (`$68,500`), as spreadsheets write
    /// currency.
    pub fn dollars(
        &mut self,
        node: Option<&Node>,
        field: &str,
        min: i64,
        max: i64,
        hint: &str,
    ) -> Option<i64> {
        self.whole(node?, field, min, max, hint, Decorations::Dollar)
    }

    /// A number in `min..=max` with at most one decimal, as tenths (`41.7` is 417), or `None`
    /// for null; more decimals are rounded to one (half away from zero). In cells, a trailing
    /// `%` is allowed (`41.7%`), as spreadsheets write percentages.
    pub fn tenths(
        &mut self,
        node: Option<&Node>,
        field: &str,
        min: i64,
        max: i64,
        hint: &str,
    ) -> Option<i64> {
        let node = node?;
        match self.read_number(node, Decorations::Percent) {
            Read::Null => None,
            Read::Number(d) if d.within(min, max) => d.tenths(),
            Read::Number(d) => {
                self.invalid(
                    node,
                    format!("`{field}` must be from {min} to {max}, found {d}"),
                    hint,
                );
                None
            }
            Read::Other => {
                let found = self.as_written(node);
                self.wrong_type(
                    node,
                    format!("`{field}` must be a number from {min} to {max}, found `{found}`"),
                    format!("{hint}; {} if it is not known", self.unknown_hint()),
                );
                None
            }
        }
    }

    fn whole(
        &mut self,
        node: &Node,
        field: &str,
        min: i64,
        max: i64,
        hint: &str,
        decorations: Decorations,
    ) -> Option<i64> {
        let value = match self.read_number(node, decorations) {
            Read::Null => return None,
            Read::Number(d) => d.whole(),
            Read::Other => None,
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
                let found = self.as_written(node);
                let range = if min <= -1_000_000_000 && max >= 1_000_000_000 {
                    String::new()
                } else {
                    format!(" from {min} to {max}")
                };
                self.wrong_type(
                    node,
                    format!("`{field}` must be a whole number{range}, found `{found}`"),
                    format!("{hint}; {} if it is not known", self.unknown_hint()),
                );
                None
            }
        }
    }

    /// The number at `node`: YAML's numbers, or in cells a number read from the text, with
    /// the `decorations` spreadsheets add to it.
    fn read_number(&self, node: &Node, decorations: Decorations) -> Read {
        match &node.value {
            Value::Null => Read::Null,
            Value::Int(i) => Read::Number(Decimal {
                digits: *i,
                decimals: 0,
            }),
            // A float's shortest decimal form (`41.7`), so no float arithmetic decides a value.
            Value::Float(f) if f.is_finite() => {
                Decimal::parse(&f.to_string(), false).map_or(Read::Other, Read::Number)
            }
            Value::Str(s) if self.scalars == Scalars::Text => {
                let s = s.trim();
                let s = match decorations {
                    Decorations::None => s,
                    Decorations::Dollar => s.strip_prefix('$').unwrap_or(s).trim_start(),
                    Decorations::Percent => s.strip_suffix('%').unwrap_or(s).trim_end(),
                };
                Decimal::parse(s, true).map_or(Read::Other, Read::Number)
            }
            _ => Read::Other,
        }
    }

    /// `true` or `false`, or `None` for null. In cells, also `yes`/`no`, `y`/`n` and `1`/`0`,
    /// in any case.
    pub fn flag(&mut self, node: Option<&Node>, field: &str) -> Option<bool> {
        let node = node?;
        match (&node.value, self.scalars) {
            (Value::Null, _) => None,
            (Value::Bool(b), _) => Some(*b),
            (Value::Str(s), Scalars::Text) if flag_word(s).is_some() => flag_word(s),
            (_, Scalars::Typed) => {
                let found = self.as_written(node);
                self.wrong_type(
                    node,
                    format!("`{field}` must be true or false, found `{found}`"),
                    "write `true`, `false`, or `null` if it is not known",
                );
                None
            }
            (_, Scalars::Text) => {
                let found = self.as_written(node);
                self.wrong_type(
                    node,
                    format!("`{field}` must be yes or no, found `{found}`"),
                    "write yes or no (true/false, y/n and 1/0 work too), or leave the cell empty if it is not known",
                );
                None
            }
        }
    }

    /// One of `allowed`, or `None` for null; `meaning` explains the values in the hint. Cells
    /// may write a choice in any case, with spaces for hyphens (`In person`).
    pub fn choice(
        &mut self,
        node: Option<&Node>,
        field: &str,
        allowed: &[&str],
        meaning: &str,
    ) -> Option<String> {
        let node = node?;
        let text = self.text(node, field)?;
        let found = match self.scalars {
            Scalars::Typed => allowed.iter().find(|a| **a == text),
            Scalars::Text => {
                // `In person` and `in_person` are `in-person`.
                let words: String = text
                    .chars()
                    .map(|c| if c == ' ' || c == '_' { '-' } else { c })
                    .collect();
                allowed.iter().find(|a| a.eq_ignore_ascii_case(&words))
            }
        };
        if let Some(found) = found {
            return Some((*found).to_string());
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
                let hint = match self.scalars {
                    Scalars::Typed => format!(
                        "write `{field}: [a, b]`, or each item on its own line as `- item`; `{field}: []` for none"
                    ),
                    Scalars::Text => {
                        "separate the items with `;` (`a; b`); write `none` for none".to_string()
                    }
                };
                self.wrong_type(
                    node,
                    format!("`{field}` must be a list, found {}", node.kind()),
                    hint,
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
                let hint = match self.scalars {
                    Scalars::Typed => {
                        format!("remove it; `{field}: []` means none, `{field}: null` not known")
                    }
                    Scalars::Text => {
                        "remove it; `none` means none, an empty cell not known".to_string()
                    }
                };
                self.invalid(item, format!("an item of `{field}` is empty"), hint);
            } else if let Some(text) = self.text(item, field) {
                out.push((text, item));
            }
        }
        Some(out)
    }
}

/// What spreadsheets write around a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decorations {
    /// Nothing.
    None,
    /// A leading `$` (currency).
    Dollar,
    /// A trailing `%` (percentage).
    Percent,
}

/// A value read as a number.
enum Read {
    /// Null: unknown.
    Null,
    /// A number.
    Number(Decimal),
    /// Anything else.
    Other,
}

/// A number as written, without floats: its digits as a whole number and how many of them
/// are decimals (`41.7` is 417 with 1 decimal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The digits, with the sign.
    pub digits: i64,
    /// How many of the digits come after the decimal point.
    pub decimals: u32,
}

impl Decimal {
    /// Read `12`, `-3`, `41.7` or `.5`; with `grouped`, commas may separate groups of three
    /// digits before the point (`1,200`). At most 18 digits.
    pub fn parse(text: &str, grouped: bool) -> Option<Self> {
        let (negative, text) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let whole_digits: String = if grouped && whole.contains(',') {
            let mut groups = whole.split(',');
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
                return None;
            }
            whole.replace(',', "")
        } else {
            whole.to_string()
        };
        let all = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all(&whole_digits) || !all(fraction) || whole_digits.len() + fraction.len() > 18 {
            return None;
        }
        let mut digits: i64 = 0;
        for b in whole_digits.bytes().chain(fraction.bytes()) {
            digits = digits * 10 + i64::from(b - b'0');
        }
        let decimals = u32::try_from(fraction.len()).ok()?;
        Some(
            Self {
                digits: if negative { -digits } else { digits },
                decimals,
            }
            .trimmed(),
        )
    }

    /// The same number without trailing zero decimals (`41.70` is `41.7`).
    fn trimmed(mut self) -> Self {
        while self.decimals > 0 && self.digits % 10 == 0 {
            self.digits /= 10;
            self.decimals -= 1;
        }
        self
    }

    /// The number, if it is whole.
    pub fn whole(self) -> Option<i64> {
        (self.decimals == 0).then_some(self.digits)
    }

    /// The number in tenths, rounded half away from zero (`41.75` is 418).
    pub fn tenths(self) -> Option<i64> {
        if self.decimals <= 1 {
            return self
                .digits
                .checked_mul(if self.decimals == 0 { 10 } else { 1 });
        }
        let scale = 10_i64.checked_pow(self.decimals - 1)?;
        let half = scale / 2;
        let rounded = if self.digits < 0 {
            (self.digits - half) / scale
        } else {
            (self.digits + half) / scale
        };
        Some(rounded)
    }

    /// Whether the number, exactly, lies in `min..=max`.
    pub fn within(self, min: i64, max: i64) -> bool {
        let scale = 10_i128.pow(self.decimals);
        let digits = i128::from(self.digits);
        (i128::from(min) * scale..=i128::from(max) * scale).contains(&digits)
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.decimals == 0 {
            return write!(f, "{}", self.digits);
        }
        let scale = 10_u64.pow(self.decimals);
        let abs = self.digits.unsigned_abs();
        let sign = if self.digits < 0 { "-" } else { "" };
        let width = self.decimals as usize;
        write!(f, "{sign}{}.{:0width$}", abs / scale, abs % scale)
    }
}

/// A flag as spreadsheets write it, in any case: true/false, yes/no, y/n, 1/0.
fn flag_word(text: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "1"];
    const FALSE: [&str; 4] = ["false", "no", "n", "0"];
    let text = text.trim();
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
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

    #[test]
    fn decimals_are_read_without_floats() {
        let d = |t: &str| Decimal::parse(t, true);
        assert_eq!(d("41.7").and_then(Decimal::tenths), Some(417));
        assert_eq!(d("41.70").map(|x| x.to_string()), Some("41.7".to_string()));
        assert_eq!(
            d("41.75").and_then(Decimal::tenths),
            Some(418),
            "half away from zero"
        );
        assert_eq!(d("-0.05").and_then(Decimal::tenths), Some(-1));
        assert_eq!(d("1,200").and_then(Decimal::whole), Some(1200));
        assert_eq!(d("68,500.00").and_then(Decimal::whole), Some(68500));
        assert_eq!(d(".5").and_then(Decimal::tenths), Some(5));
        for bad in [
            "", "-", ".", "1,20", "12,0000", ",100", "4l", "1e3", "1 000", "١٢",
        ] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
        assert_eq!(
            Decimal::parse("1,200", false),
            None,
            "grouping only in cells"
        );
        assert_eq!(d("1234567890123456789"), None, "more than 18 digits");
        assert!(d("100.0").is_some_and(|x| x.within(0, 100)));
        assert!(!d("100.01").is_some_and(|x| x.within(0, 100)));
    }

    fn cell(text: &str) -> Node {
        Node {
            value: if text.is_empty() {
                Value::Null
            } else {
                Value::Str(text.to_string())
            },
            line: 2,
            col: 3,
            span: None,
        }
    }

    #[test]
    fn cells_are_read_from_text_and_shown_as_written() {
        let path = Path::new("data/programs/a.csv");
        let mut c = Checker::new(path, "", Codes::PROGRAM).with_scalars(Scalars::Text);
        assert_eq!(
            c.number(Some(&cell("1,200")), "n", 0, 5000, "h"),
            Some(1200)
        );
        assert_eq!(c.number(Some(&cell("")), "n", 0, 5000, "h"), None);
        assert_eq!(
            c.dollars(Some(&cell("$68,500")), "salary", 0, 200_000, "h"),
            Some(68500)
        );
        assert_eq!(
            c.tenths(Some(&cell("41.7%")), "pct", 0, 100, "h"),
            Some(417)
        );
        assert_eq!(c.tenths(Some(&cell("42")), "pct", 0, 100, "h"), Some(420));
        for (word, value) in [("Yes", true), ("n", false), ("TRUE", true), ("0", false)] {
            assert_eq!(c.flag(Some(&cell(word)), "eras"), Some(value), "{word}");
        }
        assert_eq!(
            c.choice(
                Some(&cell("Preferred")),
                "usce",
                &["none", "preferred"],
                "m"
            )
            .as_deref(),
            Some("preferred")
        );
        assert_eq!(
            c.choice(Some(&cell("In person")), "format", &["in-person"], "m")
                .as_deref(),
            Some("in-person")
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);

        assert_eq!(c.number(Some(&cell("12.5")), "n", 0, 50, "h"), None);
        assert_eq!(c.flag(Some(&cell("maybe")), "eras"), None);
        assert_eq!(c.tenths(Some(&cell("$40")), "pct", 0, 100, "h"), None);
        let messages: Vec<(String, Option<String>)> = c
            .problems
            .iter()
            .map(|d| (d.message.clone(), d.hint.clone()))
            .collect();
        assert_eq!(
            messages,
            vec![
                (
                    "`n` must be a whole number from 0 to 50, found `12.5`".to_string(),
                    Some("h; leave the cell empty if it is not known".to_string())
                ),
                (
                    "`eras` must be yes or no, found `maybe`".to_string(),
                    Some("write yes or no (true/false, y/n and 1/0 work too), or leave the cell empty if it is not known".to_string())
                ),
                (
                    "`pct` must be a number from 0 to 100, found `$40`".to_string(),
                    Some("h; leave the cell empty if it is not known".to_string())
                ),
            ]
        );
    }

    #[test]
    fn yaml_text_is_never_read_as_a_number() {
        let problems = check("a: \"12\"\nb: \"true\"\n", |c, tree| {
            let fields = c.fields(tree, "x", &["a", "b"]).expect("a mapping");
            assert_eq!(c.number(fields.get("a"), "a", 0, 99, "h"), None);
            assert_eq!(c.flag(fields.get("b"), "b"), None);
        });
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].message.contains("found `\"12\"`"),
            "{}",
            problems[0]
        );
    }
}
