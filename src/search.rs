//! Site search: an index of the guides, plain pages and programs, written by the build beside
//! the pages and read in pieces by the theme's search script. Pagefind was measured first and
//! is some 20 times over the indexing budget at 10,000 guides (BENCHMARKS.md), so matchpress
//! writes its own: documents are read from the model (not parsed back out of HTML), in
//! parallel, and a query downloads only the shards of its words and the documents it shows.
//!
//! The files, under `search/`:
//!
//! - `index.json`: the format version, the number of documents, the shard keys, and every
//!   filter's values with their counts.
//! - `t/<key>.json`: the terms whose first three characters are `key`, each with its postings.
//! - `d/<n>.json`: documents `10n` to `10n + 9`: site path, title, kind, excerpt, sections
//!   (heading id and title, for links to a part of a guide) and meta.
//! - `f/<filter>.json`: each value of a filter with its documents.
//!
//! Postings and document lists are strings of base-64 varints (6 bits a character: a
//! continuation bit and 5 bits of value, lowest first). A term's postings are, for each
//! document in order: the gap from the previous document, the term's weight in it (BM25, times
//! 100) and a mask of the document's sections the term occurs in (bit 0: the title and the text
//! before the first heading; bit `i`: the `i`-th heading's part, the last bit standing for the
//! rest). A document list is the gaps alone.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::config::Search;
use crate::model::{PageKind, Site, program_path};

