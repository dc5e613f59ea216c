//! Site search: an index of the guides, plain pages and programs, written by the build beside
//! the pages and read in pieces by the theme's search script (`search-engine.js`). Pagefind was
//! measured first and is some 20 times over the indexing budget at 10,000 guides
//! (BENCHMARKS.md), so matchpress writes its own: documents come from the model (bodies are
//! scanned, not parsed back out of the finished pages, so the theme's chrome is never
//! indexed), the work is spread over every core, and a query downloads only the pieces of the
//! index its words and its results need.
//!
//! The files, under `search-index/`, each but `index.json` named by a hash of what it holds
//! (so a file never changes in place: a reader never mixes two indexes, and a build that
//! changes a few documents writes only the files that hold them, and tells the others are
//! written already by their names, without making them):
//!
//! - `index.json`: the format's version and the generation: the name of the meta file.
//! - `m/<generation>.json`: the number of documents; the term shards, each as its first term
//!   and its file's name; the words too common to narrow a query; where each document file
//!   starts, and the files' names (`chunk_files`: one string, `NAME_LENGTH` characters a
//!   name); each filter's values with their counts and their lists' names. A name is a hash
//!   in 11 characters of the varint alphabet (`file_name`): of a term shard's terms and
//!   postings, of a document file's entries, of any other file's bytes.
//! - `t/<name>.json`: a run of terms in byte order, each with its postings. Runs are cut
//!   where the terms say (`cuts`: at least `SHARD_MIN` bytes, then at a term whose hash has its
//!   low bits 0, or at `SHARD_MAX`), so a word's shard is found by a binary search of the first
//!   terms, and a change of one term's postings changes its own shard, and now and then the
//!   next few, until the cuts meet again.
//! - `d/<name>.json`: documents (site path, title, kind, excerpt, sections, meta), cut in the
//!   same way by their paths, between `CHUNK_MIN` and `CHUNK_MAX` bytes.
//! - `f/<name>.json`: the documents with one value of a filter.
//!
//! Numbers in postings and lists are base-64 varints (a character holds a continuation bit
//! and 5 bits of value, lowest first). A term's postings are, for each document in order: the
//! gap from the previous document, the term's weight in it (BM25's term-frequency part, against
//! the document's length and its kind's average, both rounded to a few steps an octave, times
//! `SCORE_SCALE`; the search script
//! multiplies it by the term's inverse document frequency, from the number of its postings and
//! of documents), and a mask of the parts of the document it occurs in (bit 0: the title and
//! the text before the first heading; bit `i`: the part under the `i`-th heading, the last bit
//! standing for that part and every later one). A document list is the gaps alone.

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

/// The version of the index's format; the search script checks it. Term and document files
/// are named by a hash of what they hold and of this version, and a build keeps such a file
/// when the last build wrote it: any change to how a file is written out must come with a new
/// version.
pub const VERSION: u32 = 2;
/// The folder of the index in the output.
pub const FOLDER: &str = "search-index/";
/// How big a term shard grows at least, and at most (unless one term alone is bigger), before
/// the next one starts (see `cuts`).
const SHARD_MIN: usize = 16 * 1024;
const SHARD_MAX: usize = 32 * 1024;
/// The same for a file of documents.
const CHUNK_MIN: usize = 6 * 1024;
const CHUNK_MAX: usize = 12 * 1024;
/// How many parts of a document its masks tell apart.
const PARTS: usize = 31;
/// BM25's parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word of the title counts as this many words of the text.
const TITLE_BOOST: u32 = 5;
/// Weights are stored as whole numbers: BM25's term-frequency part times this.
const SCORE_SCALE: f64 = 100.0;
/// The longest term indexed, in bytes (`pneumonoultramicroscopicsilicovolcanoconiosis` is 45).
const MAX_TERM: usize = 48;
/// How many words an excerpt made from the text keeps.
const EXCERPT_WORDS: usize = 30;

/// The alphabet of the varint strings (URL- and JSON-safe).
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// What kind of page a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    // A document each (13,000 at the benchmark's size), made on every core, in the
    // specialties' order.
    let programs: Vec<(&crate::model::Specialty, usize)> = (site.directory.specialties.iter())
        .flat_map(|specialty| specialty.programs.iter().map(move |&i| (specialty, i)))
        .collect();
    let made: Vec<Doc> = programs
        .into_par_iter()
        .map(|(specialty, i)| {
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
            Doc {
                path: program_path(specialty, p),
                title: p.sponsor.clone().unwrap_or_else(|| p.name.clone()),
                kind: Kind::Program,
                excerpt: String::new(),
                lead: String::new(),
                text: Text::Plain(text),
                meta,
                filters,
            }
        })
        .collect();
    docs.extend(made);
    docs
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
    /// Each term's hash, by term number (see `Terms`).
    hashes: Vec<u64>,
    /// For the document being read: count and mask by term number, and the terms seen.
    counts: Vec<(u32, u32)>,
    touched: Vec<u32>,
    /// Each document's length in words (title words `TITLE_BOOST` times) and parts.
    lengths: Vec<u32>,
    sections: Vec<Vec<(String, String)>>,
    /// Each document's terms, as a filter.
    terms: Vec<Terms>,
}

/// The terms a document has, as a Bloom filter of their hashes (two bits a term, eight bits a
/// term at least): a term it does not have is told with one chance in 20 or less of being
/// taken for one it has. An update of the index after one document changed looks for the
/// document in the postings of the terms it had only (see `Index::update`), instead of in
/// every term's.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Terms(Vec<u64>);

impl Terms {
    /// The filter of the terms with these hashes.
    fn of(hashes: impl ExactSizeIterator<Item = u64>) -> Self {
        let bits = (hashes.len() * 8).next_power_of_two().max(64);
        let mut words = vec![0u64; bits / 64];
        for hash in hashes {
            for bit in Self::bits(hash, bits) {
                words[bit / 64] |= 1 << (bit % 64);
            }
        }
        Self(words)
    }

