//! The entries of a top-level block list, found in the text without parsing it: so that an
//! edit to one program of a file of thousands can be told apart, and that one entry parsed
//! alone (`serve`'s in-place update). Only the plain layout editors and exports write is
//! recognised (`key:` at the start of a line, then `- ` items at one indentation); anything
//! else gives `None`, and the caller parses the whole file as always.

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

/// A YAML text cut into the entries of one top-level list and what surrounds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries {
    /// A hash of the text before the first entry (the list's key included).
    pub head: u64,
    /// A hash of the text after the last entry.
    pub tail: u64,
    /// Each entry, in the file's order.
    pub entries: Vec<Entry>,
}

/// One entry of the list: from its `-` line up to the next entry or the list's end (blank
/// lines and comments after it included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// A hash of its text.
    pub hash: u64,
    /// Its byte range in the text.
    pub bytes: Range<usize>,
    /// The 1-based line of its `-`.
    pub line: usize,
    /// How many lines it spans.
    pub lines: usize,
    /// Whether its text may define or use an anchor (`&name`, `*name`): then it cannot be
    /// read apart from the others, before or after an edit.
    pub shares: bool,
}

/// Whether `own` may define or use an anchor. An anchor or alias begins a value (after `key:`,
/// `-`, `[`, `{`, `,`, `?` or at the start of a line), or follows a tag there (`!!map &name`),
/// so a tag at the start of a value counts too; `*emphasis*` inside text is not one, but text
/// that begins with it counts (the answer errs on the side of yes).
fn may_share(own: &[u8]) -> bool {
    own.iter().enumerate().any(|(i, &b)| {
        if b != b'&' && b != b'*' && b != b'!' {
            return false;
        }
        if own
            .get(i + 1)
            .is_none_or(|next| matches!(next, b' ' | b'\t' | b'\n' | b'\r'))
        {
            return false;
        }
        let before = own[..i].iter().rev().find(|c| !matches!(c, b' ' | b'\t'));
        before.is_none_or(|c| matches!(c, b':' | b'-' | b'[' | b'{' | b',' | b'?' | b'\n'))
    })
}

/// The entries of the block list under the top-level `key` of `text`, or `None` when the text
/// is not laid out plainly: a document marker or directive, a tab in the indentation, the key
/// written twice or in flow style (`key: [...]`), or the list empty.
pub fn list_entries(text: &str, key: &str) -> Option<Entries> {
    let mut lines = Lines::new(text);
    // The head: up to and including the `key:` line.
    let mut head_end = None;
    for line in lines.by_ref() {
        let content = &text[line.start..line.end];
        if starts_document(content) {
            return None;
        }
        if let Some(rest) = content.strip_prefix(key)
            && let Some(rest) = rest.strip_prefix(':')
        {
            if !is_blank_or_comment(rest) {
                return None;
            }
            head_end = Some(line.next);
            break;
        }
    }
    let head_end = head_end?;
    // The entries: every `-` line at the first entry's indentation begins one.
    let mut entries: Vec<Entry> = Vec::new();
    let mut indent = None;
    let mut tail_start = text.len();
    for line in lines {
        let content = &text[line.start..line.end];
        if starts_document(content) {
            return None;
        }
        let spaces = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[spaces..];
        if rest.starts_with('\t') {
            return None;
        }
        if is_blank_or_comment(rest) {
            if let Some(last) = entries.last_mut() {
                last.bytes.end = line.next;
                last.lines += 1;
            }
            continue;
        }
        let item = rest == "-" || rest.starts_with("- ");
        match indent {
            None if item => indent = Some(spaces),
            // The key's value is not a block list of items.
            None => return None,
            Some(n) if spaces > n => {
                let last = entries.last_mut()?;
                last.bytes.end = line.next;
                last.lines += 1;
                continue;
            }
            Some(n) if spaces == n && item => {}
            Some(_) => {
                tail_start = line.start;
                break;
            }
        }
        entries.push(Entry {
            hash: 0,
            bytes: line.start..line.next,
            line: line.number,
            lines: 1,
            shares: false,
        });
    }
    let tail = &text[tail_start..];
    // A second `key:` (the parser would read one of the two).
    if entries.is_empty() || tail.lines().any(|l| l.starts_with(&format!("{key}:"))) {
        return None;
    }
    for entry in &mut entries {
        let own = &text.as_bytes()[entry.bytes.clone()];
        entry.hash = xxh3_64(own);
        entry.shares = may_share(own);
    }
    Some(Entries {
        head: xxh3_64(&text.as_bytes()[..head_end]),
        tail: xxh3_64(tail.as_bytes()),
        entries,
    })
}

/// A document marker (`---`, `...`) or a directive (`%YAML`) at the start of a line.
fn starts_document(line: &str) -> bool {
    line.starts_with("---") || line.starts_with("...") || line.starts_with('%')
}

