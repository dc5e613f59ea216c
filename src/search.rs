//! Site search: an index of the guides, plain pages and programs, written by the build beside
//! the pages and read in pieces by the theme's search script (`search-engine.js`). Pagefind was
//! measured first and is some 20 times over the indexing budget at 10,000 guides
//! (BENCHMARKS.md), so matchpress writes its own: documents come from the model (bodies are
//! scanned, not parsed back out of the finished pages, so the theme's chrome is never
//! indexed), the work is spread over every core, and a query downloads only the pieces of the
//! index its words and its results need.
//!
//! The files, under `search-index/`:
//!
//! - `index.json`: the format's version and the generation, a hash of everything indexed.
//!   The only file that changes in place; everything else is in the generation's folder,
//!   written whole before `index.json` names it, so a reader never mixes two indexes.
//! - `<generation>/meta.json`: the number of documents, the first term of each term shard,
//!   where each document chunk starts, and each filter's values with their counts.
//! - `<generation>/t/<n>.json`: a run of terms in byte order, each with its postings; shards
//!   are cut at about `SHARD_BYTES`, so a word's shard is found by a binary search of the
//!   first terms and no shard is much bigger than that unless one word alone is.
//! - `<generation>/d/<n>.json`: documents (site path, title, kind, excerpt, sections, meta),
//!   about `CHUNK_BYTES` a file.
//! - `<generation>/f/<filter>/<n>.json`: the documents with the `n`-th value of a filter.
//!
//! Numbers in postings and lists are base-64 varints (a character holds a continuation bit
//! and 5 bits of value, lowest first). A term's postings are, for each document in order: the
//! gap from the previous document, the term's BM25 weight in it times `SCORE_SCALE`, and a mask
//! of the parts of the document it occurs in (bit 0: the title and the text before the first
//! heading; bit `i`: the part under the `i`-th heading, the last bit standing for that part
//! and every later one). A document list is the gaps alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;
use xxhash_rust::xxh3::Xxh3;

use crate::config::Search;
use crate::markdown::Rendered;
use crate::model::{PageKind, Site, program_path};

/// The version of the index's format; the search script checks it.
pub const VERSION: u32 = 1;
/// The folder of the index in the output.
pub const FOLDER: &str = "search-index/";
/// About how big a term shard grows before the next one starts.
const SHARD_BYTES: usize = 24 * 1024;
/// About how big a file of documents grows before the next one starts.
const CHUNK_BYTES: usize = 4 * 1024;
/// How many parts of a document its masks tell apart.
const PARTS: usize = 31;
/// BM25's parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word of the title counts as this many words of the text.
const TITLE_BOOST: u32 = 5;
/// Weights are stored as whole numbers: the BM25 weight times this.
const SCORE_SCALE: f64 = 20.0;
/// The longest term indexed, in bytes (`pneumonoultramicroscopicsilicovolcanoconiosis` is 45).
const MAX_TERM: usize = 48;
/// How many words an excerpt made from the text keeps.
const EXCERPT_WORDS: usize = 30;

/// The alphabet of the varint strings (URL- and JSON-safe).
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// What kind of page a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A guide.
    Guide,
    /// A plain page.
    Page,
    /// A program.
    Program,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Page => "page",
            Kind::Program => "program",
        }
    }
}