    /// Whether the term of `hash` may be among them (it is, when it was).
    fn may_have(&self, hash: u64) -> bool {
        let bits = self.0.len() * 64;
        // No filter: any term may be there.
        bits == 0
            || Self::bits(hash, bits)
                .into_iter()
                .all(|bit| self.0[bit / 64] & (1 << (bit % 64)) != 0)
    }

    fn bits(hash: u64, bits: usize) -> [usize; 2] {
        let mask = bits as u64 - 1;
        [hash & mask, (hash >> 32) & mask].map(|bit| usize::try_from(bit).unwrap_or(0))
    }

    /// A term's hash.
    fn hash(word: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(word.as_bytes())
    }
}

impl Block {
    /// Reads `docs`, numbered from `first`.
    fn read(docs: &[Doc], first: usize) -> Self {
        let mut block = Block {
            ids: FxHashMap::default(),
            postings: Vec::new(),
            hashes: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            lengths: Vec::with_capacity(docs.len()),
            sections: Vec::with_capacity(docs.len()),
            terms: Vec::with_capacity(docs.len()),
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
                    block.hashes.push(Terms::hash(word));
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
                    body.html
                        .with_str(|html| scan_body(html, &mut words, &mut emit))
                }
                Text::Plain(text) => {
                    words.feed(text, 0, &mut |w, p| add(&mut block, w, p, 1));
                    words.end(0, &mut |w, p| add(&mut block, w, p, 1));
                    Vec::new()
                }
            };
            let doc_number = number(first + i);
            let hashes = &block.hashes;
            block.terms.push(Terms::of(
                block.touched.iter().map(|&id| hashes[id as usize]),
            ));
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

/// The name of an index file whose content has the hash `hash`: its 64 bits in 11 characters of
/// the varint alphabet, 6 bits a character, highest first (`NAME_LENGTH`).
fn file_name(hash: u64) -> String {
    (0..NAME_LENGTH)
        .rev()
        .map(|i| DIGITS[((hash >> (i * 6)) & 63) as usize] as char)
        .collect()
}

/// The length of a file's name (`file_name`).
const NAME_LENGTH: usize = 11;

/// The hash a term shard or document file is named by: of its kind, the format's version and
/// the texts it is written from, each ended by a byte no UTF-8 text holds.
fn content_hash<'a>(kind: &[u8], parts: impl Iterator<Item = &'a String>) -> u64 {
    let mut h = Xxh3::new();
    h.update(kind);
    h.update(&VERSION.to_le_bytes());
    for part in parts {
        h.update(part.as_bytes());
        h.update(&[0xff]);
    }
    h.digest()
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

/// The index files for `docs`: (path relative to the output, bytes), sorted by path,
/// `index.json` among them (see `Index`).
pub fn files(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    Index::make(docs, &hashes(docs)).files(docs)
}

/// A file of the index (`Index::files_beside`): its bytes, or what stands for the file a
/// build before wrote with them.
#[derive(Debug, PartialEq)]
pub enum File<K> {
    /// The file's bytes.
    Made(Vec<u8>),
    /// The file as written before.
    Kept(K),
}

/// One document as the index holds it: what a later build needs to update the index
/// without reading the document again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Held {
    path: String,
    /// `hashes`' hash of the document.
    hash: u64,
    kind: Kind,
    /// Its length in words (title words `TITLE_BOOST` times).
    length: u32,
    /// Whether it has parts (headings with an id).
    parts: bool,
    /// Its entry in the documents' files (JSON).
    entry: String,
    /// Its terms.
    terms: Terms,
}

/// One term with its postings, encoded as written, and what an update needs of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Term {
    word: String,
    postings: String,
    /// How many documents it occurs in.
    df: u32,
    /// How many of those have parts.
    in_parts: u32,
}

/// The search index as data, from which its files are written: every document and every
/// term in byte order with its postings. A later build with a few documents changed updates
/// it (`update`) instead of reading every document again (`make`); both give the same index,
/// so its files are the same bytes. A term's postings depend on the documents that have the
/// term and on two figures of the whole that one edit almost never moves: a weight is the
/// term's count in the document weighed against the document's length and its kind's average
/// length rounded to one of a few values per octave (the search script multiplies it by the
/// term's rarity, from the number of its postings, when it reads them), and masks are left
/// out of a term in more than a quarter of the documents with parts (`common`).
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Index {
    docs: Vec<Held>,
    terms: Vec<Term>,
}

/// Each document's hash: of everything its part of the index is made from, and the format.
pub fn hashes(docs: &[Doc]) -> Vec<u64> {
    docs.par_iter()
        .map(|d| {
            let mut h = Xxh3::new();
            h.update(&VERSION.to_le_bytes());
            for s in [&d.path, &d.title, &d.excerpt, &d.lead] {
                h.update(s.as_bytes());
                h.update(&[0xff]);
            }
            h.update(d.kind.name().as_bytes());
            match &d.text {
                Text::Body(body) => {
                    // The HTML's own hash: a page's HTML left in the cache's file is not
                    // read for it (see `stored::Text`).
                    h.update(&body.html.digest().to_le_bytes());
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
        .collect()
}

/// Steps per octave of the average document lengths that weights are computed against.
const AVERAGE_STEPS: f64 = 16.0;

/// The average length of each kind of document, as weights use it: the mean rounded to one of
/// `AVERAGE_STEPS` values per octave (as a whole number of steps, compared exactly).
fn averages(docs: &[Held]) -> [i64; 3] {
    let mut sums = [(0u64, 0u64); 3];
    for d in docs {
        let sum = &mut sums[d.kind as usize];
        sum.0 += u64::from(d.length);
        sum.1 += 1;
    }
    sums.map(|(total, count)| {
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            reason = "lengths are far below 2^52; the log of a mean is a small number"
        )]
        let steps =
            ((total as f64 / count.max(1) as f64).max(1.0).log2() * AVERAGE_STEPS).round() as i64;
        steps
    })
}

/// Steps per octave of a document's length, as weights use it.
const LENGTH_STEPS: f64 = 32.0;

/// A term's weight in a document, as stored: BM25's term-frequency part for its count
/// against the document's length (rounded to one of `LENGTH_STEPS` values per octave: a
/// sentence added to a guide seldom moves it, and then leaves the weights of the words it did
/// not touch as they were, and their shards unwritten) and the average of its kind
/// (`averages`' steps), times `SCORE_SCALE`, rounded, at least 1.
fn weight(count: u32, length: u32, average_steps: i64) -> u64 {
    #[expect(clippy::cast_precision_loss, reason = "a number of steps is small")]
    let average = (average_steps as f64 / AVERAGE_STEPS).exp2();
    let length = ((f64::from(length.max(1)).log2() * LENGTH_STEPS).round() / LENGTH_STEPS).exp2();
    let tf = f64::from(count);
    let part = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the value is rounded, at least 1 and below (K1 + 1) * SCORE_SCALE"
    )]
    let stored = (part * SCORE_SCALE).round().max(1.0) as u64;
    stored
}

