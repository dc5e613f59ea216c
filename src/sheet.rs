//! Spreadsheet exports (CSV): the only module that talks to the csv crate. It turns a CSV text
//! into the same located tree as YAML (`yaml::Node`), so that one checker reads both: a mapping
//! per row, keyed by the field each header cell names (a dotted header such as
//! `requirements.min_step2_ck` nests, list fields are split at `;`), every cell located at
//! `file:ROW:COL`, where ROW is the spreadsheet's row (the header is row 1; a quoted cell with
//! line breaks is still one row) and COL the spreadsheet's column (A is 1). Cells stay text,
//! trimmed; an empty cell is null. The header is checked here (unknown, repeated and missing
//! columns), and so are rows longer than it; values are not.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::yaml::fields::{Codes, one_of_and};
use crate::yaml::{Node, Value};

/// The columns a file may have.
#[derive(Debug, Clone, Copy)]
pub struct Columns<'a> {
    /// Every field, as the header writes it: `name`, or `parent.child` for a nested field.
    pub fields: &'a [&'static str],
    /// The fields whose cells are lists (`J-1; H-1B`).
    pub lists: &'a [&'static str],
    /// Other names people give a field's column, each with the field (`program name`, `name`).
    /// Compared as headers are, ignoring case, spaces, `_` and `-`.
    pub aliases: &'a [(&'static str, &'static str)],
    /// Fields every row needs: a header without one of them is reported once.
    pub required: &'a [&'static str],
    /// The word a list cell holds for an empty list (`none`).
    pub empty_list: &'static str,
}

/// A CSV file read into rows.
#[derive(Debug, Default)]
pub struct Sheet {
    /// One mapping per row that holds something, in file order, located at its row, column 1.
    pub rows: Vec<Node>,
    /// Required fields the header lacks (reported once, in `problems`).
    pub absent: Vec<&'static str>,
    /// The header's problems and rows longer than the header.
    pub problems: Vec<Diagnostic>,
    /// Rows that hold something but could not be read (longer than the header, a quote never
    /// closed), by spreadsheet row: what they held is left out.
    pub dropped: Vec<usize>,
}

/// Where one column's cells go.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// Not read (unknown, repeated, or without a header and empty).
    Skip,
    /// A field of the row, or of a mapping inside it (`requirements`).
    Field {
        parent: Option<&'static str>,
        name: &'static str,
        list: bool,
    },
}