/// What a document's words are read from.
#[derive(Debug, Clone)]
pub enum Text {
    /// A page's rendered body: its headings of levels 2 and 3 with an id divide it into parts.
    Body(Arc<Rendered>),
    /// A record's words, one part.
    Plain(String),
}

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its site path (`guides/visas/j1/`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// What it is.
    pub kind: Kind,
    /// A line or two shown under the title.
    pub excerpt: String,
    /// Words indexed with the title and the first part, not shown (a description).
    pub lead: String,
    /// Its words.
    pub text: Text,
    /// Facts shown with a program: `place`, `specialty`, and its `name` when the title is its
    /// sponsor.
    pub meta: Vec<(&'static str, String)>,
    /// Filter name and value; a filter may have several values.
    pub filters: Vec<(&'static str, String)>,
}

/// The documents `search` asks for, in a stable order: guides and pages by path, then
/// programs in the directory's order.
pub fn documents(site: &Site, search: Search) -> Vec<Doc> {
    if !search.indexes_anything() {
        return Vec::new();
    }
    let mut pages: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| match p.kind {
            PageKind::Guide => search.guides,
            PageKind::Plain => search.pages,
        })
        .map(AsRef::as_ref)
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut docs: Vec<Doc> = pages
        .par_iter()
        .map(|page| {
            let kind = match page.kind {
                PageKind::Guide => Kind::Guide,
                PageKind::Plain => Kind::Page,
            };
            let excerpt = if page.description.is_empty() {
                first_words(&plain_text(&page.body.summary), EXCERPT_WORDS)
            } else {
                page.description.clone()
            };
            let mut filters = vec![("kind", kind.name().to_string())];
            for slug in &page.specialties {
                if let Some(s) = site.directory.specialties.iter().find(|s| s.slug == *slug) {
                    filters.push(("specialty", s.name.clone()));
                }
            }
            Doc {
                path: page.path.clone(),
                title: page.title.clone(),
                kind,
                excerpt,
                lead: page.description.clone(),
                text: Text::Body(Arc::clone(&page.body)),
                meta: Vec::new(),
                filters,
            }
        })
        .collect();
    if !search.programs {
        return docs;
    }
    for specialty in &site.directory.specialties {
        for &i in &specialty.programs {
            let p = &site.directory.programs[i];
            let place = format!("{}, {}", p.city, p.state);
            let state_name = crate::states::find(&p.state).map_or("", |s| s.name);
            let type_label = p.program_type.map(crate::model::ProgramType::label);
            let visas = p.visas.as_deref().unwrap_or(&[]);
            let mut text = String::with_capacity(128);
            for part in [
                if p.sponsor.is_some() { &p.name } else { "" },
                &p.city,
                &p.state,
                state_name,
                &specialty.name,
                type_label.unwrap_or(""),
            ] {
                text.push_str(part);
                text.push(' ');
            }
            for visa in visas {
                text.push_str(visa);
                text.push(' ');
            }
            let mut filters = vec![
                ("kind", Kind::Program.name().to_string()),
                ("specialty", specialty.name.clone()),
                ("state", p.state.clone()),
            ];
            filters.extend(visas.iter().map(|v| ("visa", v.clone())));
            if let Some(label) = type_label {
                filters.push(("type", label.to_string()));
            }
            // Programs of a specialty often share a name ("Internal Medicine Residency"):
            // the sponsor tells them apart, as in the directory's rows.
            let mut meta = vec![("place", place), ("specialty", specialty.name.clone())];
            if p.sponsor.is_some() {
                meta.push(("name", p.name.clone()));
            }
            docs.push(Doc {
                path: program_path(specialty, p),
                title: p.sponsor.clone().unwrap_or_else(|| p.name.clone()),
                kind: Kind::Program,
                excerpt: String::new(),
                lead: String::new(),
                text: Text::Plain(text),
                meta,
                filters,
            });
        }
    }
    docs
}

/// A hash of everything the index is made from (and of the format), as 16 hex digits: two
/// builds with the same documents write the same index, so the second may keep the first's.
pub fn generation(docs: &[Doc]) -> String {
    let hashes: Vec<u64> = docs
        .par_iter()
        .map(|d| {
            let mut h = Xxh3::new();
            for s in [&d.path, &d.title, &d.excerpt, &d.lead] {
                h.update(s.as_bytes());
                h.update(&[0xff]);
            }
            h.update(d.kind.name().as_bytes());
            match &d.text {
                Text::Body(body) => {
                    h.update(body.html.as_bytes());
                    for entry in &body.toc {
                        h.update(&[0xfe]);
                        h.update(entry.id.as_bytes());
                        h.update(&[0xff]);
                        h.update(entry.title.as_bytes());
                    }
                }
                Text::Plain(text) => h.update(text.as_bytes()),
            }
            for (k, v) in d.meta.iter().chain(&d.filters) {
                h.update(&[0xfd]);
                h.update(k.as_bytes());
                h.update(&[0xff]);
                h.update(v.as_bytes());
            }
            h.digest()
        })
        .collect();
    let mut all = Xxh3::new();
    all.update(env!("CARGO_PKG_VERSION").as_bytes());
    all.update(&VERSION.to_le_bytes());
    for h in hashes {
        all.update(&h.to_le_bytes());
    }
    format!("{:016x}", all.digest())
}

/// Text of an HTML fragment: tags dropped (a space in their place), the entities matchpress
/// writes decoded, runs of white space made one space.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                out.push(' ');
            }
            (true, '>') => in_tag = false,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    let decoded = if out.contains('&') {
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
    } else {
        out
    };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let kept: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = kept.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// The terms of `text`, as the search script finds them in a query: runs of letters and
