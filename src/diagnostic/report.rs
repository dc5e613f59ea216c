//! Reports: a list of diagnostics written for people (numbered, with many of one kind folded
//! into one line, and a table by code at the end), as JSON for scripts (a documented, versioned
//! shape), or as GitHub Actions annotations. Formatting only; the CLI prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Code, Diagnostic, Location, Severity};

/// How many diagnostics of one code are shown in full before the rest are folded into a line.
pub const FULL_PER_CODE: usize = 3;

/// How many more places a folded line names.
const PLACES_PER_FOLD: usize = 5;

/// The version of the JSON shape written by `json` (see the README).
pub const JSON_SCHEMA: &str = "matchpress.check/1";

/// The order diagnostics are reported in: errors first, then by file, line and column.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort();
}

/// How many errors and warnings there are.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// "3 errors and 1 warning", "no problems".
pub fn totals(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diagnostics);
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The report for people: each diagnostic numbered, in order; past `FULL_PER_CODE` of one code
/// (unless `verbose`), the rest of that code folded into one line naming a few more places;
/// then a table by code and the totals. Empty when there is nothing to report.
pub fn human(diagnostics: &[Diagnostic], verbose: bool) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut shown: BTreeMap<(Code, Severity), usize> = BTreeMap::new();
    let mut folded: BTreeMap<(Code, Severity), Vec<&Diagnostic>> = BTreeMap::new();
    let mut number = 0;
    let width = diagnostics.len().to_string().len().max(3);
    for d in diagnostics {
        let seen = shown.entry((d.code, d.severity)).or_default();
        if !verbose && *seen >= FULL_PER_CODE {
            folded.entry((d.code, d.severity)).or_default().push(d);
            continue;
        }
        *seen += 1;
        number += 1;
        let indent = " ".repeat(width + 2);
        let text = d.to_string().replace('\n', &format!("\n{indent}"));
        let _ = writeln!(out, "{number:>width$}. {text}");
    }
    for ((code, severity), rest) in &folded {
        let places = fold_places(rest.iter().filter_map(|d| d.location.as_ref()));
        let _ = writeln!(
            out,
            "{:>width$}  {code}: {} like these{places} (--verbose lists them all)",
            "",
            count(
                rest.len(),
                if *severity == Severity::Error {
                    "more error"
                } else {
                    "more warning"
                }
            ),
        );
    }
    out.push('\n');
    out.push_str(&table(diagnostics));
    out
}

/// ", at a.yaml:4:5, :17:5, b.yaml:3:5 and 683 more places": the first places, each path
/// written once for a run of places in the same file.
fn fold_places<'a>(locations: impl Iterator<Item = &'a Location>) -> String {
    let locations: Vec<&Location> = locations.collect();
    if locations.is_empty() {
        return String::new();
    }
    let mut parts = Vec::new();
    let mut previous: Option<&Location> = None;
    for location in locations.iter().take(PLACES_PER_FOLD) {
        let same_file = previous.is_some_and(|p| p.path == location.path);
        parts.push(if same_file && location.has_position() {
            format!(":{}:{}", location.line, location.col)
        } else {
            location.to_string()
        });
        previous = Some(location);
    }
    let more = locations.len().saturating_sub(PLACES_PER_FOLD);
    let mut text = format!(", at {}", parts.join(", "));
    if more > 0 {
        let _ = write!(text, " and {}", count(more, "more place"));
    }
    text
}

/// The closing table: one line per code with its errors and warnings, then the totals.
pub fn table(diagnostics: &[Diagnostic]) -> String {
    let mut by_code: BTreeMap<Code, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let entry = by_code.entry(d.code).or_default();
        match d.severity {
            Severity::Error => entry.0 += 1,
            Severity::Warning => entry.1 += 1,
        }
    }
    let width = by_code
        .keys()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0)
        .max("code".len());
    let mut out = format!("{:<width$}  {:>6}  {:>8}\n", "code", "errors", "warnings");
    for (code, (errors, warnings)) in &by_code {
        let _ = writeln!(out, "{:<width$}  {errors:>6}  {warnings:>8}", code.as_str());
    }
    let _ = writeln!(out, "{}", totals(diagnostics));
    out
}

/// Something the site left out because it cannot stand, as reports list it.
#[derive(Debug, Clone, Copy)]
pub struct Omission<'a> {
    /// "page", "program", "data file".
    pub kind: &'a str,
    /// Where it is written.
    pub location: &'a Location,
    /// A name for people.
    pub name: &'a str,
    /// The problem that left it out.
    pub reason: Code,
}