/// The spreadsheet's name of column `col` (1 is `A`, 27 is `AA`).
pub fn column_letters(col: usize) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A header as compared: lowercase, without spaces, `_`, `-`, brackets or other punctuation
/// (`" ACGME_ID "`, `Acgme-Id` and `AcgmeID` are `acgmeid`; `PGY-1 Positions` and
/// `pgy1_positions` are one header), as the README says.
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '%' | '#' | '$' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Read the CSV `text` of the file `path` (relative to the site root) into rows of `columns`.
/// Header problems are reported under `codes` (unknown column, repeated field, missing
/// required field), rows longer than the header under `syntax`.
pub fn read(text: &str, path: &Path, columns: &Columns<'_>, codes: Codes, syntax: Code) -> Sheet {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sheet = Sheet::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    let mut row = 0;
    let mut header: Option<(usize, Vec<Target>, Vec<String>)> = None;
    // Cells of columns without a header, by column: reported once if any holds something.
    let mut nameless_used: Vec<bool> = Vec::new();
    let mut last_open: Option<(usize, usize)> = None;
    loop {
        let before = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        // The csv crate skips empty lines; the spreadsheet counts them as rows.
        row += 1 + blank_lines(bytes, before);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            // Only I/O and UTF-8 errors remain with `flexible`, and the text is in memory and
            // UTF-8: stop quietly should one still occur.
            Ok(false) | Err(_) => break,
        }
        last_open = None;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let after = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        if let Some(col) = bytes.get(before..after).and_then(text_after_closing_quote) {
            sheet.problems.push(
                Diagnostic::new(
                    syntax,
                    Location::new(path, row, col),
                    format!(
                        "the quoted cell in column {} spans lines and goes on after its closing quote: a quote left open took in the rows after it, and the row is not read",
                        column_letters(col)
                    ),
                )
                .with_hint(UNCLOSED_QUOTE_HINT),
            );
            sheet.dropped.push(row);
            continue;
        }
        let Some((_, targets, names)) = &header else {
            let (targets, problems, absent) = read_header(&record, row, path, columns, codes);
            sheet.problems.extend(problems);
            sheet.absent = absent;
            nameless_used = vec![false; record.len()];
            header = Some((row, targets, record.iter().map(str::to_string).collect()));
            continue;
        };
        let width = targets.len();
        if let Some(extra) = (width..record.len()).find(|&i| !record[i].trim().is_empty()) {
            let last = record.iter().next_back().unwrap_or_default();
            let mut hint = "a cell that holds a comma must be in double quotes (\"Mount Sinai, Beth Israel\"), as spreadsheets write it; otherwise the cells after it move one column to the right".to_string();
            if last.contains('\n') {
                hint.push_str(
                    "; a cell that opens a quote and never closes it takes in the lines after it",
                );
            }
            sheet.problems.push(
                Diagnostic::new(
                    syntax,
                    Location::new(path, row, extra + 1),
                    format!(
                        "row {row} has {} cells, but the header names {width} columns; the row is not read",
                        record.len()
                    ),
                )
                .with_hint(hint),
            );
            sheet.dropped.push(row);
            continue;
        }
        for (i, cell) in record.iter().enumerate().take(width) {
            if matches!(targets[i], Target::Skip) && names[i].trim().is_empty() {
                nameless_used[i] |= !cell.trim().is_empty();
            }
        }
        sheet
            .rows
            .push(row_node(&record, row, targets, columns.empty_list));
        // Where the record's last cell holds a line break: if the file also ends there without
        // a closing quote, the cell opened a quote that never closes.
        last_open = (0..record.len())
            .rev()
            .find(|&i| !record[i].trim().is_empty())
            .filter(|&i| record[i].contains(['\n', '\r']))
            .map(|i| (row, i + 1));
    }
    if let Some((row, col)) = last_open
        && !text.trim_end().ends_with('"')
    {
        sheet.rows.pop();
        sheet.dropped.push(row);
        sheet.problems.push(
            Diagnostic::new(
                syntax,
                Location::new(path, row, col),
                format!(
                    "the quote that opens this cell (column {}) is never closed: the cell takes in the rest of the file, and the row is not read",
                    column_letters(col)
                ),
            )
            .with_hint(UNCLOSED_QUOTE_HINT),
        );
    }
    if let Some((header_row, _, _)) = &header {
        for (i, used) in nameless_used.iter().enumerate() {
            if *used {
                sheet.problems.push(
                    Diagnostic::new(
                        codes.unknown_key,
                        Location::new(path, *header_row, i + 1),
                        format!(
                            "the column {} has no name in the header, but holds values; they are ignored",
                            column_letters(i + 1)
                        ),
                    )
                    .with_hint("write the field the column holds in its header cell"),
                );
            }
        }
    }
    sheet
}

/// The hint for a quote that does not close where its cell ends.
const UNCLOSED_QUOTE_HINT: &str =
    "close the quote where the cell ends; a quote inside a quoted cell is written twice (\"\")";

/// The column of the first quoted cell of `record` (the text of one record as the csv crate
/// read it) that holds a line break and goes on after its closing quote (`"open...,"next"`):
/// the sign of a quote left open that took in the rows after it up to the next quote, which
/// the csv crate reads without complaint.
fn text_after_closing_quote(record: &[u8]) -> Option<usize> {
    let mut col = 1;
    let mut i = 0;
    let mut cell_start = true;
    while let Some(&b) = record.get(i) {
        i += 1;
        match b {
            b'"' if cell_start => {
                let mut lines = false;
                loop {
                    match record.get(i) {
                        // Never closed: the end of the file, reported by the caller.
                        None => return None,
                        Some(b'"') if record.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => break,
                        Some(&c) => {
                            lines |= matches!(c, b'\n' | b'\r');
                            i += 1;
                        }
                    }
                }
                i += 1;
                if lines && !matches!(record.get(i), None | Some(b',' | b'\n' | b'\r')) {
                    return Some(col);
                }
                cell_start = false;
            }
            b',' => {
                col += 1;
                cell_start = true;
            }
            b'\n' | b'\r' => {
                col = 1;
                cell_start = true;
            }
            _ => cell_start = false,
        }
    }
    None
}