/// digits, lowercased; a single letter joined by a hyphen to a number is one term (`H-1B` is
/// `h1b`, `J-1` is `j1`).
pub fn terms(text: &str) -> Vec<String> {
    let mut words = Words::default();
    let mut out = Vec::new();
    words.feed(text, 0, &mut |w, _| out.push(w.to_string()));
    words.end(0, &mut |w, _| out.push(w.to_string()));
    out
}

/// Splits text fed in pieces into terms (see `terms`): a word may run across pieces.
#[derive(Default)]
struct Words {
    word: String,
    /// Whether the word is one letter followed by a hyphen, waiting for a digit.
    hyphen: bool,
}

impl Words {
    fn feed(&mut self, text: &str, part: usize, emit: &mut impl FnMut(&str, usize)) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                if self.hyphen && !b.is_ascii_digit() {
                    self.flush(part, emit);
                }
                self.hyphen = false;
                // The whole run of ASCII letters and digits at once.
                let end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |n| i + n);
                let start = self.word.len();
                self.word.push_str(&text[i..end]);
                self.word[start..].make_ascii_lowercase();
                i = end;
                continue;
            }
            if b < 0x80 {
                if b == b'-'
                    && !self.hyphen
                    && self.word.len() == 1
                    && self.word.as_bytes()[0].is_ascii_alphabetic()
                {
                    self.hyphen = true;
                } else {
                    self.flush(part, emit);
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_alphanumeric() {
                if self.hyphen {
                    self.flush(part, emit);
                }
                self.word.extend(c.to_lowercase());
            } else {
                self.flush(part, emit);
            }
        }
    }

    fn flush(&mut self, part: usize, emit: &mut impl FnMut(&str, usize)) {
        self.hyphen = false;
        // A run longer than any word a reader types (a hash, a data blob) is not a term.
        if !self.word.is_empty() && self.word.len() <= MAX_TERM {
            emit(&self.word, part);
        }
        self.word.clear();
    }

    fn end(&mut self, part: usize, emit: &mut impl FnMut(&str, usize)) {
        self.flush(part, emit);
    }
}

/// Feeds the text of a rendered body to `words`, part by part: tags, comments, scripts and
/// styles are skipped, an entity separates words, and each `<h2>` or `<h3>` with an id starts
/// a part. Returns the parts' heading ids.
fn scan_body(html: &str, words: &mut Words, emit: &mut impl FnMut(&str, usize)) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut part = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let stop = memchr::memchr2(b'<', b'&', rest.as_bytes()).unwrap_or(rest.len());
        words.feed(&rest[..stop], part, emit);
        rest = &rest[stop..];
        if rest.is_empty() {
            break;
        }
        if rest.starts_with('&') {
            words.flush(part, emit);
            // An entity ends at `;` (at most a few characters on); a lone `&` is one character.
            let end = rest[1..]
                .char_indices()
                .take(10)
                .find(|&(_, c)| c == ';')
                .map_or(1, |(j, _)| j + 2);
            rest = &rest[end..];
            continue;
        }
        words.flush(part, emit);
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let lower = |s: &str, tag: &str| {
            s.len() >= tag.len() && s.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        };
        let skipped = ["script", "style"].into_iter().find(|name| {
            lower(&rest[1..], name)
                && rest[1 + name.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        });
        let end = tag_end(rest);
        let tag = &rest[..end];
        if let Some(name) = skipped {
            let close = format!("</{name}");
            let found = rest
                .as_bytes()
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            rest = match found {
                Some(at) => &rest[at + tag_end(&rest[at..])..],
                None => "",
            };
            continue;
        }
        if (lower(tag, "<h2") || lower(tag, "<h3"))
            && tag[3..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
            && let Some(id) = attribute(tag, "id")
            && part < PARTS - 1
        {
            part += 1;
            ids.push(id);
        } else if (lower(tag, "<h2") || lower(tag, "<h3")) && attribute(tag, "id").is_some() {
            // Parts past the last bit share it.
            part = PARTS - 1;
        }
        rest = &rest[end..];
    }
    words.end(part, emit);
    ids
}

