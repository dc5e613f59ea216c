//! Stored results: what a build made of its files (content and program files parsed, pages
//! rendered), encoded so that a later process can take them back instead of making them again
//! (the pipeline keeps them in the site's cache folder). A result is stored under a name (a
//! file's path) with a key (a hash of everything it was made from) and is given back only for
//! the same key; each is checksummed, so that a damaged result is made again rather than
//! trusted. The format is matchpress's own and changes with it: the cache folder says which
//! matchpress wrote it.
//!
//! One result's frame: the name's length, the key, the checksum (of the name, the key and the
//! encoded result) and the result's length (four little-endian `u64`s), the name, then the
//! result, encoded with `postcard` (compact, and fast to read back).

use std::cell::RefCell;
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where a cache's result for a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Got {
    /// This process's last use of the cache.
    Kept,
    /// What an earlier process stored.
    Stored,
    /// The file, read now.
    Parsed,
    /// The file, which could not be read now (a result not to keep).
    Unreadable,
}

/// What a cache of one process holds of an earlier process's results: the results, whether
/// the cache's own now differ from them, and how many its last use took.
#[derive(Debug, Default)]
pub struct Carried {
    /// The results an earlier process stored.
    pub stored: Stored,
    /// Whether the cache's results differ from `stored` (one read, or gone, since).
    pub changed: bool,
    /// How many results the cache's last use took from `stored`.
    pub taken: usize,
}

impl Carried {
    /// What `bytes` hold (see `Stored::decode`).
    pub fn decode(bytes: Vec<u8>) -> Self {
        Self {
            stored: Stored::decode(bytes),
            ..Self::default()
        }
    }

    /// Note a use of the cache for `files` files, where each result came from.
    pub fn note(&mut self, got: impl Iterator<Item = Got> + Clone, files: usize) {
        self.taken = got.clone().filter(|g| *g == Got::Stored).count();
        self.changed |= got.into_iter().any(|g| g == Got::Parsed) || files != self.stored.len();
    }

    /// Let go of the stored results (the cache's own, in use, stay).
    pub fn forget(&mut self) {
        self.stored = Stored::default();
        self.changed = true;
    }
}

/// The length of a frame's fixed part.
const FRAME: usize = 4 * 8;

/// How many results an encoding thread writes at once.
const BATCH: usize = 32;

/// Where a result is stored: its key, its frame's bytes, and whether its value matches its
/// checksum (found out the first time it is asked for: a build after one edit asks for every
/// result when it decodes them, and again when it stores them).
#[derive(Debug)]
struct Frame {
    key: u64,
    range: Range<usize>,
    intact: std::sync::OnceLock<bool>,
}

/// Results as a previous process stored them, by name: each decoded when asked for.
#[derive(Debug, Default)]
pub struct Stored {
    frames: HashMap<String, Frame>,
    /// Shared with the `Text`s of the results decoded from them.
    bytes: Arc<Vec<u8>>,
}

impl Stored {
    /// The results framed in `bytes` (what `write` wrote, and `write_new` after it; of two
    /// frames of one name, the last). A frame that does not hold together ends the list; a
    /// result that does not match its checksum is found when it is asked for.
    pub fn decode(bytes: Vec<u8>) -> Self {
        let mut frames = HashMap::default();
        let word = |at: usize| -> Option<u64> {
            let word = bytes.get(at..at.checked_add(8)?)?;
            Some(u64::from_le_bytes(word.try_into().ok()?))
        };
        let mut at = 0;
        while at < bytes.len() {
            let (Some(name_len), Some(key), Some(len)) = (word(at), word(at + 8), word(at + 24))
            else {
                break;
            };
            let (Ok(name_len), Ok(len)) = (usize::try_from(name_len), usize::try_from(len)) else {
                break;
            };
            let name_start = at + FRAME;
            let Some(end) = name_start
                .checked_add(name_len)
                .and_then(|value| value.checked_add(len))
                .filter(|end| *end <= bytes.len())
            else {
                break;
            };
            let Ok(name) = std::str::from_utf8(&bytes[name_start..name_start + name_len]) else {
                break;
            };
            frames.insert(
                name.to_string(),
                Frame {
                    key,
                    range: at..end,
                    intact: std::sync::OnceLock::new(),
                },
            );
            at = end;
        }
        Self {
            frames,
            bytes: Arc::new(bytes),
        }
    }