/// Nothing but spaces, or a comment.
fn is_blank_or_comment(text: &str) -> bool {
    let text = text.trim_start_matches([' ', '\t', '\r']);
    text.is_empty() || text.starts_with('#')
}

/// One line of a text: its content's bytes (no line break) and where the next line starts.
struct Line {
    number: usize,
    start: usize,
    end: usize,
    next: usize,
}

/// The lines of a text, with their byte ranges.
struct Lines<'t> {
    text: &'t str,
    at: usize,
    number: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            at: 0,
            number: 0,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.text.as_bytes()[start..];
        let (end, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        self.at = next;
        self.number += 1;
        Some(Line {
            number: self.number,
            start,
            end,
            next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Demo data.\nspecialty: pediatrics\nprograms:\n  # The first.\n  - acgme_id: \"1\"\n    notes: |\n      Two\n      lines.\n\n  - acgme_id: \"2\"\n    name: B\n";

    fn texts<'t>(text: &'t str, entries: &Entries) -> Vec<&'t str> {
        entries
            .entries
            .iter()
            .map(|e| &text[e.bytes.clone()])
            .collect()
    }

    #[test]
    fn each_entry_runs_from_its_dash_to_the_next_one() {
        let entries = list_entries(FILE, "programs").expect("a plain file");
        assert_eq!(
            texts(FILE, &entries),
            [
                "  - acgme_id: \"1\"\n    notes: |\n      Two\n      lines.\n\n",
                "  - acgme_id: \"2\"\n    name: B\n",
            ]
        );
        let lines: Vec<(usize, usize)> =
            entries.entries.iter().map(|e| (e.line, e.lines)).collect();
        assert_eq!(lines, [(5, 5), (10, 2)]);
        assert!(entries.entries.iter().all(|e| !e.shares));
    }

    #[test]
    fn an_edit_inside_one_entry_changes_only_its_hash() {
        let before = list_entries(FILE, "programs").expect("a plain file");
        let edited = FILE.replace("name: B", "name: C\n    city: Albany");
        let after = list_entries(&edited, "programs").expect("a plain file");
        assert_eq!((before.head, before.tail), (after.head, after.tail));
        assert_eq!(before.entries[0], after.entries[0]);
        assert_ne!(before.entries[1].hash, after.entries[1].hash);
        assert_eq!(after.entries[1].lines, 3);
        // The text around the list is part of the head or the tail.
        let renamed = FILE.replace("specialty: pediatrics", "specialty: pediatric");
        let moved = list_entries(&renamed, "programs").expect("a plain file");
        assert_ne!(before.head, moved.head);
        let trailing = format!("{FILE}other: 1\n");
        let tail = list_entries(&trailing, "programs").expect("a plain file");
        assert_eq!(tail.entries.len(), 2);
        assert_ne!(before.tail, tail.tail);
    }

    #[test]
    fn windows_line_ends_and_a_list_at_the_first_column_are_read() {
        let crlf = FILE.replace('\n', "\r\n");
        let entries = list_entries(&crlf, "programs").expect("CRLF is plain too");
        assert_eq!(entries.entries.len(), 2);
        let flush = "programs:\n- a: 1\n  b: 2\n- a: 3\nspecialty: x\n";
        let entries = list_entries(flush, "programs").expect("a list at column 1");
        assert_eq!(texts(flush, &entries), ["- a: 1\n  b: 2\n", "- a: 3\n"]);
    }

    #[test]
    fn layouts_that_are_not_plain_give_none() {
        for text in [
            "specialty: x\n",
            "programs: []\n",
            "programs:\n",
            "programs: [{a: 1}]\n",
            "programs:\n  a: 1\n",
            "---\nprograms:\n  - a: 1\n",
            "programs:\n  - a: 1\n---\n",
            "programs:\n\t- a: 1\n",
            "programs:\n  - a: 1\nprograms:\n  - a: 2\n",
        ] {
            assert_eq!(list_entries(text, "programs"), None, "{text:?}");
        }
    }

    #[test]
    fn anchors_and_aliases_are_told_from_emphasis() {
        let shares = |entry: &str| {
            let text = format!("programs:\n  - {entry}\n");
            list_entries(&text, "programs").expect("plain").entries[0].shares
        };
        for entry in [
            "requirements: &shared\n      usce: none",
            "requirements: *shared",
            "visas: [*j1, H-1B]",
            "a: 1\n    b:\n      *shared",
            "*key: 1",
            "requirements: !!map &req\n      min_step2_ck: 220",
            "name: !!str &n A Program",
        ] {
            assert!(shares(entry), "{entry:?}");
        }
        for entry in [
            "notes: Interviews are **virtual** & short.",
            "notes: |\n      R&D, Q & A, a * b.",
            "notes: \"Read *this* first.\"",
            "notes: Apply now! Interviews are short.",
        ] {
            assert!(!shares(entry), "{entry:?}");
        }
    }
}