/// The length of the tag at the start of `s` (up to and including `>`, quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The value of `name="..."` in a start tag, as matchpress writes them.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    let value = &tag[start..end];
    (!value.is_empty()).then(|| value.replace("&amp;", "&").replace("&quot;", "\""))
}

/// One posting: a document (its number in the whole index), the term's count in it (title
/// words count `TITLE_BOOST` times) and the mask of its parts the term occurs in.
type Posting = (u32, u32, u32);

/// The terms of a run of documents, each with its postings: documents are read in runs, each
/// run by one thread with its own dictionary, so every word costs one lookup and no lock.
struct Block {
    /// Each term's number in this block.
    ids: FxHashMap<Box<str>, u32>,
    /// Postings by term number, in document order.
    postings: Vec<Vec<Posting>>,
    /// For the document being read: count and mask by term number, and the terms seen.
    counts: Vec<(u32, u32)>,
    touched: Vec<u32>,
    /// Each document's length in words (title words `TITLE_BOOST` times) and parts.
    lengths: Vec<u32>,
    sections: Vec<Vec<(String, String)>>,
}

impl Block {
    /// Reads `docs`, numbered from `first`.
    fn read(docs: &[Doc], first: usize) -> Self {
        let mut block = Block {
            ids: FxHashMap::default(),
            postings: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            lengths: Vec::with_capacity(docs.len()),
            sections: Vec::with_capacity(docs.len()),
        };
        let mut words = Words::default();
        for (i, doc) in docs.iter().enumerate() {
            let mut length = 0u32;
            let mut add = |block: &mut Block, word: &str, part: usize, weight: u32| {
                length += weight;
                let id = if let Some(&id) = block.ids.get(word) {
                    id as usize
                } else {
                    let id = block.postings.len();
                    block.ids.insert(Box::from(word), number(id));
                    block.postings.push(Vec::new());
                    block.counts.push((0, 0));
                    id
                };
                let entry = &mut block.counts[id];
                if entry.0 == 0 {
                    block.touched.push(number(id));
                }
                entry.0 += weight;
                entry.1 |= 1 << part;
            };
            words.feed(&doc.title, 0, &mut |w, p| {
                add(&mut block, w, p, TITLE_BOOST);
            });
            words.end(0, &mut |w, p| add(&mut block, w, p, TITLE_BOOST));
            words.feed(&doc.lead, 0, &mut |w, p| add(&mut block, w, p, 1));
            let ids = match &doc.text {
                Text::Body(body) => {
                    let mut emit = |w: &str, p: usize| add(&mut block, w, p, 1);
                    scan_body(&body.html, &mut words, &mut emit)
                }
                Text::Plain(text) => {
                    words.feed(text, 0, &mut |w, p| add(&mut block, w, p, 1));
                    words.end(0, &mut |w, p| add(&mut block, w, p, 1));
                    Vec::new()
                }
            };
            let doc_number = number(first + i);
            for id in block.touched.drain(..) {
                let (count, mask) = std::mem::take(&mut block.counts[id as usize]);
                block.postings[id as usize].push((doc_number, count, mask));
            }
            block.lengths.push(length);
            block.sections.push(match &doc.text {
                Text::Body(body) => ids
                    .into_iter()
                    .map(|id| {
                        let title = body
                            .toc
                            .iter()
                            .find(|t| t.id == id)
                            .map_or_else(String::new, |t| t.title.clone());
                        (id, title)
                    })
                    .collect(),
                Text::Plain(_) => Vec::new(),
            });
        }
        block
    }
}