    /// How many results are stored.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether no result is stored.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The key of the result stored under `name`, if there is one.
    pub fn key(&self, name: &str) -> Option<u64> {
        self.frames.get(name).map(|frame| frame.key)
    }

    /// The result stored under `name` with `key`, if there is one and it is intact.
    /// Its `Text`s stay in the stored bytes (see `Text`).
    pub fn get<T: DeserializeOwned>(&self, name: &str, key: u64) -> Option<T> {
        let value = self.value(name, key)?;
        let _decoding = Decoding::from(&self.bytes);
        postcard::from_bytes(value).ok()
    }

    /// The encoded result stored under `name` with `key`, if it matches its checksum.
    fn value(&self, name: &str, key: u64) -> Option<&[u8]> {
        let frame = self.frames.get(name)?;
        if frame.key != key {
            return None;
        }
        let bytes = &self.bytes[frame.range.clone()];
        let value = bytes.get(FRAME + name.len()..)?;
        let intact = *frame.intact.get_or_init(|| {
            bytes
                .get(16..24)
                .and_then(|b| b.try_into().ok())
                .is_some_and(|b| checksum(name, key, value) == u64::from_le_bytes(b))
        });
        intact.then_some(value)
    }

    /// Write the frames of `results` (name, key, result) to `out`, for `decode` in a later
    /// process: encoded on every core, a batch at a time, each batch written as it is ready
    /// (in no set order), so that nothing the size of the whole is held in memory. A result
    /// stored here with the same key is copied, not encoded again.
    pub fn write<T: Serialize + Sync>(
        &self,
        results: &[(&str, u64, &T)],
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        let out = std::sync::Mutex::new(out);
        results
            .par_chunks(BATCH)
            .try_for_each_init(Vec::new, |batch: &mut Vec<u8>, chunk| {
                batch.clear();
                for (name, key, result) in chunk {
                    self.frame(name, *key, *result, batch)?;
                }
                let mut out = out
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                out.write_all(batch)
            })
    }

    /// The results of `results` that are not stored here with their key: what `write_new`
    /// writes.
    fn new_ones<'r, T>(&self, results: &'r [(&'r str, u64, &'r T)]) -> Vec<(&'r str, u64, &'r T)> {
        results
            .iter()
            .filter(|(name, key, _)| self.value(name, *key).is_none())
            .copied()
            .collect()
    }

    /// Whether writing only the new results after what is stored (`write_new`, for a file
    /// that holds the stored bytes) is better than writing every result again: when they are
    /// few, and the stored bytes that no result of `results` uses any more (results replaced
    /// or gone) are under a quarter of them. Else the file would only grow.
    pub fn appendable<T>(&self, results: &[(&str, u64, &T)]) -> bool {
        if self.bytes.is_empty() {
            return false;
        }
        let mut new = 0;
        let mut used = 0;
        for (name, key, _) in results {
            match self.frames.get(*name) {
                Some(frame) if frame.key == *key => used += frame.range.len(),
                _ => new += 1,
            }
        }
        new * 8 <= results.len() && (self.bytes.len() - used) * 4 < self.bytes.len()
    }

    /// Whether what is stored here is `results` exactly: each stored with its key, and
    /// nothing else.
    pub fn holds_exactly<T>(&self, results: &[(&str, u64, &T)]) -> bool {
        results.len() == self.frames.len()
            && results
                .iter()
                .all(|(name, key, _)| self.frames.get(*name).is_some_and(|f| f.key == *key))
    }

    /// Write the frames of the results of `results` that are not stored here, for a file that
    /// holds the stored bytes already (`decode` takes a name's last frame).
    pub fn write_new<T: Serialize + Sync>(
        &self,
        results: &[(&str, u64, &T)],
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        self.write(&self.new_ones(results), out)
    }

    /// Append the frame of `result` to `batch`.
    fn frame<T: Serialize>(
        &self,
        name: &str,
        key: u64,
        result: &T,
        batch: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let start = batch.len();
        batch.extend_from_slice(&(name.len() as u64).to_le_bytes());
        batch.extend_from_slice(&key.to_le_bytes());
        batch.extend_from_slice(&[0; 16]);
        batch.extend_from_slice(name.as_bytes());
        let value_start = batch.len();
        if let Some(value) = self.value(name, key) {
            batch.extend_from_slice(value);
        } else {
            postcard::to_io(result, &mut *batch).map_err(std::io::Error::other)?;
        }
        let checksum = checksum(name, key, &batch[value_start..]);
        let len = (batch.len() - value_start) as u64;
        batch[start + 16..start + 24].copy_from_slice(&checksum.to_le_bytes());
        batch[start + 24..start + 32].copy_from_slice(&len.to_le_bytes());
        Ok(())
    }
}