/// How many omissions are listed before the rest are counted (unless `verbose`).
const OMISSIONS_LISTED: usize = 10;

/// The list of what the site left out, for people: a heading with the counts by kind, one line
/// each (past `OMISSIONS_LISTED` unless `verbose`, a count of the rest). Empty when nothing was
/// left out.
pub fn omissions(omitted: &[Omission<'_>], verbose: bool) -> String {
    if omitted.is_empty() {
        return String::new();
    }
    let mut out = format!("left out of the site: {}\n", omission_counts(omitted));
    let listed = if verbose {
        omitted.len()
    } else {
        OMISSIONS_LISTED
    };
    for o in omitted.iter().take(listed) {
        let space = if o.name.is_empty() { "" } else { " " };
        let _ = writeln!(
            out,
            "  {}: {}{space}{} ({})",
            o.location, o.kind, o.name, o.reason
        );
    }
    if omitted.len() > listed {
        let _ = writeln!(
            out,
            "  and {} more (--verbose lists them all)",
            omitted.len() - listed
        );
    }
    out
}

/// "2 pages and 5 programs".
pub fn omission_counts(omitted: &[Omission<'_>]) -> String {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for o in omitted {
        match kinds.iter_mut().find(|(k, _)| *k == o.kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((o.kind, 1)),
        }
    }
    let parts: Vec<String> = kinds.iter().map(|(k, n)| count(*n, k)).collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    left_out: Vec<JsonOmission<'a>>,
}

#[derive(Serialize)]
struct JsonOmission<'a> {
    kind: &'a str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    name: &'a str,
    reason: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn position(location: Option<&Location>) -> (Option<usize>, Option<usize>) {
    location
        .filter(|l| l.has_position())
        .map_or((None, None), |l| (Some(l.line), Some(l.col)))
}

/// The report as one JSON document (`JSON_SCHEMA`): every diagnostic, in order, with `null` for
/// what is not known, and what the site left out.
pub fn json(diagnostics: &[Diagnostic], omitted: &[Omission<'_>]) -> String {
    let (errors, warnings) = counts(diagnostics);
    let report = JsonReport {
        schema: JSON_SCHEMA,
        errors,
        warnings,
        left_out: omitted
            .iter()
            .map(|o| {
                let (line, column) = position(Some(o.location));
                JsonOmission {
                    kind: o.kind,
                    file: o.location.path_text(),
                    line,
                    column,
                    name: o.name,
                    reason: o.reason.as_str(),
                }
            })
            .collect(),
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let (line, column) = position(d.location.as_ref());
                JsonDiagnostic {
                    code: d.code.as_str(),
                    severity: d.severity.as_str(),
                    file: d.location.as_ref().map(Location::path_text),
                    line,
                    column,
                    message: &d.message,
                    hint: d.hint.as_deref(),
                    related: d
                        .related
                        .iter()
                        .map(|r| {
                            let (line, column) = position(Some(&r.location));
                            JsonRelated {
                                file: r.location.path_text(),
                                line,
                                column,
                                message: &r.message,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub Actions workflow commands: one `::error` or `::warning` annotation per diagnostic
/// (folded past `FULL_PER_CODE` of a code, as in `human`, unless `verbose`), then the table.
pub fn github(diagnostics: &[Diagnostic], verbose: bool) -> String {
    let mut out = String::new();
    let mut shown: BTreeMap<(Code, Severity), usize> = BTreeMap::new();
    let mut folded: BTreeMap<(Code, Severity), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let seen = shown.entry((d.code, d.severity)).or_default();
        if !verbose && *seen >= FULL_PER_CODE {
            folded.entry((d.code, d.severity)).or_default().push(d);
            continue;
        }
        *seen += 1;
        let mut properties = Vec::new();
        if let Some(location) = &d.location {
            properties.push(format!("file={}", escape_property(&location.path_text())));
            if location.has_position() {
                properties.push(format!("line={}", location.line));
                properties.push(format!("col={}", location.col));
            }
        }
        properties.push(format!("title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(message, "\nhint: {hint}");
        }
        for related in &d.related {
            let _ = write!(message, "\nnote: {}: {}", related.location, related.message);
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity.as_str(),
            properties.join(","),
            escape_data(&message)
        );
    }
    for ((code, severity), rest) in &folded {
        let places = fold_places(rest.iter().filter_map(|d| d.location.as_ref()));
        let _ = writeln!(
            out,
            "::{} title={}::{}",
            severity.as_str(),
            escape_property(code.as_str()),
            escape_data(&format!(
                "{} more like these{places} (matchpress check --verbose lists them all)",
                rest.len()
            ))
        );
    }
    if !diagnostics.is_empty() {
        out.push_str(&table(diagnostics));
    }
    out
}

/// Escape the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(line: usize) -> Diagnostic {
        Diagnostic::new(
            Code::ProgramMissingField,
            Location::new("data/programs/im.yaml", line, 5),
            format!("the program at line {line} has no `sponsor`"),
        )
        .with_hint("add the line `sponsor: ...`")
    }

    #[test]
    fn many_of_one_code_fold_into_one_line_and_a_table_closes() {
        let mut diagnostics: Vec<Diagnostic> = (1..=8).map(|n| missing(n * 10)).collect();
        diagnostics.push(Diagnostic::new(
            Code::MarkdownMissingAlt,
            Location::new("content/a.md", 3, 1),
            "an image without alt text",
        ));
        sort(&mut diagnostics);
        let text = human(&diagnostics, false);
        assert_eq!(
            text.matches("has no `sponsor`").count(),
            FULL_PER_CODE,
            "{text}"
        );
        assert!(
            text.contains("program/missing-field: 5 more errors like these, at data/programs/im.yaml:40:5, :50:5, :60:5, :70:5, :80:5 (--verbose lists them all)"),
            "{text}"
        );
        assert!(
            text.contains("\n  4. warning[markdown/missing-alt]"),
            "{text}"
        );
        assert!(
            text.contains("program/missing-field       8         0"),
            "{text}"
        );
        assert!(text.ends_with("8 errors and 1 warning\n"), "{text}");
        let all = human(&diagnostics, true);
        assert_eq!(all.matches("has no `sponsor`").count(), 8);
        assert!(!all.contains("more errors like these"));
    }

    #[test]
    fn json_has_the_documented_shape() {
        let d = missing(4).with_related(Location::file("data/specialties.yaml"), "listed here");
        let value: serde_json::Value =
            serde_json::from_str(&json(&[d], &[])).expect("the report is JSON");
        assert_eq!(value["schema"], JSON_SCHEMA);
        assert_eq!(value["errors"], 1);
        let first = &value["diagnostics"][0];
        assert_eq!(first["code"], "program/missing-field");
        assert_eq!(first["severity"], "error");
        assert_eq!(first["file"], "data/programs/im.yaml");
        assert_eq!(
            (first["line"].as_u64(), first["column"].as_u64()),
            (Some(4), Some(5))
        );
        assert_eq!(first["hint"], "add the line `sponsor: ...`");
        assert_eq!(first["related"][0]["file"], "data/specialties.yaml");
        assert!(first["related"][0]["line"].is_null());
        assert_eq!(value["left_out"], serde_json::json!([]));
    }

    #[test]
    fn omissions_are_counted_by_kind_and_listed() {
        let page = Location::file("content/a.md");
        let program = Location::new("data/programs/im.yaml", 12, 5);
        let mut omitted = vec![Omission {
            kind: "page",
            location: &page,
            name: "",
            reason: Code::FrontMatterSyntax,
        }];
        for _ in 0..11 {
            omitted.push(Omission {
                kind: "program",
                location: &program,
                name: "IM (1403521292)",
                reason: Code::ProgramMissingField,
            });
        }
        let text = omissions(&omitted, false);
        assert!(
            text.starts_with("left out of the site: 1 page and 11 programs\n  content/a.md: page (front-matter/syntax)\n  data/programs/im.yaml:12:5: program IM (1403521292) (program/missing-field)\n"),
            "{text}"
        );
        assert!(
            text.ends_with("  and 2 more (--verbose lists them all)\n"),
            "{text}"
        );
        assert_eq!(omissions(&omitted, true).lines().count(), 13);
        assert_eq!(omissions(&[], false), "");
    }

    #[test]
    fn github_annotations_escape_what_the_format_reserves() {
        let d = Diagnostic::new(
            Code::LinkBroken,
            Location::new("content/a,b.md", 2, 3),
            "100% broken: see\nthis",
        );
        let text = github(&[d], false);
        assert!(
            text.starts_with("::error file=content/a%2Cb.md,line=2,col=3,title=link/broken::100%25 broken: see%0Athis\n"),
            "{text}"
        );
    }
}