/// A document's or term's number in the index: far below `u32::MAX` in any site that fits
/// in memory.
fn number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A BM25 weight as stored: times `SCORE_SCALE`, rounded, at least 1.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the value is rounded, at least 1 and far below u64::MAX"
)]
fn weight(score: f64) -> u64 {
    (score * SCORE_SCALE).round().max(1.0) as u64
}

/// Appends `value` as a base-64 varint.
fn varint(out: &mut String, mut value: u64) {
    loop {
        let low = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low | 32] as char);
    }
}

/// Appends a JSON object of `pairs` (keys and values strings), in their order.
fn json_object<'a>(out: &mut String, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
    out.push('{');
    for (i, (key, value)) in pairs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, key);
        out.push(':');
        json_string(out, value);
    }
    out.push('}');
}

/// Appends `s` as a JSON string.
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The index files for `docs` under the generation `generation` (see `generation`): (path
/// relative to the output, bytes), sorted by path, `index.json` among them.
pub fn files(docs: &[Doc], generation: &str) -> Vec<(String, Vec<u8>)> {
    // Runs of documents, a few for each thread, read in parallel.
    let runs = (rayon::current_num_threads() * 2).max(1);
    let size = docs.len().div_ceil(runs).max(1);
    let blocks: Vec<Block> = docs
        .par_chunks(size)
        .enumerate()
        .map(|(i, run)| Block::read(run, i * size))
        .collect();
    let lengths: Vec<u32> = blocks
        .iter()
        .flat_map(|b| b.lengths.iter().copied())
        .collect();
    let n = f64::from(number(docs.len().max(1)));
    // Each document's length is weighed against the average of its kind: a program's few
    // words are not a guide's thousand, and neither should win for being short.
    let mut sums = [(0.0f64, 0usize); 3];
    for (d, &l) in docs.iter().zip(&lengths) {
        let sum = &mut sums[d.kind as usize];
        sum.0 += f64::from(l);
        sum.1 += 1;
    }
    let averages: Vec<f64> = docs
        .iter()
        .map(|d| {
            let (total, count) = sums[d.kind as usize];
            (total / f64::from(number(count.max(1)))).max(1.0)
        })
        .collect();
    let no_parts: Vec<bool> = blocks
        .iter()
        .flat_map(|b| b.sections.iter().map(Vec::is_empty))
        .collect();
    let with_parts = no_parts.iter().filter(|&&empty| !empty).count();
    // Every term once, in byte order, with its number in each block that has it.
    let mut entries: Vec<(&str, u32, u32)> = blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| block.ids.iter().map(move |(t, &id)| (&**t, number(b), id)))
        .collect();
    entries.par_sort_unstable();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if entries[g.0].0 == e.0 => g.1 = i + 1,
            _ => groups.push((i, i + 1)),
        }
    }
    let all: Vec<(&str, String, usize)> = groups
        .par_iter()
        .map(|&(from, to)| {
            let lists = || {
                entries[from..to]
                    .iter()
                    .map(|&(_, b, id)| &blocks[b as usize].postings[id as usize])
            };
            let df: usize = lists().map(Vec::len).sum();
            let df_f = f64::from(number(df));
            let idf = (1.0 + (n - df_f + 0.5) / (df_f + 0.5)).ln();
            // A word in more than a quarter of the documents that have parts is too common
            // for its parts to matter: its mask is written 0, "anywhere".
            let in_parts = lists()
                .flatten()
                .filter(|p| !no_parts[p.0 as usize])
                .count();
            let common = in_parts * 4 > with_parts;
            let mut encoded = String::with_capacity(df * 4);
            let mut previous = 0u32;
            for &(doc, count, mask) in lists().flatten() {
                let length = f64::from(lengths[doc as usize]);
                let tf = f64::from(count);
                let average = averages[doc as usize];
                let score = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
                varint(&mut encoded, u64::from(doc - previous));
                varint(&mut encoded, weight(score));
                varint(&mut encoded, if common { 0 } else { u64::from(mask) });
                previous = doc;
            }
            (entries[from].0, encoded, df)
        })
        .collect();
    // Shards: runs of terms of about SHARD_BYTES.
    let mut cuts: Vec<usize> = Vec::new();
    let mut size = SHARD_BYTES;
    for (i, (term, postings, _)) in all.iter().enumerate() {
        if size >= SHARD_BYTES {
            cuts.push(i);
            size = 0;
        }
        size += term.len() + postings.len() + 6;
    }
    let folder = format!("{FOLDER}{generation}/");
    let mut out: Vec<(String, Vec<u8>)> = (0..cuts.len())
        .into_par_iter()
        .map(|s| {
            let end = cuts.get(s + 1).copied().unwrap_or(all.len());
            let mut text = String::with_capacity(SHARD_BYTES + 1024);
            let pairs = all[cuts[s]..end].iter().map(|(t, p, _)| (*t, p.as_str()));
            json_object(&mut text, pairs);
            text.push('\n');
            (format!("{folder}t/{s}.json"), text.into_bytes())
        })
        .collect();
    let shard_firsts: Vec<&str> = cuts.iter().map(|&i| all[i].0).collect();
    // Words in more than half of the documents: a query that has other words leaves them
    // out, rather than download their long postings to narrow the results by little.
    let common: Vec<&str> = all
        .iter()
        .filter(|(_, _, df)| df * 2 > docs.len())
        .map(|(term, _, _)| *term)
        .collect();

    // Documents, in files of about CHUNK_BYTES.
    let sections: Vec<&Vec<(String, String)>> =
        blocks.iter().flat_map(|b| b.sections.iter()).collect();
    let entries: Vec<String> = docs
        .par_iter()
        .zip(&sections)
        .map(|(d, sections)| {
            let mut out = String::with_capacity(256);
            out.push('[');
            for s in [&d.path, &d.title, d.kind.name(), &d.excerpt] {
                json_string(&mut out, s);
                out.push(',');
            }
            out.push('[');
            for (i, (id, title)) in sections.iter().enumerate() {
                out.push_str(if i == 0 { "[" } else { ",[" });
                json_string(&mut out, id);
                out.push(',');
                json_string(&mut out, title);
                out.push(']');
            }
            out.push_str("],");
            let mut meta: Vec<&(&str, String)> = d.meta.iter().collect();
            meta.sort();
            json_object(&mut out, meta.into_iter().map(|(k, v)| (*k, v.as_str())));
            out.push(']');
            out
        })
        .collect();
    let mut chunk_starts = String::new();
    let mut chunk = String::new();
    let mut first = 0usize;
    let mut chunks = 0usize;
    for (i, entry) in entries.iter().enumerate() {
        if chunk.is_empty() {
            chunk.push('[');
            varint(&mut chunk_starts, (i - first) as u64);
            first = i;
        } else {
            chunk.push(',');
        }
        chunk.push_str(entry);
        if chunk.len() >= CHUNK_BYTES || i + 1 == entries.len() {
            chunk.push_str("]\n");
            out.push((
                format!("{folder}d/{chunks}.json"),
                std::mem::take(&mut chunk).into_bytes(),
            ));
            chunks += 1;
        }
    }

    // Filters: each value's documents, and the values with their counts for meta.json.
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        for (name, value) in &doc.filters {
            let list = filters.entry(name).or_default().entry(value).or_default();
            if list.last() != Some(&number(i)) {
                list.push(number(i));
            }
        }
    }
    let mut values: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (name, by_value) in &filters {
        for (j, (value, list)) in by_value.iter().enumerate() {
            let mut s = String::with_capacity(list.len() * 2 + 4);
            s.push('"');
            let mut previous = 0u32;
            for &doc in list {
                varint(&mut s, u64::from(doc - previous));
                previous = doc;
            }
            s.push_str("\"\n");
            out.push((format!("{folder}f/{name}/{j}.json"), s.into_bytes()));
            values.entry(name).or_default().push((value, list.len()));
        }
    }
    let mut push = |path: String, value: &serde_json::Value| {
        let mut bytes = value.to_string().into_bytes();
        bytes.push(b'\n');
        out.push((path, bytes));
    };
    push(
        format!("{folder}meta.json"),
        &json!({
            "documents": docs.len(),
            "shards": shard_firsts,
            "common": common,
            "chunks": chunk_starts,
            "filters": values,
        }),
    );
    push(
        format!("{FOLDER}index.json"),
        &json!({ "version": VERSION, "generation": generation }),
    );
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_runs_with_visa_names_kept_whole() {
        assert_eq!(
            terms("H-1B and J-1 visas: Observership, New York's USCE (3-month) a-b"),
            [
                "h1b",
                "and",
                "j1",
                "visas",
                "observership",
                "new",
                "york",
                "s",
                "usce",
                "3",
                "month",
                "a",
                "b"
            ]
        );
        assert_eq!(terms("Études à Paris"), ["études", "à", "paris"]);
        assert_eq!(terms("x--1 H-1-B"), ["x", "1", "h1", "b"]);
        let long = "a".repeat(MAX_TERM + 1);
        assert_eq!(terms(&format!("one {long} two")), ["one", "two"]);
        assert_eq!(terms(&"b".repeat(MAX_TERM)), ["b".repeat(MAX_TERM)]);
        assert!(terms(" -- ").is_empty());
    }

    #[test]
    fn varints_are_five_bits_a_character_lowest_first() {
        let mut s = String::new();
        for v in [0, 1, 31, 32, 1000] {
            varint(&mut s, v);
        }
        // 0 -> A, 1 -> B, 31 -> f, 32 -> g (0 | 32) then B, 1000 = 8 + 31*32 -> o (8|32), f.
        assert_eq!(s, "ABfgBof");
    }

    fn scanned(html: &str) -> (Vec<(String, usize)>, Vec<String>) {
        let mut found = Vec::new();
        let mut words = Words::default();
        let ids = scan_body(html, &mut words, &mut |w, p| found.push((w.to_string(), p)));
        (found, ids)
    }

    #[test]
    fn bodies_are_read_as_words_in_parts_started_by_headings_with_ids() {
        let html = "<p>Intro &amp; more.</p><h2 id=\"a\">First <em>one</em><a class=\"anchor\" \
                    href=\"#a\">#</a></h2><p>Al<b>pha</b></p><!-- hidden --><h3>No id</h3>\
                    <script>var x = 1;</script><p>Beta&nbsp;gamma</p><h3 id=\"b\">Second</h3>\
                    <STYLE>p{}</STYLE><p title=\"a > b\">H-1B</p>";
        let (found, ids) = scanned(html);
        let words: Vec<(&str, usize)> = found.iter().map(|(w, p)| (w.as_str(), *p)).collect();
        assert_eq!(
            words,
            [
                ("intro", 0),
                ("more", 0),
                ("first", 1),
                ("one", 1),
                ("al", 1),
                ("pha", 1),
                ("no", 1),
                ("id", 1),
                ("beta", 1),
                ("gamma", 1),
                ("second", 2),
                ("h1b", 2)
            ]
        );
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn parts_past_the_last_bit_share_it() {
        let mut html = String::new();
        for i in 0..40 {
            let _ = write!(html, "<h2 id=\"h{i}\">Head</h2><p>w{i}</p>");
        }
        let (found, ids) = scanned(&html);
        assert_eq!(ids.len(), PARTS - 1);
        assert_eq!(found.last(), Some(&("w39".to_string(), PARTS - 1)));
        assert!(found.iter().all(|(_, p)| *p < PARTS));
    }

    #[test]
    fn unfinished_markup_ends_the_text_without_a_panic() {
        for html in [
            "<p",
            "a &",
            "<script>x",
            "<!-- x",
            "<h2 id=\"x",
            "é&#",
            "<p title='>",
        ] {
            let _ = scanned(html);
        }
    }

    #[test]
    fn excerpts_keep_the_first_words() {
        assert_eq!(first_words("a b c", 2), "a b…");
        assert_eq!(first_words("a b", 2), "a b");
    }
}