/// The version of the index's format; the search script checks it.
pub const VERSION: u32 = 1;
/// The folder of the index in the output.
pub const FOLDER: &str = "search/";
/// Documents per `d/<n>.json` file: a page of results fetches at most ten small files.
pub const CHUNK: usize = 10;
/// How many sections a document's mask tells apart.
const SECTIONS: usize = 31;
/// BM25's parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word of the title counts as this many words of the text.
const TITLE_BOOST: u32 = 5;

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

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Its site path (`guides/visas/j1/`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// What it is.
    pub kind: Kind,
    /// A line or two shown under the title.
    pub excerpt: String,
    /// Its parts after the first: heading id and title.
    pub sections: Vec<(String, String)>,
    /// Facts shown with a program: `sponsor`, `place`, `specialty`.
    pub meta: Vec<(&'static str, String)>,
    /// Filter name and value; a filter may have several values.
    pub filters: Vec<(&'static str, String)>,
    /// The text of each part: the title and intro first, then each section's.
    pub text: Vec<String>,
}

/// The documents `search` asks for, in a stable order: guides and pages by path, then
/// programs in the directory's order.
pub fn documents(site: &Site, search: Search) -> Vec<Doc> {
    let mut docs: Vec<Doc> = Vec::new();
    if !search.enabled {
        return docs;
    }
    let mut pages: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| match p.kind {
            PageKind::Guide => search.guides,
            PageKind::Plain => search.pages,
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for page in pages {
        let kind = match page.kind {
            PageKind::Guide => Kind::Guide,
            PageKind::Plain => Kind::Page,
        };
        let (intro, parts) = split_sections(&page.body.html);
        let mut text = vec![format!("{} {} {}", page.title, page.description, intro)];
        let mut sections = Vec::with_capacity(parts.len());
        for (id, title, body) in parts {
            text.push(format!("{title} {body}"));
            sections.push((id, title));
        }
        let excerpt = if page.description.is_empty() {
            first_words(&plain_text(&page.body.summary), 30)
        } else {
            page.description.clone()
        };
        let mut filters = vec![("kind", kind_name(kind).to_string())];
        for slug in &page.specialties {
            if let Some(s) = site.directory.specialties.iter().find(|s| s.slug == *slug) {
                filters.push(("specialty", s.name.clone()));
            }
        }
        docs.push(Doc {
            path: page.path.clone(),
            title: page.title.clone(),
            kind,
            excerpt,
            sections,
            meta: Vec::new(),
            filters,
            text,
        });
    }
    if search.programs {
        for specialty in &site.directory.specialties {
            for &i in &specialty.programs {
                let p = &site.directory.programs[i];
                let title = p.sponsor.clone().unwrap_or_else(|| p.name.clone());
                let place = format!("{}, {}", p.city, p.state);
                let state_name = crate::states::find(&p.state).map_or("", |s| s.name);
                let type_label = p.program_type.map(|t| t.label());
                let visas = p.visas.as_deref().unwrap_or(&[]);
                let text = format!(
                    "{} {} {} {} {} {} {} {}",
                    p.name,
                    p.sponsor.as_deref().unwrap_or(""),
                    p.city,
                    p.state,
                    state_name,
                    specialty.name,
                    type_label.unwrap_or(""),
                    visas.join(" ")
                );
                let mut filters = vec![
                    ("kind", "program".to_string()),
                    ("specialty", specialty.name.clone()),
                    ("state", p.state.clone()),
                ];
                filters.extend(visas.iter().map(|v| ("visa", v.clone())));
                if let Some(label) = type_label {
                    filters.push(("type", label.to_string()));
                }
                let mut meta = vec![
                    ("place", place.clone()),
                    ("specialty", specialty.name.clone()),
                ];
                if p.sponsor.is_some() {
                    meta.push(("name", p.name.clone()));
                }
                docs.push(Doc {
                    path: program_path(specialty, p),
                    title,
                    kind: Kind::Program,
                    excerpt: format!("{} · {place} · {}", p.name, specialty.name),
                    sections: Vec::new(),
                    meta,
                    filters,
                    text: vec![text],
                });
            }
        }
    }
    docs
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Guide => "guide",
        Kind::Page => "page",
        Kind::Program => "program",
    }
}

/// A page body's text before its first h2 or h3, and each such heading's id, title and the
/// text up to the next one. The body is matchpress's own HTML (`markdown::render`).
fn split_sections(html: &str) -> (String, Vec<(String, String, String)>) {
    let mut parts = Vec::new();
    let mut rest = html;
    let mut intro = String::new();
    let mut current: Option<(String, String, usize)> = None;
    let mut body = String::new();
    loop {
        let next = ["<h2 ", "<h3 "]
            .iter()
            .filter_map(|tag| rest.find(tag))
            .min();
        let Some(at) = next else {
            body.push_str(rest);
            break;
        };
        body.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let close = rest[tag_end..]
            .find("</h")
            .map_or(rest.len(), |e| tag_end + e);
        let id = attribute(&rest[at..tag_end], "id").unwrap_or_default();
        let title = plain_text(&rest[tag_end..close]);
        match current.take() {
            None => intro = plain_text(&body),
            Some((id, title, _)) => parts.push((id, title, plain_text(&body))),
        }
        body.clear();
        current = Some((id, title, 0));
        rest = &rest[close..];
        // Past the closing tag of the heading.
        rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
    }
    match current {
        None => intro = plain_text(&body),
        Some((id, title, _)) => parts.push((id, title, plain_text(&body))),
    }
    // Headings without an id cannot be linked: their text joins the part before.
    let mut merged: Vec<(String, String, String)> = Vec::with_capacity(parts.len());
    for (id, title, text) in parts {
        if id.is_empty() {
            let joined = format!("{title} {text}");
            match merged.last_mut() {
                Some(last) => {
                    last.2.push(' ');
                    last.2.push_str(&joined);
                }
                None => {
                    intro.push(' ');
                    intro.push_str(&joined);
                }
            }
        } else {
            merged.push((id, title, text));
        }
    }
    (intro, merged)
}

/// The value of `name="..."` in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(decode(&tag[start..end]))
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
    let decoded = decode(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        return words.join(" ");
    }
    format!("{}…", words[..n].join(" "))
}

/// The terms of `text`, as the search script finds them in a query: runs of letters and
/// digits, lowercased; a single letter joined by a hyphen to a number is one term (`H-1B` is
/// `h1b`, `J-1` is `j1`).
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            continue;
        }
        if c == '-'
            && word.chars().count() == 1
            && word.chars().all(char::is_alphabetic)
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The shard of a term: its first three characters, each kept when it is an ASCII letter or
/// digit and written `_` otherwise.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(3)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
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

/// A term's occurrences in one document.
struct Hit {
    doc: u32,
    count: u32,
    mask: u32,
}