/// How many empty lines follow `at` in `text` (`at`: where the csv crate stopped after the
/// last record, which may be between the `\r` and the `\n` of its line end).
fn blank_lines(text: &[u8], at: usize) -> usize {
    let mut lines = 0;
    let mut i = at;
    if i > 0 && text.get(i - 1) == Some(&b'\r') && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    while let Some(&b) = text.get(i) {
        match b {
            b'\r' if text.get(i + 1) == Some(&b'\n') => {}
            b'\n' | b'\r' => lines += 1,
            _ => break,
        }
        i += 1;
    }
    lines
}

/// The targets of the header's columns, the header's problems and the required fields it
/// lacks.
fn read_header(
    record: &csv::StringRecord,
    row: usize,
    path: &Path,
    columns: &Columns<'_>,
    codes: Codes,
) -> (Vec<Target>, Vec<Diagnostic>, Vec<&'static str>) {
    let mut problems = Vec::new();
    let mut targets = Vec::with_capacity(record.len());
    // The column each field was first named in.
    let mut named: Vec<(&'static str, usize)> = Vec::new();
    let known: Vec<(String, &'static str)> = columns
        .fields
        .iter()
        .map(|f| (normalize(f), *f))
        .chain(columns.aliases.iter().map(|(a, f)| (normalize(a), *f)))
        .collect();
    for (i, cell) in record.iter().enumerate() {
        let col = i + 1;
        let at = Location::new(path, row, col);
        let written = cell.trim();
        if written.is_empty() {
            targets.push(Target::Skip);
            continue;
        }
        let key = normalize(written);
        let field = known.iter().find(|(k, _)| *k == key).map(|(_, f)| *f);
        let Some(field) = field else {
            let hint = match did_you_mean(&key, known.iter().map(|(k, _)| k.as_str())) {
                Some(close) => {
                    let field = known
                        .iter()
                        .find(|(k, _)| k == close)
                        .map_or(close, |(_, f)| *f);
                    format!("did you mean `{field}`?")
                }
                None if record.len() == 1 && (written.contains(';') || written.contains('\t')) => {
                    "the header holds `;` or tabs but no comma: export the file with commas between cells (CSV, comma-separated)".to_string()
                }
                None => format!("known columns: {}", columns.fields.join(", ")),
            };
            problems.push(
                Diagnostic::new(
                    codes.unknown_key,
                    at,
                    format!(
                        "unknown column `{written}` (column {}); its cells are ignored",
                        column_letters(col)
                    ),
                )
                .with_hint(hint),
            );
            targets.push(Target::Skip);
            continue;
        };
        if let Some(&(_, first)) = named.iter().find(|(f, _)| *f == field) {
            problems.push(
                Diagnostic::new(
                    codes.duplicate_key,
                    at,
                    format!(
                        "the columns {} (`{}`) and {} (`{written}`) both hold `{field}`",
                        column_letters(first),
                        record[first - 1].trim(),
                        column_letters(col)
                    ),
                )
                .with_hint(format!(
                    "keep one of the two columns; the first one ({}) is read",
                    column_letters(first)
                ))
                .with_related(Location::new(path, row, first), "first named here"),
            );
            targets.push(Target::Skip);
            continue;
        }
        named.push((field, col));
        let (parent, name) = match field.split_once('.') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, field),
        };
        targets.push(Target::Field {
            parent,
            name,
            list: columns.lists.contains(&field),
        });
    }
    let absent: Vec<&'static str> = columns
        .required
        .iter()
        .filter(|f| !named.iter().any(|(n, _)| n == *f))
        .copied()
        .collect();
    if !absent.is_empty() {
        let quoted: Vec<String> = absent.iter().map(|f| format!("`{f}`")).collect();
        problems.push(
            Diagnostic::new(
                codes.missing_field,
                Location::new(path, row, 1),
                format!(
                    "the header has no {} column{}",
                    one_of_and(&quoted),
                    if absent.len() == 1 { "" } else { "s" }
                ),
            )
            .with_hint(format!(
                "add {}: a program needs {}, so no row of this file can be read without {}",
                if absent.len() == 1 { "it" } else { "them" },
                one_of_and(
                    &columns
                        .required
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                ),
                if absent.len() == 1 { "it" } else { "them" },
            )),
        );
    }
    (targets, problems, absent)
}