/// Whether a term is too common for its parts to matter: in more than a quarter of the
/// documents that have parts. Its masks are written 0, "anywhere".
fn common(in_parts: u32, with_parts: usize) -> bool {
    in_parts as usize * 4 > with_parts
}

/// Reads the numbers of a varint string one by one, knowing where it is.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// The next number; `None` at the end or at a byte that is no digit.
    fn number(&mut self) -> Option<u64> {
        let (mut value, mut shift) = (0u64, 0u32);
        loop {
            let b = *self.bytes.get(self.at)?;
            let digit = u64::from(match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            });
            self.at += 1;
            value |= (digit & 31) << shift;
            if digit & 32 == 0 {
                return Some(value);
            }
            shift += 5;
            if shift > 60 {
                return None;
            }
        }
    }
}

/// The numbers of a varint string.
fn numbers(s: &str) -> impl Iterator<Item = u64> + '_ {
    let mut cursor = Cursor {
        bytes: s.as_bytes(),
        at: 0,
    };
    std::iter::from_fn(move || cursor.number())
}

/// Whether `postings` name one of the documents `sorted` (in order), read only as far as the
/// last of them and without decoding them into a list: most terms of an index that a few
/// documents changed in are not theirs.
fn names_any(postings: &str, sorted: &[u32]) -> bool {
    let Some(&last) = sorted.last() else {
        return false;
    };
    let mut it = numbers(postings);
    let mut doc = 0u64;
    while let (Some(gap), Some(_), Some(_)) = (it.next(), it.next(), it.next()) {
        doc += gap;
        if doc > u64::from(last) {
            return false;
        }
        if sorted
            .binary_search(&number(usize::try_from(doc).unwrap_or(usize::MAX)))
            .is_ok()
        {
            return true;
        }
    }
    false
}

/// Encoded `postings` without those of the documents `removed` (sorted) and with `added`
/// (document, weight, mask; sorted by document, none of a document kept), and the documents
/// of `removed` that had one. The same bytes as decoding, editing and encoding the list again
/// for a list `encode` wrote (the index's data is checksummed, and only `encode` writes lists;
/// a malformed one keeps its odd bytes where the other way would drop them), but a kept posting
/// is copied as it is written, and the list past the last document removed or added in one
/// piece: a common word's list holds a posting for most documents.
fn splice(postings: &str, removed: &[u32], added: &[(u32, u64, u64)]) -> (String, Vec<u32>) {
    let last = removed
        .last()
        .copied()
        .max(added.last().map(|a| a.0))
        .unwrap_or(0);
    let mut out = String::with_capacity(postings.len() + added.len() * 8);
    let mut gone = Vec::new();
    let mut added = added.iter().peekable();
    let mut cursor = Cursor {
        bytes: postings.as_bytes(),
        at: 0,
    };
    let mut doc = 0u64;
    let mut previous = 0u32;
    while let Some(gap) = cursor.number() {
        let rest = cursor.at;
        let (Some(_), Some(_)) = (cursor.number(), cursor.number()) else {
            break;
        };
        doc += gap;
        let this = number(usize::try_from(doc).unwrap_or(usize::MAX));
        while let Some(&(d, w, mask)) = added.next_if(|a| a.0 < this) {
            varint(&mut out, u64::from(d - previous));
            varint(&mut out, w);
            varint(&mut out, mask);
            previous = d;
        }
        if removed.binary_search(&this).is_ok() {
            gone.push(this);
            continue;
        }
        varint(&mut out, u64::from(this - previous));
        previous = this;
        if this > last {
            // Past every change: the rest as it is written.
            out.push_str(postings.get(rest..).unwrap_or_default());
            return (out, gone);
        }
        out.push_str(postings.get(rest..cursor.at).unwrap_or_default());
    }
    for &(d, w, mask) in added {
        varint(&mut out, u64::from(d - previous));
        varint(&mut out, w);
        varint(&mut out, mask);
        previous = d;
    }
    (out, gone)
}

/// Encodes postings (document, weight, mask), in document order.
fn encode(postings: impl Iterator<Item = (u32, u64, u64)>) -> String {
    let mut encoded = String::new();
    let mut previous = 0u32;
    for (doc, w, mask) in postings {
        varint(&mut encoded, u64::from(doc - previous));
        varint(&mut encoded, w);
        varint(&mut encoded, mask);
        previous = doc;
    }
    encoded
}

/// A document's entry in the documents' files: `[path, title, kind, excerpt, sections, meta]`.
fn entry(d: &Doc, sections: &[(String, String)]) -> String {
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
}

/// Reads `docs` (numbered from `first`, with their `hashes`) on every core.
fn read(docs: &[Doc], hashes: &[u64], first: usize) -> (Vec<Block>, Vec<Held>) {
    let runs = (rayon::current_num_threads() * 2).max(1);
    let size = docs.len().div_ceil(runs).max(1);
    let blocks: Vec<Block> = docs
        .par_chunks(size)
        .enumerate()
        .map(|(i, run)| Block::read(run, first + i * size))
        .collect();
    let mut blocks = blocks;
    let terms: Vec<Terms> = blocks
        .iter_mut()
        .flat_map(|b| std::mem::take(&mut b.terms))
        .collect();
    let sections = blocks.iter().flat_map(|b| b.sections.iter());
    let lengths = blocks.iter().flat_map(|b| b.lengths.iter());
    let held = docs
        .iter()
        .zip(hashes)
        .zip(sections.zip(lengths))
        .zip(terms)
        .map(|(((d, &hash), (sections, &length)), terms)| Held {
            path: d.path.clone(),
            hash,
            kind: d.kind,
            length,
            parts: !sections.is_empty(),
            entry: entry(d, sections),
            terms,
        })
        .collect();
    (blocks, held)
}

