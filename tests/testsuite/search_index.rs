//! The search index the build writes (`search-index/`, format in `src/search.rs`): what it
//! holds and leaves out, that the same site gives the same bytes, that a build with nothing
//! indexed changed keeps the previous index, and `search:` in `site.yaml`. The reader here is
//! a plain decoder of the format, also used by the serve tests; the theme's engine is tested in
//! the browser (`tests/browser/scenarios/search.mjs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use matchpress::pipeline::IndexReport;
use serde_json::Value;

use crate::support::{Site, site_files};

/// The numbers of a varint string (see `src/search.rs`).
fn numbers(s: &str) -> Vec<u64> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for c in s.chars() {
        let d = DIGITS
            .find(c)
            .unwrap_or_else(|| panic!("{c:?} is no varint digit")) as u64;
        value |= (d & 31) << shift;
        if d & 32 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    assert_eq!(shift, 0, "a varint string ends inside a number: {s}");
    out
}

/// Reads a file of the index: a path under `search-index/` to its bytes.
pub(crate) type Get<'a> = Box<dyn Fn(&str) -> Option<Vec<u8>> + 'a>;

/// A search index read through `get` (a path under `search-index/` to its bytes).
pub(crate) struct Index<F: Fn(&str) -> Option<Vec<u8>>> {
    get: F,
    generation: String,
    meta: Value,
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Index<F> {
    /// The index `index.json` names, or `None` when there is none.
    pub(crate) fn open(get: F) -> Option<Self> {
        let index: Value = serde_json::from_slice(&get("index.json")?).ok()?;
        assert_eq!(index["version"], 2, "{index}");
        let generation = index["generation"].as_str()?.to_string();
        let meta = serde_json::from_slice(&get(&format!("m/{generation}.json"))?).ok()?;
        Some(Self {
            get,
            generation,
            meta,
        })
    }

    /// The file `folder/name.json` of the index, parsed.
    fn json(&self, folder: &str, name: &str) -> Value {
        let rel = format!("{folder}/{name}.json");
        let bytes = (self.get)(&rel).unwrap_or_else(|| panic!("{rel} of the index is missing"));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub(crate) fn generation(&self) -> &str {
        &self.generation
    }

    /// Every document: (site path, kind, title), in the index's order.
    pub(crate) fn documents(&self) -> Vec<(String, String, String)> {
        let starts = numbers(self.meta["chunks"].as_str().expect("chunks"));
        let names = self.meta["chunk_files"].as_str().expect("chunk files");
        assert_eq!(starts.len() * 11, names.len());
        let mut out = Vec::new();
        for n in 0..starts.len() {
            for doc in self
                .json("d", &names[n * 11..(n + 1) * 11])
                .as_array()
                .expect("a list")
            {
                let field = |i: usize| doc[i].as_str().expect("a string").to_string();
                out.push((field(0), field(2), field(1)));
            }
        }
        assert_eq!(Some(out.len() as u64), self.meta["documents"].as_u64());
        out
    }

    /// The site paths of the documents `word` (a term, as the index writes it) occurs in.
    pub(crate) fn find(&self, word: &str) -> Vec<String> {
        let shards: Vec<(&str, &str)> = self.meta["shards"]
            .as_array()
            .expect("shards")
            .iter()
            .map(|v| {
                (
                    v[0].as_str().expect("a term"),
                    v[1].as_str().expect("a name"),
                )
            })
            .collect();
        let Some(shard) = shards.iter().rposition(|(first, _)| *first <= word) else {
            return Vec::new();
        };
        let terms = self.json("t", shards[shard].1);
        let Some(postings) = terms[word].as_str() else {
            return Vec::new();
        };
        let docs = self.documents();
        let mut at = 0u64;
        numbers(postings)
            .chunks(3)
            .map(|p| {
                at += p[0];
                assert!(p[1] > 0, "every occurrence has a weight");
                docs[usize::try_from(at).expect("a document number")]
                    .0
                    .clone()
            })
            .collect()
    }

    /// The values of the filter `name`, with their counts.
    pub(crate) fn filter_values(&self, name: &str) -> Vec<(String, u64)> {
        self.meta["filters"][name]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .map(|v| {
                        (
                            v[0].as_str().unwrap_or("").to_string(),
                            v[1].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The index a build wrote into `site`'s output.
fn built(site: &Site) -> Index<impl Fn(&str) -> Option<Vec<u8>> + '_> {
    Index::open(move |rel: &str| {
        std::fs::read(site.path(&format!("public/search-index/{rel}"))).ok()
    })
    .expect("the build wrote a search index")
}

fn site() -> Site {
    let site = Site::fixture_with_default_theme("directory");
    site.build_ok();
    site
}

#[test]
fn guides_pages_and_programs_are_indexed_and_lists_are_not() {
    let site = site();
    let index = built(&site);
    let docs = index.documents();
    let paths: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert!(paths.contains(&"guides/step2/"), "{paths:?}");
    assert!(paths.contains(&"guides/im-match/"), "{paths:?}");
    assert!(paths.contains(&"about/"), "{paths:?}");
    let programs = docs.iter().filter(|d| d.1 == "program").count();
    assert!(
        programs > 0
            && docs
                .iter()
                .all(|d| ["guide", "page", "program"].contains(&d.1.as_str()))
    );
    // Sections, tags, the directory's lists, the home page and the tools are not documents.
    for path in &paths {
        let list = [
            "",
            "guides/",
            "tags/",
            "programs/",
            "smart-pick/",
            "search/",
        ]
        .contains(path)
            || path.starts_with("tags/")
            || (path.starts_with("programs/") && path.matches('/').count() < 3);
        assert!(!list, "{path} is a list, not a document");
    }
    // A guide by a word of its body; a program by its city; a visa name as one word.
    assert_eq!(index.find("first"), ["guides/step2/"]);
    let brooklyn = index.find("brooklyn");
    assert!(
        !brooklyn.is_empty()
            && brooklyn
                .iter()
                .all(|p| p.starts_with("programs/internal-medicine/")),
        "{brooklyn:?}"
    );
    assert!(
        index
            .find("houston")
            .iter()
            .any(|p| p.starts_with("programs/"))
    );
    // The theme's chrome (the menu, the footer) is not indexed: "Smart Pick" is in every
    // page's menu.
    assert!(index.find("pick").is_empty());
    // Filters: every program has its specialty and state.
    let kinds = index.filter_values("kind");
    assert!(
        kinds.contains(&("program".to_string(), programs as u64)),
        "{kinds:?}"
    );
    let states: u64 = index.filter_values("state").iter().map(|v| v.1).sum();
    assert_eq!(states, programs as u64);
}

#[test]
fn drafts_are_not_indexed() {
    let site = Site::fixture_with_default_theme("directory");
    site.file(
        "content/guides/secret.md",
        "---\ntitle: Unpublished\ndraft: true\n---\n\nA zanzibarian secret.\n",
    );
    site.build_ok();
    assert!(built(&site).find("zanzibarian").is_empty());
}

#[test]
fn the_same_site_gives_the_same_index_bytes() {
    let site = Site::fixture_with_default_theme("directory");
    let first: BTreeMap<String, Vec<u8>> = site
        .clean_build()
        .expect("a build")
        .into_iter()
        .filter(|(path, _)| path.starts_with("search-index/"))
        .collect();
    let second: BTreeMap<String, Vec<u8>> = site
        .clean_build()
        .expect("a build")
        .into_iter()
        .filter(|(path, _)| path.starts_with("search-index/"))
        .collect();
    assert!(first.len() > 4, "{:?}", first.keys());
    assert!(
        first == second,
        "two builds of one site wrote different indexes"
    );
}

#[test]
fn a_build_with_nothing_indexed_changed_keeps_the_index_and_an_edit_updates_it() {
    let site = Site::fixture_with_default_theme("directory");
    let report = site.build_ok();
    assert!(
        matches!(report.index, IndexReport::Made(n) if n >= 5),
        "{:?}",
        report.index
    );
    let before = built(&site).generation().to_string();
    let files_before = site_files(&site.path("public/search-index"));

    // A second build with nothing changed keeps it as it is.
    assert_eq!(site.build_ok().index, IndexReport::Kept);
    assert_eq!(site_files(&site.path("public/search-index")), files_before);

    // Files of the index changed by hand are written again: the meta file, and a term shard
    // and a document file, whose names say what they hold (the same size, other bytes).
    let meta = format!("public/search-index/m/{before}.json");
    let text = site.text(&meta);
    site.file(&meta, text.replace("\"documents\"", "\"documents_\""));
    for folder in ["t/", "d/"] {
        let (path, bytes) = files_before
            .iter()
            .find(|(path, _)| path.starts_with(folder))
            .expect("the index has term shards and document files");
        site.file(
            &format!("public/search-index/{path}"),
            " ".repeat(bytes.len()),
        );
    }
    assert_eq!(site.build_ok().index, IndexReport::Kept);
    assert_eq!(site_files(&site.path("public/search-index")), files_before);

    // An edit updates the index for the one document that changed: a new generation, the old
    // meta file gone, and the files that hold nothing of the guide kept.
    site.edit_text(
        "content/guides/step2.md",
        "the score programs look at first",
        "the score programs look at first, quixotically",
    );
    assert_eq!(site.build_ok().index, IndexReport::Updated(1));
    let index = built(&site);
    assert_ne!(index.generation(), before);
    assert_eq!(index.find("quixotically"), ["guides/step2/"]);
    assert!(!site.exists(&format!("search-index/m/{before}.json")));
    let files_after = site_files(&site.path("public/search-index"));
    let kept = files_after
        .iter()
        .filter(|(path, bytes)| files_before.get(*path) == Some(*bytes))
        .count();
    assert!(
        kept > 0 && files_after.len() - kept <= 4,
        "{kept} of {} kept",
        files_after.len()
    );
    // The same as an index made whole, with or without the cache.
    let clean: BTreeMap<String, Vec<u8>> = site
        .clean_build()
        .expect("a clean build")
        .into_iter()
        .filter_map(|(path, bytes)| {
            path.strip_prefix("search-index/")
                .map(|rel| (rel.to_string(), bytes))
        })
        .collect();
    assert!(
        files_after == clean,
        "the updated index differs from a clean build's"
    );

    // Its data in the cache damaged: the index is made whole again, the same.
    let data = site.path(".matchpress-cache/search.bin");
    let mut bytes = std::fs::read(&data).expect("the index's data is in the cache");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&data, bytes).expect("write the cache");
    site.edit_text("content/guides/step2.md", ", quixotically", "");
    assert!(matches!(site.build_ok().index, IndexReport::Made(_)));
    assert_eq!(site_files(&site.path("public/search-index")), files_before);
}

#[test]
fn search_can_be_turned_off_or_limited_to_some_kinds() {
    let site = Site::fixture_with_default_theme("directory");
    site.edit_text(
        "site.yaml",
        "author: Fixture Author\n",
        "author: Fixture Author\nsearch:\n  index: [guides]\n",
    );
    site.build_ok();
    let docs = built(&site).documents();
    assert!(
        !docs.is_empty() && docs.iter().all(|d| d.1 == "guide"),
        "{docs:?}"
    );

    site.edit_text(
        "site.yaml",
        "search:\n  index: [guides]\n",
        "search:\n  enabled: false\n",
    );
    assert_eq!(site.build_ok().index, IndexReport::None);
    assert!(!site.exists("search-index/index.json"));
    // Nor is there a search page, nor a box in the header that would lead to it.
    assert!(!site.exists("search/index.html"));
    for page in ["index.html", "guides/step2/index.html", "about/index.html"] {
        let html = site.read(page);
        assert!(!html.contains("role=\"search\""), "{page}: {html}");
    }
    assert!(!site.read("sitemap.xml").contains("/search/"));
}

#[test]
fn a_wrong_search_setting_is_an_error_at_its_place() {
    let site = Site::fixture_with_default_theme("directory");
    site.edit_text(
        "site.yaml",
        "author: Fixture Author\n",
        "author: Fixture Author\nsearch:\n  index: [guides, tags]\n",
    );
    let error = site.build_err();
    let text = site.diagnostics_text(&error);
    assert!(
        text.contains("site.yaml:") && text.contains("tags"),
        "{text}"
    );
}

/// The bytes of the index a build of `site` wrote.
fn index_bytes(site: &Site) -> usize {
    site_files(&site.path("public/search-index"))
        .values()
        .map(Vec::len)
        .sum()
}

#[test]
fn the_index_grows_with_the_words_indexed_and_not_with_a_blob() {
    let sized = |words: usize| {
        let site = Site::fixture_with_default_theme("directory");
        let mut body = String::new();
        for i in 0..words {
            let _ = write!(body, "w{i:x}q ");
        }
        // A run of letters of a megabyte (an inlined data blob) is no word of the index.
        let blob = "z".repeat(1 << 20);
        site.file(
            "content/guides/big.md",
            format!("---\ntitle: Big\n---\n\n{body}\n\n{blob}\n"),
        );
        site.build_ok();
        assert!(built(&site).find("w0q") == ["guides/big/"]);
        index_bytes(&site)
    };
    let (small, large) = (sized(20_000), sized(80_000));
    assert!(
        small < 1 << 20,
        "the blob is not in the index: {small} bytes"
    );
    // Four times the words: between three and five times the bytes.
    assert!(
        large > 3 * small && large < 5 * small,
        "4 times the words gave {small} -> {large} bytes"
    );
}