thread_local! {
    /// The stored bytes that the result this thread is decoding comes from.
    static DECODING: RefCell<Option<Arc<Vec<u8>>>> = const { RefCell::new(None) };
}

/// `DECODING` set for as long as it lives (then as it was before).
struct Decoding(Option<Arc<Vec<u8>>>);

impl Decoding {
    fn from(bytes: &Arc<Vec<u8>>) -> Self {
        Self(DECODING.with(|d| d.borrow_mut().replace(Arc::clone(bytes))))
    }
}

impl Drop for Decoding {
    fn drop(&mut self) {
        let before = self.0.take();
        DECODING.with(|d| *d.borrow_mut() = before);
    }
}

/// A text of a result that stays in the stored bytes it was decoded from, where it can,
/// instead of being copied out of them: a page's rendered HTML is most of what the cache holds,
/// and a build after one edit uses the HTML of a few pages out of thousands. Made from a
/// `String` otherwise; reads as a `str` either way.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Own(String),
    /// A range of stored bytes that was a `str` when decoded (the bytes never change).
    Stored {
        bytes: Arc<Vec<u8>>,
        range: Range<usize>,
    },
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(text) => text,
            Repr::Stored { bytes, range } => bytes
                .get(range.clone())
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }

    /// The text's bytes, without the check that they are UTF-8 that reading them as a `str`
    /// costs (they are: they were when decoded, and never change).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Own(text) => text.as_bytes(),
            Repr::Stored { bytes, range } => bytes.get(range.clone()).unwrap_or_default(),
        }
    }

    /// Whether the text is kept in stored bytes rather than a string of its own.
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored { .. })
    }
}