impl Index {
    /// The index of `docs` (with their `hashes`), every document read.
    pub fn make(docs: &[Doc], hashes: &[u64]) -> Self {
        let (blocks, held) = read(docs, hashes, 0);
        let averages = averages(&held);
        let with_parts = held.iter().filter(|d| d.parts).count();
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
        let terms = groups
            .par_iter()
            .map(|&(from, to)| {
                let postings = entries[from..to]
                    .iter()
                    .flat_map(|&(_, b, id)| &blocks[b as usize].postings[id as usize]);
                Term::of(
                    entries[from].0,
                    postings.copied(),
                    &held,
                    &averages,
                    with_parts,
                )
            })
            .collect();
        Self { docs: held, terms }
    }

    /// This index updated for `docs` (with their `hashes`): only the documents whose hash
    /// changed are read, and only the terms they have or had are written again. `None` when
    /// that would not give `make`'s index, or would cost about as much: the documents are not
    /// the same list (one added, removed, moved or of another kind), more than a quarter of
    /// them changed, an average length moved to another step, or a term became common or
    /// stopped being common (its masks are gone).
    pub fn update(mut self, docs: &[Doc], hashes: &[u64]) -> Option<Self> {
        if docs.len() != self.docs.len()
            || docs
                .iter()
                .zip(&self.docs)
                .any(|(d, held)| d.path != held.path || d.kind != held.kind)
        {
            return None;
        }
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&i| hashes[i] != self.docs[i].hash)
            .collect();
        if changed.is_empty() {
            return Some(self);
        }
        // Many changed: reading every document costs little more than decoding every term's
        // postings and reading those.
        if changed.len() * 4 > docs.len() {
            return None;
        }
        let averages_before = averages(&self.docs);
        let with_parts_before = self.docs.iter().filter(|d| d.parts).count();
        let mut fresh: FxHashMap<Box<str>, Vec<Posting>> = FxHashMap::default();
        // The terms the changed documents had: only these have them in their postings.
        let mut had: Vec<Terms> = Vec::with_capacity(changed.len());
        // Whether each had parts, in the order of `changed`.
        let mut parts_before: Vec<bool> = Vec::with_capacity(changed.len());
        for &i in &changed {
            let (blocks, mut held) = read(&docs[i..=i], &hashes[i..=i], i);
            let before = std::mem::replace(&mut self.docs[i], held.pop()?);
            had.push(before.terms);
            parts_before.push(before.parts);
            for block in blocks {
                for (term, id) in block.ids {
                    fresh
                        .entry(term)
                        .or_default()
                        .extend(&block.postings[id as usize]);
                }
            }
        }
        let averages = averages(&self.docs);
        if averages != averages_before {
            return None;
        }
        let with_parts = self.docs.iter().filter(|d| d.parts).count();
        // In order, as `changed` is.
        let changed_numbers: Vec<u32> = changed.iter().map(|&i| number(i)).collect();
        let docs_held = &self.docs;
        // Terms no unchanged document has.
        let mut added: Vec<Term> = fresh
            .iter()
            .filter(|(term, _)| {
                self.terms
                    .binary_search_by(|t| t.word.as_str().cmp(&***term))
                    .is_err()
            })
            .map(|(term, postings)| {
                Term::of(
                    term,
                    postings.iter().copied(),
                    docs_held,
                    &averages,
                    with_parts,
                )
            })
            .collect();
        // Each term: kept as it is, or written again from its postings of the unchanged
        // documents and those of the changed ones; `None` when its masks would be needed.
        let updated: Vec<Option<Option<Term>>> = std::mem::take(&mut self.terms)
            .into_par_iter()
            .map(|term| {
                let was_common = common(term.in_parts, with_parts_before);
                let new = fresh.get(term.word.as_str());
                let may_have = || {
                    let hash = Terms::hash(&term.word);
                    had.iter().any(|terms| terms.may_have(hash))
                };
                if new.is_none() && !(may_have() && names_any(&term.postings, &changed_numbers)) {
                    return (was_common == common(term.in_parts, with_parts)).then_some(Some(term));
                }
                // Its masks stay as they are, or the update falls back (below).
                let mut weighed: Vec<(u32, u64, u64)> = new
                    .into_iter()
                    .flatten()
                    .map(|&(doc, count, mask)| {
                        let d = &docs_held[doc as usize];
                        let mask = if was_common { 0 } else { u64::from(mask) };
                        (
                            doc,
                            weight(count, d.length, averages[d.kind as usize]),
                            mask,
                        )
                    })
                    .collect();
                weighed.sort_by_key(|p| p.0);
                let (postings, gone) = splice(&term.postings, &changed_numbers, &weighed);
                let parts_gone = gone
                    .iter()
                    .filter(|&&doc| {
                        changed_numbers
                            .binary_search(&doc)
                            .is_ok_and(|i| parts_before[i])
                    })
                    .count();
                let parts_added = weighed
                    .iter()
                    .filter(|p| docs_held[p.0 as usize].parts)
                    .count();
                let in_parts = (term.in_parts as usize + parts_added).checked_sub(parts_gone)?;
                if common(number(in_parts), with_parts) != was_common {
                    return None;
                }
                let df = (term.df as usize + weighed.len()).checked_sub(gone.len())?;
                if df == 0 {
                    return Some(None);
                }
                Some(Some(Term {
                    word: term.word,
                    df: number(df),
                    in_parts: number(in_parts),
                    postings,
                }))
            })
            .collect();
        // The new terms merged in (few: sorted alone, then placed).
        added.sort_unstable_by(|a, b| a.word.cmp(&b.word));
        let mut added = added.into_iter().peekable();
        let mut terms: Vec<Term> = Vec::with_capacity(updated.len() + added.len());
        for term in updated {
            let Some(term) = term? else {
                continue;
            };
            while let Some(new) = added.next_if(|new| new.word < term.word) {
                terms.push(new);
            }
            terms.push(term);
        }
        terms.extend(added);
        self.terms = terms;
        Some(self)
    }

    /// The index's files: (path relative to the output, bytes), sorted by path (see
    /// `files_beside`). `docs` are the documents indexed (for their filters).
    pub fn files(&self, docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
        self.files_beside(docs, &|_| None::<()>)
            .into_iter()
            .filter_map(|(path, file)| match file {
                File::Made(bytes) => Some((path, bytes)),
                File::Kept(()) => None,
            })
            .collect()
    }

    /// The index's files, sorted by path, each but `index.json` (which names the meta file)
    /// named by a hash of what it holds: a term shard by its terms and postings, a document
    /// file by its entries, the others by their bytes. Term shards and document files are cut
    /// where their content says (see `cuts`), so that an update changes only the files of what
    /// changed, and a shard or document file whose path `kept` gives something for (the file
    /// a build before wrote there, as it was written) is that, not written again.
    pub fn files_beside<K: Send>(
        &self,
        docs: &[Doc],
        kept: &(dyn Fn(&str) -> Option<K> + Sync),
    ) -> Vec<(String, File<K>)> {
        let mut out: Vec<(String, File<K>)> = Vec::new();
        let named = |folder: &str, bytes: Vec<u8>| {
            let name = file_name(xxhash_rust::xxh3::xxh3_64(&bytes));
            (format!("{FOLDER}{folder}/{name}.json"), name, bytes)
        };
        // Named by what they hold, then made unless kept.
        let made_or_kept = |folder: &str, hash: u64, make: &dyn Fn() -> Vec<u8>| {
            let name = file_name(hash);
            let path = format!("{FOLDER}{folder}/{name}.json");
            let file = match kept(&path) {
                Some(k) => File::Kept(k),
                None => File::Made(make()),
            };
            (path, name, file)
        };
        // Term shards.
        let sizes: Vec<(u64, usize)> = self
            .terms
            .iter()
            .map(|t| {
                (
                    xxhash_rust::xxh3::xxh3_64(t.word.as_bytes()),
                    t.word.len() + t.postings.len() + 6,
                )
            })
            .collect();
        let shard_cuts = cuts(&sizes, SHARD_MIN, SHARD_MAX, 1);
        let shards: Vec<(String, String, File<K>)> = shard_cuts
            .par_iter()
            .enumerate()
            .map(|(s, &start)| {
                let end = shard_cuts.get(s + 1).copied().unwrap_or(self.terms.len());
                let terms = &self.terms[start..end];
                let parts = terms.iter().flat_map(|t| [&t.word, &t.postings]);
                made_or_kept("t", content_hash(b"t", parts), &|| {
                    let mut text = String::with_capacity(SHARD_MAX + 1024);
                    let pairs = terms.iter().map(|t| (t.word.as_str(), t.postings.as_str()));
                    json_object(&mut text, pairs);
                    text.push('\n');
                    text.into_bytes()
                })
            })
            .collect();
        let shard_list: Vec<(&str, &str)> = shard_cuts
            .iter()
            .zip(&shards)
            .map(|(&i, (_, name, _))| (self.terms[i].word.as_str(), name.as_str()))
            .collect();
        // Words in more than half of the documents: a query that has other words leaves them
        // out, rather than download their long postings to narrow the results by little.
        let common_words: Vec<&str> = self
            .terms
            .iter()
            .filter(|t| t.df as usize * 2 > self.docs.len())
            .map(|t| t.word.as_str())
            .collect();
        // Documents.
        let sizes: Vec<(u64, usize)> = self
            .docs
            .iter()
            .map(|d| {
                (
                    xxhash_rust::xxh3::xxh3_64(d.path.as_bytes()),
                    d.entry.len() + 1,
                )
            })
            .collect();
        let chunk_cuts = cuts(&sizes, CHUNK_MIN, CHUNK_MAX, 1);
        let mut chunk_starts = String::new();
        let mut chunk_names = String::new();
        let mut chunks = Vec::new();
        let mut previous = 0;
        for (c, &start) in chunk_cuts.iter().enumerate() {
            let end = chunk_cuts.get(c + 1).copied().unwrap_or(self.docs.len());
            varint(&mut chunk_starts, (start - previous) as u64);
            previous = start;
            let held = &self.docs[start..end];
            let parts = held.iter().map(|d| &d.entry);
            let (path, name, file) = made_or_kept("d", content_hash(b"d", parts), &|| {
                let mut text = String::from("[");
                for (i, d) in held.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    text.push_str(&d.entry);
                }
                text.push_str("]\n");
                text.into_bytes()
            });
            chunk_names.push_str(&name);
            chunks.push((path, file));
        }
        // Filters: each value's documents, and the values with their counts for the meta file.
        let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            for (name, value) in &doc.filters {
                let list = filters.entry(name).or_default().entry(value).or_default();
                if list.last() != Some(&number(i)) {
                    list.push(number(i));
                }
            }
        }
        let mut values: BTreeMap<&str, Vec<(&str, usize, String)>> = BTreeMap::new();
        for (name, by_value) in &filters {
            for (value, list) in by_value {
                let mut s = String::with_capacity(list.len() * 2 + 4);
                s.push('"');
                let mut previous = 0u32;
                for &doc in list {
                    varint(&mut s, u64::from(doc - previous));
                    previous = doc;
                }
                s.push_str("\"\n");
                let (path, file, bytes) = named("f", s.into_bytes());
                out.push((path, File::Made(bytes)));
                values
                    .entry(name)
                    .or_default()
                    .push((value, list.len(), file));
            }
        }
        let mut meta = json!({
            "documents": self.docs.len(),
            "shards": shard_list,
            "common": common_words,
            "chunks": chunk_starts,
            "chunk_files": chunk_names,
            "filters": values,
        })
        .to_string()
        .into_bytes();
        meta.push(b'\n');
        let (meta_path, generation, meta) = named("m", meta);
        let mut index = json!({ "version": VERSION, "generation": generation })
            .to_string()
            .into_bytes();
        index.push(b'\n');
        out.extend(shards.into_iter().map(|(path, _, file)| (path, file)));
        out.extend(chunks);
        out.push((meta_path, File::Made(meta)));
        out.push((format!("{FOLDER}index.json"), File::Made(index)));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// Write the index for a later process (`decode`) to `out`, as it is encoded, with a
    /// checksum after it: nothing the size of the whole is held in memory.
    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        /// Passes bytes on to `out`, hashing them.
        struct Summed<'a> {
            out: &'a mut dyn std::io::Write,
            sum: Xxh3,
        }
        impl std::io::Write for Summed<'_> {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                let n = self.out.write(bytes)?;
                self.sum.update(&bytes[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.out.flush()
            }
        }
        let mut summed = Summed {
            out,
            sum: Xxh3::new(),
        };
        postcard::to_io(self, &mut summed).map_err(std::io::Error::other)?;
        let sum = summed.sum.digest();
        summed.out.write_all(&sum.to_le_bytes())
    }

    /// The index `write` wrote, if `bytes` are whole.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if u64::from_le_bytes(sum.try_into().ok()?) != xxhash_rust::xxh3::xxh3_64(body) {
            return None;
        }
        postcard::from_bytes(body).ok()
    }

    /// Whether it is the index of `docs` with their `hashes`, as it is.
    pub fn holds(&self, docs: &[Doc], hashes: &[u64]) -> bool {
        self.docs.len() == docs.len()
            && self
                .docs
                .iter()
                .zip(docs.iter().zip(hashes))
                .all(|(held, (d, &hash))| held.hash == hash && held.path == d.path)
    }

    /// How many of its documents' hashes differ from `hashes` (by position).
    pub fn changed(&self, hashes: &[u64]) -> usize {
        self.docs
            .iter()
            .zip(hashes)
            .filter(|(held, hash)| held.hash != **hash)
            .count()
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether it holds no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

impl Term {
    /// The term `term` with its unweighted `postings` (document, count, mask; in document
    /// order) weighed for `docs`.
    fn of(
        term: &str,
        postings: impl Iterator<Item = Posting> + Clone,
        docs: &[Held],
        averages: &[i64; 3],
        with_parts: usize,
    ) -> Self {
        let mut list: Vec<Posting> = postings.collect();
        list.sort_unstable_by_key(|p| p.0);
        let in_parts = list.iter().filter(|p| docs[p.0 as usize].parts).count();
        let is_common = common(number(in_parts), with_parts);
        let encoded = encode(list.iter().map(|&(doc, count, mask)| {
            let d = &docs[doc as usize];
            (
                doc,
                weight(count, d.length, averages[d.kind as usize]),
                if is_common { 0 } else { u64::from(mask) },
            )
        }));
        Self {
            word: term.to_string(),
            postings: encoded,
            df: number(list.len()),
            in_parts: number(in_parts),
        }
    }
}

/// Where runs of items begin: a run ends after an item once it holds at least `min` bytes
/// and the item's hash has its low bits (`mask`) all 0, or once it holds `max` bytes. Where a
/// run ends depends on the items near it only, so one item's change moves the cuts of its
/// own run and, now and then, of the next few, until a cut falls where it fell before (items:
/// hash and size).
fn cuts(items: &[(u64, usize)], min: usize, max: usize, mask: u64) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0usize;
    for (i, &(hash, bytes)) in items.iter().enumerate() {
        if i == 0 || size >= max || (size >= min && hash & mask == 0) {
            starts.push(i);
            size = 0;
        }
        size += bytes;
    }
    starts
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
    fn guide(path: &str, markdown: &str) -> Doc {
        Doc {
            path: path.to_string(),
            title: format!("Guide {path}"),
            kind: Kind::Guide,
            excerpt: String::new(),
            lead: String::new(),
            text: Text::Body(Arc::new(crate::markdown::render(markdown))),
            meta: Vec::new(),
            filters: vec![("kind", "guide".to_string())],
        }
    }

    fn program(path: &str, words: &str) -> Doc {
        Doc {
            path: path.to_string(),
            title: "A program".to_string(),
            kind: Kind::Program,
            excerpt: String::new(),
            lead: String::new(),
            text: Text::Plain(words.to_string()),
            meta: vec![("place", "Boston, MA".to_string())],
            filters: vec![("kind", "program".to_string()), ("state", "MA".to_string())],
        }
    }

    /// A site's documents: guides with parts and without, and programs.
    fn site(n: usize) -> Vec<Doc> {
        let mut docs: Vec<Doc> = (0..n)
            .map(|i| {
                let body = format!(
                    "Intro {i} about visas and the match.\n\n## Step {i}\n\nScores, \
                     observerships and word{} word{}.\n\n## More\n\nInterviews in month {}.",
                    i % 7,
                    i % 13,
                    i % 12
                );
                guide(&format!("guides/g{i:03}/"), &body)
            })
            .collect();
        docs.push(guide("guides/plain/", "No headings here, only visas."));
        docs.extend((0..n).map(|i| {
            program(
                &format!("programs/p{i:03}/"),
                &format!("Boston MA program{} J1", i % 5),
            )
        }));
        docs
    }

    /// `update` of the index of `before` for `after` gives `make`'s index of `after`, and
    /// the same files; gives whether it updated (rather than fell back).
    fn updates_like_make(before: &[Doc], after: &[Doc]) -> bool {
        let last = Index::make(before, &hashes(before));
        let made = Index::make(after, &hashes(after));
        match last.update(after, &hashes(after)) {
            Some(updated) => {
                assert!(updated == made, "the updated index differs from a made one");
                assert_eq!(updated.files(after), made.files(after));
                true
            }
            None => false,
        }
    }

    /// The postings (document, weight, mask) of an encoded list.
    fn decode(postings: &str) -> Vec<(u32, u64, u64)> {
        let mut out = Vec::new();
        let mut it = numbers(postings);
        let mut doc = 0u64;
        while let (Some(gap), Some(w), Some(mask)) = (it.next(), it.next(), it.next()) {
            doc += gap;
            out.push((number(usize::try_from(doc).unwrap_or(usize::MAX)), w, mask));
        }
        out
    }

    /// What `splice` gives, the slow way: `list` without the postings of `removed` and with
    /// `added`, in document order, and the documents of `removed` it had.
    fn edited_slowly(
        list: &[(u32, u64, u64)],
        removed: &[u32],
        added: &[(u32, u64, u64)],
    ) -> (Vec<(u32, u64, u64)>, Vec<u32>) {
        let mut edited: Vec<(u32, u64, u64)> = list
            .iter()
            .copied()
            .filter(|p| removed.binary_search(&p.0).is_err())
            .chain(added.iter().copied())
            .collect();
        edited.sort_by_key(|p| p.0);
        let gone = list
            .iter()
            .map(|p| p.0)
            .filter(|d| removed.binary_search(d).is_ok())
            .collect();
        (edited, gone)
    }

    #[test]
    fn a_spliced_list_is_the_list_edited_and_encoded_again() {
        type Case<'a> = (&'a [u32], &'a [(u32, u64, u64)]);
        // Lists of every few documents, with weights and masks of one to three digits;
        // documents removed and added at the start, inside, at the end and past the end.
        let list: Vec<(u32, u64, u64)> = (0..400u32)
            .filter(|d| d % 3 != 1)
            .map(|d| (d, u64::from(d * 37 % 5000), u64::from(d % 7) << (d % 40)))
            .collect();
        let encoded = encode(list.iter().copied());
        let cases: [Case; 8] = [
            (&[], &[]),
            (&[0], &[]),
            (&[0], &[(0, 9, 1)]),
            (&[1, 2, 3], &[(1, 70_000, 0), (3, 5, 1 << 50)]),
            (&[150, 151, 399], &[(151, 4, 2)]),
            (&[398], &[(398, 1, 1), (399, 2, 2)]),
            (&[500, 900], &[(500, 3, 3)]),
            (&[7, 400, 401], &[(401, 1, 0)]),
        ];
        for (removed, added) in cases {
            let (edited, gone) = edited_slowly(&list, removed, added);
            let (spliced, found) = splice(&encoded, removed, added);
            assert_eq!(
                spliced,
                encode(edited.iter().copied()),
                "{removed:?} {added:?}"
            );
            assert_eq!(decode(&spliced), edited);
            assert_eq!(found, gone);
        }
        // An empty list, and one spliced empty.
        assert_eq!(
            splice("", &[3], &[(3, 1, 0)]).0,
            encode([(3, 1, 0)].into_iter())
        );
        let one = encode([(5, 1, 0)].into_iter());
        assert_eq!(splice(&one, &[5], &[]), (String::new(), vec![5]));
    }

    proptest::proptest! {
        /// Any list, any documents removed (present or not) and any added among them: the
        /// splice is the list edited and encoded again.
        #[test]
        fn any_spliced_list_is_the_list_edited_and_encoded_again(
            list in proptest::collection::btree_map(0u32..300, (0u64..100_000, 0u64..(1 << 40)), 0..80),
            removed in proptest::collection::btree_set(0u32..320, 0..12),
            added_weights in proptest::collection::vec((0u64..100_000, 0u64..(1 << 40)), 12),
            keep_added in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            let list: Vec<(u32, u64, u64)> = list.into_iter().map(|(d, (w, m))| (d, w, m)).collect();
            let removed: Vec<u32> = removed.into_iter().collect();
            let added: Vec<(u32, u64, u64)> = removed
                .iter()
                .zip(added_weights.iter().zip(&keep_added))
                .filter(|(_, (_, keep))| **keep)
                .map(|(&d, (&(w, m), _))| (d, w, m))
                .collect();
            let (edited, gone) = edited_slowly(&list, &removed, &added);
            let (spliced, found) = splice(&encode(list.iter().copied()), &removed, &added);
            proptest::prop_assert_eq!(spliced, encode(edited.iter().copied()));
            proptest::prop_assert_eq!(found, gone);
        }
    }

    #[test]
    fn a_document_s_terms_filter_has_every_term_and_few_others() {
        for n in [0, 1, 7, 400, 5000] {
            let words: Vec<String> = (0..n).map(|i| format!("word{i}")).collect();
            let terms = Terms::of(words.iter().map(|w| Terms::hash(w)));
            assert!(words.iter().all(|w| terms.may_have(Terms::hash(w))), "{n}");
            let others = (0..2000)
                .filter(|i| terms.may_have(Terms::hash(&format!("other{i}"))))
                .count();
            // Two bits a term, 8 to 16 bits a term: about one in 20 at most, one in 70 at least.
            assert!(
                others <= 2000 / 12,
                "{n} terms: {others} of 2,000 others taken"
            );
        }
    }

    #[test]
    fn an_updated_index_is_the_index_made_anew() {
        let before = site(120);
        // Nothing changed.
        assert!(updates_like_make(&before, &before));
        // One guide's body: a word more, a new word, a word gone, a part more.
        let mut after = site(120);
        after[5] = guide(
            "guides/g005/",
            "Intro about visas.\n\n## Step\n\nA brandnewword and scores.\n\n## Third\n\nMore.",
        );
        assert!(updates_like_make(&before, &after));
        // A program's words, and a guide's title.
        let mut after = site(120);
        after[130] = program("programs/p009/", "Boston MA program1 H1B");
        after[7].title = "Another title".to_string();
        assert!(updates_like_make(&before, &after));
        // Every word of a guide gone but one that no other document has.
        let mut after = site(120);
        after[0] = guide("guides/g000/", "Zymurgy.");
        assert!(updates_like_make(&before, &after));
        // A guide added: the documents are not the same list; the index is made anew.
        let mut after = site(120);
        after.insert(3, guide("guides/g002b/", "New."));
        assert!(!updates_like_make(&before, &after));
    }

    #[test]
    fn a_term_that_becomes_common_or_an_average_that_moves_makes_the_index_anew() {
        // `word0` is in 9 of the 40 guides with parts (`i % 7` or `i % 13` is 0): not common
        // (more than a quarter); in two guides more, it is, and its masks are gone.
        let before = site(40);
        let mut after = site(40);
        for i in [1, 2] {
            after[i] = guide(
                &format!("guides/g{i:03}/"),
                "Intro about visas and the match.\n\n## Step\n\nScores, word0.\n\n## More\n\nMonth.",
            );
        }
        let last = Index::make(&before, &hashes(&before));
        assert!(last.update(&after, &hashes(&after)).is_none());
        // Back: not common again.
        let last = Index::make(&after, &hashes(&after));
        assert!(last.update(&before, &hashes(&before)).is_none());
        // One of them alone: 10 of 40, not more than a quarter: updated.
        let mut one = site(40);
        one[1] = after[1].clone();
        assert!(updates_like_make(&before, &one));
        // One guide made ten times longer moves its kind's average.
        let mut after = site(40);
        after[1] = guide("guides/g001/", &"visas and the match ".repeat(400));
        let last = Index::make(&before, &hashes(&before));
        assert!(last.update(&after, &hashes(&after)).is_none());
    }

    #[test]
    fn an_index_is_read_back_as_it_was_written_and_refused_when_damaged() {
        let docs = site(20);
        let index = Index::make(&docs, &hashes(&docs));
        let mut bytes = Vec::new();
        index.write(&mut bytes).expect("writes into memory");
        assert!(Index::decode(&bytes) == Some(Index::make(&docs, &hashes(&docs))));
        let mut damaged = bytes.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 1;
        assert!(Index::decode(&damaged).is_none());
        assert!(Index::decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(Index::decode(&[]).is_none());
    }

    #[test]
    fn one_document_changed_changes_only_the_files_that_hold_its_terms() {
        let before = site(1500);
        let mut after = site(1500);
        after[200] = guide("guides/g200/", "Intro about visas.\n\n## Step\n\nA zebra.");
        let old: BTreeMap<String, Vec<u8>> = files(&before).into_iter().collect();
        let new = files(&after);
        assert!(old.len() > 40, "{}", old.len());
        // The terms the guide had or has: shards with one of them change, and now and then the
        // shard after one, where the cuts meet again.
        let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for doc in [&before[200], &after[200]] {
            words.extend(terms(&doc.title));
            if let Text::Body(body) = &doc.text {
                words.extend(terms(&plain_text(&body.html)));
            }
        }
        let changed: Vec<&(String, Vec<u8>)> = new
            .iter()
            .filter(|(path, bytes)| old.get(path) != Some(bytes))
            .collect();
        let (mut documents, mut with, mut without) = (0, 0, 0);
        for (path, bytes) in &changed {
            if path.starts_with("search-index/t/") {
                let shard: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(bytes).expect("a shard is a JSON object");
                if shard.keys().any(|k| words.contains(k)) {
                    with += 1;
                } else {
                    without += 1;
                }
            } else if path.starts_with("search-index/d/") {
                documents += 1;
            }
        }
        assert!(
            with > 0 && without <= with,
            "{with} with its terms, {without} without"
        );
        // Its document file, and at most the next.
        assert!((1..=2).contains(&documents), "{documents}");
        assert!(
            changed.len() < new.len() / 2,
            "{} of {}",
            changed.len(),
            new.len()
        );
    }

    #[test]
    fn files_written_before_with_the_same_content_are_kept_not_made() {
        let before = site(1500);
        let mut after = site(1500);
        after[200] = guide("guides/g200/", "Intro about visas.\n\n## Step\n\nA zebra.");
        let old: BTreeMap<String, Vec<u8>> = files(&before).into_iter().collect();
        let index = Index::make(&before, &hashes(&before))
            .update(&after, &hashes(&after))
            .expect("one guide changed: an update");
        let whole = index.files(&after);
        let beside = index.files_beside(&after, &|path| old.get(path).map(|_| path.to_string()));
        assert_eq!(
            beside.iter().map(|(path, _)| path).collect::<Vec<_>>(),
            whole.iter().map(|(path, _)| path).collect::<Vec<_>>()
        );
        let (mut kept, mut made) = (0, 0);
        for ((path, file), (_, bytes)) in beside.iter().zip(&whole) {
            match file {
                // Kept: the file written before is what would be written now.
                File::Kept(was) => {
                    assert_eq!(was, path);
                    assert_eq!(old.get(path), Some(bytes), "{path}");
                    kept += 1;
                }
                File::Made(made_bytes) => {
                    assert_eq!(made_bytes, bytes);
                    if path.starts_with("search-index/t/") || path.starts_with("search-index/d/") {
                        assert!(!old.contains_key(path), "{path} was written before");
                        made += 1;
                    }
                }
            }
        }
        assert!(
            kept >= 30 && made > 0 && made * 3 <= kept,
            "{kept} kept, {made} made"
        );
    }

    #[test]
    fn a_few_words_more_seldom_move_a_weight_and_a_longer_document_weighs_less() {
        let average = averages(&[Held {
            path: String::new(),
            hash: 0,
            kind: Kind::Guide,
            length: 1400,
            parts: false,
            entry: String::new(),
            terms: Terms::default(),
        }])[Kind::Guide as usize];
        // 1,390 and 1,395 words are one length step (2^(334/32)); 2,800 is 32 steps more.
        assert_eq!(weight(3, 1390, average), weight(3, 1395, average));
        assert!(weight(3, 2800, average) < weight(3, 1390, average));
        assert!(weight(3, 700, average) > weight(3, 1390, average));
        assert!(weight(6, 1390, average) > weight(3, 1390, average));
    }

    #[test]
    fn cuts_depend_on_the_items_near_them() {
        let items: Vec<(u64, usize)> = (0..1000u64)
            .map(|i| (xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()), 100))
            .collect();
        let starts = cuts(&items, 1000, 4000, 7);
        assert_eq!(starts[0], 0);
        for pair in starts.windows(2) {
            let len = pair[1] - pair[0];
            assert!((10..=40).contains(&len), "{len}");
        }
        // One item grown: the runs from two after it on start where they did.
        let mut grown = items.clone();
        grown[500].1 = 900;
        let again = cuts(&grown, 1000, 4000, 7);
        let after =
            |s: &[usize]| -> Vec<usize> { s.iter().copied().filter(|&i| i > 600).collect() };
        assert_eq!(after(&starts), after(&again));
    }
}