/// The index files for `docs`: (path relative to the output, bytes), sorted by path.
pub fn files(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    // Each document's terms with their counts and section masks, in parallel.
    let per_doc: Vec<(u32, Vec<(String, u32, u32)>)> = docs
        .par_iter()
        .map(|doc| {
            let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
            let mut length = 0u32;
            for term in terms(&doc.title) {
                let entry = counts.entry(term).or_default();
                entry.0 += TITLE_BOOST;
                entry.1 |= 1;
                length += TITLE_BOOST;
            }
            for (i, part) in doc.text.iter().enumerate() {
                let bit = 1u32 << i.min(SECTIONS);
                for term in terms(part) {
                    let entry = counts.entry(term).or_default();
                    entry.0 += 1;
                    entry.1 |= bit;
                    length += 1;
                }
            }
            let mut list: Vec<(String, u32, u32)> =
                counts.into_iter().map(|(t, (c, m))| (t, c, m)).collect();
            list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (length, list)
        })
        .collect();
    let n = docs.len().max(1) as f64;
    let average = per_doc.iter().map(|(l, _)| f64::from(*l)).sum::<f64>() / n;
    let mut postings: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    for (doc, (_, list)) in per_doc.iter().enumerate() {
        for (term, count, mask) in list {
            postings.entry(term.clone()).or_default().push(Hit {
                doc: doc as u32,
                count: *count,
                mask: *mask,
            });
        }
    }
    // Shards: each a JSON object of term -> postings string.
    let mut shards: BTreeMap<String, BTreeMap<&str, String>> = BTreeMap::new();
    for (term, hits) in &postings {
        let df = hits.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut encoded = String::with_capacity(hits.len() * 4);
        let mut previous = 0u32;
        for hit in hits {
            let length = f64::from(per_doc[hit.doc as usize].0);
            let tf = f64::from(hit.count);
            let score =
                idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average.max(1.0)));
            varint(&mut encoded, u64::from(hit.doc - previous));
            varint(&mut encoded, (score * 100.0).round().max(1.0) as u64);
            varint(&mut encoded, u64::from(hit.mask));
            previous = hit.doc;
        }
        shards
            .entry(shard_key(term))
            .or_default()
            .insert(term, encoded);
    }
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut push = |path: String, value: &serde_json::Value| {
        let mut bytes = serde_json::to_vec(value).unwrap_or_default();
        bytes.push(b'\n');
        out.push((format!("{FOLDER}{path}"), bytes));
    };
    for (key, terms) in &shards {
        push(format!("t/{key}.json"), &json!(terms));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let entries: Vec<serde_json::Value> = chunk
            .iter()
            .map(|d| {
                let meta: BTreeMap<&str, &str> =
                    d.meta.iter().map(|(k, v)| (*k, v.as_str())).collect();
                json!([d.path, d.title, d.kind, d.excerpt, d.sections, meta])
            })
            .collect();
        push(format!("d/{n}.json"), &json!(entries));
    }
    // Filters: value -> document list; and the counts for index.json.
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        for (name, value) in &doc.filters {
            let list = filters.entry(name).or_default().entry(value).or_default();
            if list.last() != Some(&(i as u32)) {
                list.push(i as u32);
            }
        }
    }
    let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (name, values) in &filters {
        let mut encoded: BTreeMap<&str, String> = BTreeMap::new();
        for (value, list) in values {
            let mut s = String::with_capacity(list.len() * 2);
            let mut previous = 0u32;
            for &doc in list {
                varint(&mut s, u64::from(doc - previous));
                previous = doc;
            }
            encoded.insert(value, s);
            counts.entry(name).or_default().insert(value, list.len());
        }
        push(format!("f/{name}.json"), &json!(encoded));
    }
    push(
        "index.json".to_string(),
        &json!({
            "version": VERSION,
            "documents": docs.len(),
            "chunk": CHUNK,
            "shards": shards.keys().collect::<Vec<_>>(),
            "filters": counts,
        }),
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
            terms("H-1B and J-1 visas: Observership, New York's USCE (3-month)"),
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
                "month"
            ]
        );
        assert_eq!(terms("Études à Paris"), ["études", "à", "paris"]);
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

    #[test]
    fn sections_split_at_h2_and_h3_with_ids_and_headings_without_join_the_part_before() {
        let html = "<p>Intro &amp; more.</p><h2 id=\"a\">First <em>one</em></h2><p>Alpha</p>\
                    <h3>No id</h3><p>Beta</p><h2 id=\"b\">Second</h2><p>Gamma</p>";
        let (intro, parts) = split_sections(html);
        assert_eq!(intro, "Intro & more.");
        assert_eq!(
            parts,
            vec![
                (
                    "a".to_string(),
                    "First one".to_string(),
                    "Alpha No id Beta".to_string()
                ),
                ("b".to_string(), "Second".to_string(), "Gamma".to_string()),
            ]
        );
    }

    #[test]
    fn shard_keys_are_three_safe_characters() {
        assert_eq!(shard_key("observership"), "obs");
        assert_eq!(shard_key("j1"), "j1");
        assert_eq!(shard_key("études"), "_tu");
    }
}