/// One row as a mapping located at `row`, column 1.
fn row_node(record: &csv::StringRecord, row: usize, targets: &[Target], empty_list: &str) -> Node {
    let at = |col: usize, value: Value| Node {
        value,
        line: row,
        col,
        span: None,
    };
    let mut entries: Vec<(Node, Node)> = Vec::with_capacity(targets.len());
    // Where each nested mapping (`requirements`) is in `entries`.
    let mut parents: Vec<(&'static str, usize)> = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let Target::Field { parent, name, list } = *target else {
            continue;
        };
        let col = i + 1;
        // A short row: spreadsheet tools leave out the empty cells at its end.
        let cell = record.get(i).unwrap_or("").trim();
        let value = if cell.is_empty() {
            Value::Null
        } else if list && cell.eq_ignore_ascii_case(empty_list) {
            Value::List(Vec::new())
        } else if list {
            let items: Vec<Node> = cell
                .split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| at(col, Value::Str(item.to_string())))
                .collect();
            Value::List(items)
        } else {
            Value::Str(cell.to_string())
        };
        let entry = (at(col, Value::Str(name.to_string())), at(col, value));
        match parent {
            None => entries.push(entry),
            Some(parent) => {
                if let Some(&(_, index)) = parents.iter().find(|(p, _)| *p == parent) {
                    if let Value::Map(inner) = &mut entries[index].1.value {
                        inner.push(entry);
                    }
                } else {
                    parents.push((parent, entries.len()));
                    entries.push((
                        at(col, Value::Str(parent.to_string())),
                        at(col, Value::Map(vec![entry])),
                    ));
                }
            }
        }
    }
    at(1, Value::Map(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Columns<'static> = Columns {
        fields: &[
            "acgme_id",
            "name",
            "state",
            "visas",
            "notes",
            "pct_img",
            "requirements.min_step2_ck",
            "requirements.usce",
        ],
        lists: &["visas"],
        aliases: &[
            ("program id", "acgme_id"),
            ("program name", "name"),
            ("% img", "pct_img"),
            ("visas sponsored", "visas"),
            ("min step2 ck", "requirements.min_step2_ck"),
        ],
        required: &["acgme_id", "name", "state"],
        empty_list: "none",
    };

    fn sheet(text: &str) -> Sheet {
        read(
            text,
            Path::new("data/programs/x.csv"),
            &COLUMNS,
            Codes::PROGRAM,
            Code::DataSyntax,
        )
    }

    /// The field `path` (`name` or `requirements.usce`) of a row.
    fn cell<'n>(row: &'n Node, path: &str) -> &'n Node {
        let mut node = row;
        for part in path.split('.') {
            let Value::Map(entries) = &node.value else {
                panic!("not a mapping at {part}: {node:?}")
            };
            node = entries
                .iter()
                .find(|(k, _)| k.value == Value::Str(part.to_string()))
                .map_or_else(|| panic!("no {part} in {node:?}"), |(_, v)| v);
        }
        node
    }

    fn text(node: &Node) -> &str {
        match &node.value {
            Value::Str(s) => s,
            other => panic!("not text: {other:?}"),
        }
    }

    fn places(problems: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
        problems
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (d.code, at.line, at.col)
            })
            .collect()
    }

    #[test]
    fn bom_crlf_and_quoted_cells_with_commas_quotes_and_line_breaks() {
        let csv = "\u{feff}ACGME ID,Program Name, State ,Notes\r\n\"1403521292\",\"Smith, Jones Program\",NY,\"Line one\r\nline \"\"two\"\"\"\r\n1403500002,Other,CA,\r\n";
        let s = sheet(csv);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.rows.len(), 2);
        let (one, two) = (&s.rows[0], &s.rows[1]);
        assert_eq!((one.line, one.col), (2, 1));
        assert_eq!(text(cell(one, "acgme_id")), "1403521292");
        assert_eq!(text(cell(one, "name")), "Smith, Jones Program");
        let notes = cell(one, "notes");
        assert_eq!(text(notes), "Line one\r\nline \"two\"");
        assert_eq!((notes.line, notes.col), (2, 4));
        // The quoted cell spans two lines of text but is one spreadsheet row.
        assert_eq!((two.line, cell(two, "state").col), (3, 3));
        assert_eq!(cell(two, "notes").value, Value::Null, "empty is null");
    }

    #[test]
    fn empty_lines_and_empty_rows_count_as_rows_and_are_skipped() {
        let s = sheet("\nacgme_id,name,state\n\n1,A,NY\n , ,\n\r\n2,B,CA\n\n\n");
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let rows: Vec<(usize, &str)> = s
            .rows
            .iter()
            .map(|r| (r.line, text(cell(r, "name"))))
            .collect();
        assert_eq!(rows, vec![(4, "A"), (7, "B")]);
    }

    #[test]
    fn aliases_nested_columns_lists_and_none() {
        let csv = "Program ID,program_name,STATE,Visas Sponsored,% IMG,Min Step2 CK,requirements.usce\n1,A,NY,J-1; H-1B;,41.7%,220,Preferred\n2,B,CA,none,,,\n3,C,TX,,,,\n";
        let s = sheet(csv);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let one = &s.rows[0];
        let Value::List(visas) = &cell(one, "visas").value else {
            panic!("a list")
        };
        let visas: Vec<(&str, usize)> = visas.iter().map(|v| (text(v), v.col)).collect();
        assert_eq!(
            visas,
            vec![("J-1", 4), ("H-1B", 4)],
            "a trailing `;` adds nothing"
        );
        assert_eq!(text(cell(one, "pct_img")), "41.7%", "cells stay text");
        assert_eq!(text(cell(one, "requirements.min_step2_ck")), "220");
        assert_eq!(text(cell(one, "requirements.usce")), "Preferred");
        let requirements = cell(one, "requirements");
        assert_eq!((requirements.line, requirements.col), (2, 6));
        assert_eq!(cell(&s.rows[1], "visas").value, Value::List(Vec::new()));
        assert_eq!(cell(&s.rows[2], "visas").value, Value::Null);
        assert_eq!(
            cell(&s.rows[2], "requirements.usce").value,
            Value::Null,
            "an empty nested cell is null too"
        );
    }

    #[test]
    fn ragged_rows_short_ones_read_long_ones_reported() {
        let csv = "acgme_id,name,state,notes\n1,A,NY\n2,B,CA,x,,\n3,Mount Sinai, Beth Israel,NY,y\n4,D,TX,z\n";
        let s = sheet(csv);
        assert_eq!(places(&s.problems), vec![(Code::DataSyntax, 4, 5)]);
        assert!(
            s.problems[0].message.contains("row 4 has 5 cells"),
            "{}",
            s.problems[0]
        );
        let names: Vec<&str> = s.rows.iter().map(|r| text(cell(r, "name"))).collect();
        assert_eq!(names, vec!["A", "B", "D"], "the long row is left out");
        assert_eq!(
            cell(&s.rows[0], "notes").value,
            Value::Null,
            "a short row's end is empty"
        );
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_reported_once_at_the_header() {
        let csv = "Program ID,Program Nme,ACGME ID,Director,,notes\n1,A,1,X,,\n2,B,2,Y,oops,\n";
        let s = sheet(csv);
        assert_eq!(
            places(&s.problems),
            vec![
                (Code::ProgramUnknownKey, 1, 2),
                (Code::ProgramDuplicateKey, 1, 3),
                (Code::ProgramUnknownKey, 1, 4),
                (Code::ProgramMissingField, 1, 1),
                (Code::ProgramUnknownKey, 1, 5),
            ],
            "{:?}",
            s.problems
        );
        assert_eq!(s.problems[0].hint.as_deref(), Some("did you mean `name`?"));
        assert!(
            s.problems[1]
                .message
                .contains("A (`Program ID`) and C (`ACGME ID`)")
        );
        assert_eq!(s.problems[1].related[0].location.col, 1);
        assert!(
            s.problems[3].message.contains("`name` and `state` columns"),
            "{}",
            s.problems[3]
        );
        assert_eq!(s.absent, vec!["name", "state"]);
        assert_eq!(s.rows.len(), 2, "rows are still read");
    }

    #[test]
    fn headers_compare_without_case_spaces_or_punctuation() {
        assert_eq!(normalize(" ACGME_ID "), "acgmeid");
        assert_eq!(normalize("Acgme-Id"), "acgmeid");
        assert_eq!(normalize("AcgmeID"), "acgmeid");
        assert_eq!(normalize("PGY-1 Positions"), normalize("pgy1_positions"));
        assert_eq!(normalize("Length (years)"), "lengthyears");
        assert_eq!(
            normalize("requirements . min_step2_ck"),
            "requirements.minstep2ck"
        );
        assert_eq!(normalize("%  IMG"), "%img");
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn an_empty_file_or_a_header_alone_has_no_rows() {
        assert!(sheet("").rows.is_empty());
        let s = sheet("acgme_id,name,state\n");
        assert!(s.rows.is_empty());
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn a_quote_left_open_before_another_quoted_cell_is_reported_not_swallowed() {
        // The quote opened in row 3 closes at the quote that opens row 4's note: row 4 would
        // be read as text of row 3's note, and disappear.
        let s = sheet(
            "acgme_id,name,state,notes\n0,Z,NY,\"a \"\"b\"\"\nc\"\n1,A,NY,\"open\n2,B,CA,\"note\"\n3,C,TX,\n",
        );
        assert_eq!(places(&s.problems), vec![(Code::DataSyntax, 3, 4)]);
        assert_eq!(s.dropped, vec![3]);
        let names: Vec<&str> = s.rows.iter().map(|r| text(cell(r, "name"))).collect();
        assert_eq!(
            names,
            vec!["Z", "C"],
            "closed quotes with line breaks are fine"
        );
        assert_eq!(text_after_closing_quote(b"1,\"a\"b,c\n"), None, "one line");
        assert_eq!(text_after_closing_quote(b"1,\"a\nb\"\"\"\n"), None);
        assert_eq!(text_after_closing_quote(b"1,x\"y,\"a\nb\" \n"), Some(3));
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_cell_never_a_crash() {
        let s = sheet("acgme_id,name,state\n0,Z,NY\n1,\"A,NY\n2,B,CA\n");
        assert_eq!(places(&s.problems), vec![(Code::DataSyntax, 3, 2)]);
        assert!(
            s.problems[0].message.contains("never closed"),
            "{}",
            s.problems[0]
        );
        assert_eq!(s.rows.len(), 1, "the row before it is read");
        // A quoted cell with a line break at the end of the file is closed: no problem, with or
        // without empty rows after it.
        for csv in [
            "acgme_id,name,state,notes\n1,A,NY,\"x\ny\"\n",
            "acgme_id,name,state,notes\n1,A,NY,\"x\ny\"\n,,,\n,,,\n",
        ] {
            let s = sheet(csv);
            assert!(s.problems.is_empty(), "{csv:?}: {:?}", s.problems);
            assert_eq!(s.rows.len(), 1);
        }
    }
}