impl Default for Text {
    fn default() -> Self {
        Self(Repr::Own(String::new()))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(Repr::Own(text))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Text, E> {
        // A text borrowed from the stored bytes this thread is decoding stays there.
        let within = DECODING.with(|d| {
            let d = d.borrow();
            let bytes = d.as_ref()?;
            let start = text.as_ptr().addr().checked_sub(bytes.as_ptr().addr())?;
            let range = start..start.checked_add(text.len())?;
            (range.end <= bytes.len()).then(|| (Arc::clone(bytes), range))
        });
        Ok(match within {
            Some((bytes, range)) => Text(Repr::Stored { bytes, range }),
            None => Text::from(text.to_string()),
        })
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
        Ok(Text::from(text.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
        Ok(Text::from(text))
    }
}

/// The checksum of a frame: of its name and key as well as its result, so that damage to the
/// name can never give one file's result to another with the same key (two files of one
/// text).
fn checksum(name: &str, key: u64, value: &[u8]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(&key.to_le_bytes());
    h.update(value);
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(stored: &Stored, results: &[(&str, u64, &Vec<String>)]) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        stored
            .write(results, &mut out)
            .expect("writing to memory works");
        out
    }

    #[test]
    fn results_come_back_for_their_key_only() {
        let a = vec!["alpha".to_string(), "é ∑".to_string()];
        let b: Vec<String> = Vec::new();
        let bytes = written(&Stored::default(), &[("a.md", 1, &a), ("dir/b.md", 2, &b)]);
        let stored = Stored::decode(bytes);
        assert_eq!(stored.len(), 2);
        assert_eq!(stored.get::<Vec<String>>("a.md", 1), Some(a.clone()));
        assert_eq!(stored.get::<Vec<String>>("dir/b.md", 2), Some(b));
        assert_eq!(stored.get::<Vec<String>>("a.md", 2), None, "another key");
        assert_eq!(stored.get::<Vec<String>>("c.md", 1), None, "another name");

        // Written again from what was decoded: the same results, copied.
        let again = Stored::decode(written(&stored, &[("a.md", 1, &a)]));
        assert_eq!(again.len(), 1);
        assert_eq!(again.get::<Vec<String>>("a.md", 1), Some(a));
    }

    #[test]
    fn texts_stay_in_the_stored_bytes_and_read_as_written() {
        let texts = vec![
            Text::from("<p>alpha</p>".to_string()),
            Text::from("é ∑ \u{E000}0\u{E001}".to_string()),
            Text::default(),
        ];
        let bytes = {
            let mut out: Vec<u8> = Vec::new();
            Stored::default()
                .write(&[("a.md", 1, &texts)], &mut out)
                .expect("writing to memory works");
            out
        };
        let stored = Stored::decode(bytes);
        let back: Vec<Text> = stored.get("a.md", 1).expect("stored");
        assert_eq!(back, texts);
        assert!(back.iter().all(Text::is_stored), "not copied out");
        assert_eq!(back[1], "é ∑ \u{E000}0\u{E001}");
        // Written again from what was decoded, and decoded from elsewhere: the same texts.
        let again = Stored::decode(written_texts(&stored, &back));
        assert_eq!(again.get::<Vec<Text>>("a.md", 1), Some(texts.clone()));
        let json = serde_json::to_string(&back).expect("to JSON");
        let from_json: Vec<Text> = serde_json::from_str(&json).expect("from JSON");
        assert_eq!(from_json, texts);
        assert!(
            !from_json[0].is_stored(),
            "a text from elsewhere is its own"
        );
        // Dropping the stored results keeps the texts decoded from them.
        drop(stored);
        drop(again);
        assert_eq!(back[0].as_str(), "<p>alpha</p>");
    }

    fn written_texts(stored: &Stored, texts: &Vec<Text>) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        stored
            .write(&[("a.md", 1, texts)], &mut out)
            .expect("writing to memory works");
        out
    }

    #[test]
    fn a_result_never_passes_for_another_name() {
        let a = vec!["alpha".to_string()];
        let mut bytes = written(&Stored::default(), &[("a.md", 7, &a)]);
        // The name changed in place to another of the same length, with the same key.
        let at = FRAME;
        assert_eq!(&bytes[at..at + 4], b"a.md");
        bytes[at] = b'b';
        let stored = Stored::decode(bytes);
        assert_eq!(stored.len(), 1);
        assert_eq!(stored.get::<Vec<String>>("b.md", 7), None);
    }

    #[test]
    fn damage_is_never_trusted() {
        let a = vec!["alpha".to_string(); 40];
        let b = vec!["beta".to_string(); 40];
        let bytes = written(&Stored::default(), &[("a.md", 1, &a), ("b.md", 2, &b)]);
        // Every byte changed in turn: a result comes back as written or not at all.
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5a;
            let stored = Stored::decode(damaged);
            for (name, key, value) in [("a.md", 1, &a), ("b.md", 2, &b)] {
                if let Some(back) = stored.get::<Vec<String>>(name, key) {
                    assert_eq!(&back, value, "byte {at} changed");
                }
            }
        }
        // Cut short anywhere: the frames before the cut are kept, the rest is not there.
        for len in 0..bytes.len() {
            let stored = Stored::decode(bytes[..len].to_vec());
            assert!(stored.len() <= 1, "cut at {len}");
            if let Some(back) = stored.get::<Vec<String>>("a.md", 1) {
                assert_eq!(back, a);
            }
            assert_eq!(stored.get::<Vec<String>>("b.md", 2), None, "cut at {len}");
        }
    }
}
