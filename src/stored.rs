//! Stored results: what a build made of its files (content and program files parsed, pages
//! rendered), encoded so that a later process can take them back instead of making them again
//! (the pipeline keeps them in the site's cache folder). A result is stored under a name (a
//! file's path) with a key (a hash of everything it was made from) and is given back only for
//! the same key; each is checksummed, so that a damaged result is made again rather than
//! trusted. The format is matchpress's own and changes with it: the cache folder says which
//! matchpress wrote it.
//!
//! One result's frame: the name's length, the key, the checksum (of the name, the key and the
//! encoded result), the result's length and its tail's length (five little-endian `u64`s), the
//! name, the result, encoded with `postcard` (compact, and fast to read back), then its tail:
//! the long texts of the result (`Text`, a page's rendered HTML), each in the result as where
//! it is in the tail, its length and its own checksum. Reading a file of results leaves the
//! tails where they are: a text is read from the file when it is first asked for (see
//! `Text`), and a build after one edit asks for a few of thousands.

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

    /// What the first `len` bytes of `file` hold (see `Stored::read`).
    pub fn read(file: std::fs::File, len: u64) -> Self {
        Self {
            stored: Stored::read(file, len),
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
const FRAME: usize = 5 * 8;

/// The shortest text that a frame keeps in its tail rather than in its result: any page's
/// HTML but an empty one's (a guide's is 5 to 50 KB).
const OUT_OF_LINE: usize = 64;

/// How many results an encoding thread writes at once.
const BATCH: usize = 32;

/// Where a result is stored: its key, its frame's bytes, and whether its value matches its
/// checksum (found out the first time it is asked for: a build after one edit asks for every
/// result when it decodes them, and again when it stores them).
#[derive(Debug)]
struct Frame {
    key: u64,
    /// Its fixed part, name and result in `Stored::bytes`.
    range: Range<usize>,
    /// Where its tail starts: in `Stored::bytes`, or in the file when the results were read
    /// from one (`Stored::read`).
    tail_at: u64,
    tail_len: u64,
    intact: std::sync::OnceLock<bool>,
}

/// Results as a previous process stored them, by name: each decoded when asked for.
#[derive(Debug, Default)]
pub struct Stored {
    frames: HashMap<String, Frame>,
    /// The frames (without their tails when `file` is there): shared with the `Text`s of the
    /// results decoded from them.
    bytes: Arc<Vec<u8>>,
    /// The file the frames were read from, which holds their tails.
    file: Option<Arc<Source>>,
    /// The length of what was read, every frame's tail included.
    total: u64,
}

/// A file of results, left open for the texts of their tails (see `Text`).
#[derive(Debug)]
pub struct Source {
    file: std::fs::File,
    /// Whether a text asked for was not as stored (the file changed or was damaged since it
    /// was read): what was made from it is not to be trusted.
    damaged: std::sync::atomic::AtomicBool,
    /// Reads one at a time where positional reads are not there.
    #[cfg(not(any(unix, windows)))]
    lock: std::sync::Mutex<()>,
}

impl Source {
    /// Whether a text asked for from this file was not as stored (see `Text`): then every
    /// output made since it was read may hold an empty text in its place.
    pub fn damaged(&self) -> bool {
        self.damaged.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The `len` bytes at `at`, if they are there.
    fn read_at(&self, at: u64, len: u64) -> Option<Vec<u8>> {
        let mut buf = vec![0; usize::try_from(len).ok()?];
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt as _;
            self.file.read_exact_at(&mut buf, at).ok()?;
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt as _;
            let mut done = 0;
            while done < buf.len() {
                let n = self
                    .file
                    .seek_read(&mut buf[done..], at + done as u64)
                    .ok()?;
                if n == 0 {
                    return None;
                }
                done += n;
            }
        }
        #[cfg(not(any(unix, windows)))]
        {
            use std::io::{Read as _, Seek as _};
            let _one = self.lock.lock().ok()?;
            let mut file = &self.file;
            file.seek(std::io::SeekFrom::Start(at)).ok()?;
            file.read_exact(&mut buf).ok()?;
        }
        Some(buf)
    }
}

impl Stored {
    /// The results framed in `bytes` (what `write` wrote, and `write_new` after it; of two
    /// frames of one name, the last). A frame that does not hold together ends the list; a
    /// result that does not match its checksum is found when it is asked for.
    pub fn decode(bytes: Vec<u8>) -> Self {
        let mut frames = HashMap::default();
        let mut at = 0;
        while let Some(head) = Head::read(&bytes, at) {
            let Some((name, range, tail_len)) = head.frame(&bytes[at..], at) else {
                break;
            };
            let tail_at = range.end as u64;
            at = range.end + tail_len;
            frames.insert(
                name,
                Frame {
                    key: head.key,
                    range,
                    tail_at,
                    tail_len: tail_len as u64,
                    intact: std::sync::OnceLock::new(),
                },
            );
        }
        Self {
            frames,
            // What no frame read holds (after damage) counts as unused (see `appendable`).
            total: bytes.len() as u64,
            bytes: Arc::new(bytes),
            file: None,
        }
    }

    /// The results framed in the first `len` bytes of `file` (as `decode`), read without
    /// their tails, which stay in the file (see `Text`): at 10,000 guides, 44 MB read instead
    /// of 164 MB.
    pub fn read(file: std::fs::File, len: u64) -> Self {
        use std::io::Read as _;
        let mut frames = HashMap::default();
        let mut bytes = Vec::new();
        // Room for the whole file, reserved and not touched: the frames without their tails
        // fill a part of it (a quarter at 10,000 guides), and the bytes never move while
        // they grow (growing by doubling copied what was read, again and again, into fresh
        // memory the system zeroes first: twice the bytes kept, touched). Left unreserved
        // when the system refuses the room (a file of a size no build writes).
        if let Ok(room) = usize::try_from(len) {
            let _ = bytes.try_reserve_exact(room);
        }
        let mut reader = std::io::BufReader::with_capacity(64 << 10, &file);
        let mut at = 0u64;
        let mut head = [0u8; FRAME];
        while at < len && reader.read_exact(&mut head).is_ok() {
            let Some(head) = Head::read(&head, 0) else {
                break;
            };
            let Some(size) = head.name_len.checked_add(head.len) else {
                break;
            };
            let Some(tail_at) = FRAME
                .checked_add(size)
                .and_then(|n| u64::try_from(n).ok())
                .and_then(|n| at.checked_add(n))
            else {
                break;
            };
            let Some(end) = tail_at.checked_add(head.tail_len).filter(|end| *end <= len) else {
                break;
            };
            let start = bytes.len();
            bytes.extend_from_slice(&head.raw);
            bytes.resize(start + FRAME + size, 0);
            if reader.read_exact(&mut bytes[start + FRAME..]).is_err() {
                bytes.truncate(start);
                break;
            }
            let name_range = start + FRAME..start + FRAME + head.name_len;
            let Ok(name) = std::str::from_utf8(&bytes[name_range]) else {
                bytes.truncate(start);
                break;
            };
            let name = name.to_string();
            // Past the tail: within what was read ahead, or by a seek.
            let skip = i64::try_from(head.tail_len).unwrap_or(i64::MAX);
            if reader.seek_relative(skip).is_err() {
                bytes.truncate(start);
                break;
            }
            frames.insert(
                name,
                Frame {
                    key: head.key,
                    range: start..bytes.len(),
                    tail_at,
                    tail_len: head.tail_len,
                    intact: std::sync::OnceLock::new(),
                },
            );
            at = end;
        }
        Self {
            frames,
            total: len,
            bytes: Arc::new(bytes),
            file: Some(Arc::new(Source {
                file,
                damaged: std::sync::atomic::AtomicBool::new(false),
                #[cfg(not(any(unix, windows)))]
                lock: std::sync::Mutex::new(()),
            })),
        }
    }

    /// The file the results were read from (`read`), which the texts of their tails are read
    /// from when asked for.
    pub fn source(&self) -> Option<&Arc<Source>> {
        self.file.as_ref()
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
        let frame = self.frames.get(name)?;
        let tail = match &self.file {
            Some(file) => Tail::File {
                file: Arc::clone(file),
                at: frame.tail_at,
                len: frame.tail_len,
            },
            None => Tail::Bytes(
                usize::try_from(frame.tail_at).ok()?
                    ..usize::try_from(frame.tail_at + frame.tail_len).ok()?,
            ),
        };
        let _decoding = Decoding::from(Context {
            bytes: Arc::clone(&self.bytes),
            tail,
        });
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
                Some(frame) if frame.key == *key => {
                    used += frame.range.len() as u64 + frame.tail_len;
                }
                _ => new += 1,
            }
        }
        new * 8 <= results.len() && (self.total.saturating_sub(used)) * 4 < self.total
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

    /// Append the frame of `result` to `batch`: its long texts in its tail (see `Text`).
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
        batch.extend_from_slice(&[0; 24]);
        batch.extend_from_slice(name.as_bytes());
        let value_start = batch.len();
        let stored = self
            .value(name, key)
            .zip(self.frames.get(name))
            .and_then(|(value, frame)| Some((value, self.tail(frame)?)));
        let tail = if let Some((value, tail)) = stored {
            batch.extend_from_slice(value);
            tail
        } else {
            let _outline = Outline::start();
            postcard::to_io(result, &mut *batch).map_err(std::io::Error::other)?;
            std::borrow::Cow::Owned(Outline::take())
        };
        let checksum = checksum(name, key, &batch[value_start..]);
        let len = (batch.len() - value_start) as u64;
        batch[start + 16..start + 24].copy_from_slice(&checksum.to_le_bytes());
        batch[start + 24..start + 32].copy_from_slice(&len.to_le_bytes());
        batch[start + 32..start + 40].copy_from_slice(&(tail.len() as u64).to_le_bytes());
        batch.extend_from_slice(&tail);
        Ok(())
    }

    /// The tail of `frame`, as stored (from the file it stayed in, when there is one).
    fn tail(&self, frame: &Frame) -> Option<std::borrow::Cow<'_, [u8]>> {
        if let Some(file) = &self.file {
            return file.read_at(frame.tail_at, frame.tail_len).map(Into::into);
        }
        let at = usize::try_from(frame.tail_at).ok()?;
        let len = usize::try_from(frame.tail_len).ok()?;
        self.bytes.get(at..at.checked_add(len)?).map(Into::into)
    }
}

/// A frame's fixed part, read.
struct Head {
    raw: [u8; FRAME],
    name_len: usize,
    key: u64,
    len: usize,
    tail_len: u64,
}

impl Head {
    /// The fixed part at `at` of `bytes`, if it is all there.
    fn read(bytes: &[u8], at: usize) -> Option<Self> {
        let raw: [u8; FRAME] = bytes.get(at..at.checked_add(FRAME)?)?.try_into().ok()?;
        let word =
            |i: usize| u64::from_le_bytes(raw[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        Some(Self {
            name_len: usize::try_from(word(0)).ok()?,
            key: word(1),
            len: usize::try_from(word(3)).ok()?,
            tail_len: word(4),
            raw,
        })
    }

    /// The frame this is the fixed part of, at the start of `rest` (which is at `offset` of
    /// the bytes): its name, the range of its fixed part, name and result, and its tail's
    /// length; `None` when it does not hold together.
    fn frame(&self, rest: &[u8], offset: usize) -> Option<(String, Range<usize>, usize)> {
        let tail_len = usize::try_from(self.tail_len).ok()?;
        let value_end = FRAME.checked_add(self.name_len)?.checked_add(self.len)?;
        if value_end.checked_add(tail_len)? > rest.len() {
            return None;
        }
        let name = std::str::from_utf8(&rest[FRAME..FRAME + self.name_len]).ok()?;
        Some((name.to_string(), offset..offset + value_end, tail_len))
    }
}

thread_local! {
    /// Where the result this thread is decoding comes from.
    static DECODING: RefCell<Option<Context>> = const { RefCell::new(None) };
    /// The tail of the frame this thread is encoding a result for.
    static OUTLINE: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Where a result being decoded comes from: the stored bytes, and its frame's tail.
struct Context {
    bytes: Arc<Vec<u8>>,
    tail: Tail,
}

/// Where a frame's tail is.
enum Tail {
    /// In the stored bytes.
    Bytes(Range<usize>),
    /// In the file the frames were read from.
    File {
        file: Arc<Source>,
        at: u64,
        len: u64,
    },
}

/// `DECODING` set for as long as it lives (then as it was before).
struct Decoding(Option<Context>);

impl Decoding {
    fn from(context: Context) -> Self {
        Self(DECODING.with(|d| d.borrow_mut().replace(context)))
    }
}

impl Drop for Decoding {
    fn drop(&mut self) {
        let before = self.0.take();
        DECODING.with(|d| *d.borrow_mut() = before);
    }
}

/// `OUTLINE` set, empty, for as long as it lives (then as it was before).
struct Outline(Option<Vec<u8>>);

impl Outline {
    fn start() -> Self {
        Self(OUTLINE.with(|o| o.borrow_mut().replace(Vec::new())))
    }

    /// The tail written since `start`.
    fn take() -> Vec<u8> {
        OUTLINE.with(|o| {
            o.borrow_mut()
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default()
        })
    }
}

impl Drop for Outline {
    fn drop(&mut self) {
        let before = self.0.take();
        OUTLINE.with(|o| *o.borrow_mut() = before);
    }
}

/// A text as a frame's result holds it: in the result, or in the frame's tail (where it
/// starts, its length, and its checksum).
#[derive(Serialize, serde::Deserialize)]
enum Wire<'a> {
    In(&'a str),
    Out { at: u64, len: u64, digest: u64 },
}

/// A text of a result that stays where it was stored, where it can, instead of being copied
/// out: a page's rendered HTML is most of what the cache holds, and a build after one edit
/// uses the HTML of a few pages out of thousands. A long text read with its results from a
/// file (`Stored::read`) is read from there when it is first asked for, and checked against
/// its checksum; a text that is not as it was stored reads as empty, and marks its file as
/// damaged (`Source::damaged`), for the build to be made again without the cache. Made from a
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
    /// A text left in a file, read when first asked for.
    Away(Arc<Away>),
}

/// A text left in the file of results it was stored in.
struct Away {
    file: Arc<Source>,
    at: u64,
    len: u64,
    digest: u64,
    read: std::sync::OnceLock<String>,
}

impl Away {
    /// The text, read from its file now; `None` (and the file marked damaged) when it is not
    /// as it was stored.
    fn load(&self) -> Option<String> {
        let text = self
            .file
            .read_at(self.at, self.len)
            .filter(|bytes| xxhash_rust::xxh3::xxh3_64(bytes) == self.digest)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if text.is_none() {
            self.file
                .damaged
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        text
    }

    fn text(&self) -> &str {
        self.read.get_or_init(|| self.load().unwrap_or_default())
    }
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
            Repr::Away(away) => away.text(),
        }
    }

    /// The text's bytes, without the check that they are UTF-8 that reading them as a `str`
    /// costs (they are: they were when decoded, and never change).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Own(text) => text.as_bytes(),
            Repr::Stored { bytes, range } => bytes.get(range.clone()).unwrap_or_default(),
            Repr::Away(away) => away.text().as_bytes(),
        }
    }

    /// `f` of the text; a text left in its file is read for it and not kept (for what reads
    /// every page once, like the search index, which would otherwise keep them all).
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.0 {
            Repr::Away(away) if away.read.get().is_none() => f(&away.load().unwrap_or_default()),
            _ => f(self.as_str()),
        }
    }

    /// The text's XXH3 hash, without reading it when it was left in its file.
    pub fn digest(&self) -> u64 {
        match &self.0 {
            Repr::Away(away) => away.digest,
            _ => xxhash_rust::xxh3::xxh3_64(self.as_bytes()),
        }
    }

    /// Whether the text is kept where it was stored rather than in a string of its own.
    pub fn is_stored(&self) -> bool {
        match &self.0 {
            Repr::Own(_) => false,
            Repr::Stored { .. } => true,
            Repr::Away(away) => away.read.get().is_none(),
        }
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
        // In a frame's result: a long text goes to the frame's tail.
        let wire = OUTLINE.with(|o| {
            let mut o = o.borrow_mut();
            let tail = o.as_mut()?;
            let bytes = self.as_bytes();
            if bytes.len() < OUT_OF_LINE {
                return Some(None);
            }
            let at = tail.len() as u64;
            tail.extend_from_slice(bytes);
            Some(Some((at, bytes.len() as u64, self.digest())))
        });
        match wire {
            None => serializer.serialize_str(self.as_str()),
            Some(None) => Wire::In(self.as_str()).serialize(serializer),
            Some(Some((at, len, digest))) => Wire::Out { at, len, digest }.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if DECODING.with(|d| d.borrow().is_none()) {
            return deserializer.deserialize_str(TextVisitor);
        }
        match Wire::deserialize(deserializer)? {
            Wire::In(text) => Ok(within(text).unwrap_or_else(|| Text::from(text.to_string()))),
            Wire::Out { at, len, digest } => out_of_line(at, len, digest).ok_or_else(|| {
                serde::de::Error::custom("a text past its frame's tail, or damaged")
            }),
        }
    }
}

/// `text`, borrowed from the stored bytes this thread is decoding, left there.
fn within(text: &str) -> Option<Text> {
    DECODING.with(|d| {
        let d = d.borrow();
        let bytes = &d.as_ref()?.bytes;
        let start = text.as_ptr().addr().checked_sub(bytes.as_ptr().addr())?;
        let range = start..start.checked_add(text.len())?;
        (range.end <= bytes.len()).then(|| {
            Text(Repr::Stored {
                bytes: Arc::clone(bytes),
                range,
            })
        })
    })
}

/// The text at `at` of the tail of the frame this thread is decoding, `len` bytes long, with
/// `digest`: in the stored bytes (checked now), or left in the file.
fn out_of_line(at: u64, len: u64, digest: u64) -> Option<Text> {
    DECODING.with(|d| {
        let d = d.borrow();
        let context = d.as_ref()?;
        match &context.tail {
            Tail::Bytes(tail) => {
                let start = tail.start.checked_add(usize::try_from(at).ok()?)?;
                let range = start..start.checked_add(usize::try_from(len).ok()?)?;
                let bytes = context
                    .bytes
                    .get(range.clone())
                    .filter(|_| range.end <= tail.end)?;
                if xxhash_rust::xxh3::xxh3_64(bytes) != digest
                    || std::str::from_utf8(bytes).is_err()
                {
                    return None;
                }
                Some(Text(Repr::Stored {
                    bytes: Arc::clone(&context.bytes),
                    range,
                }))
            }
            Tail::File {
                file,
                at: tail_at,
                len: tail_len,
            } => {
                if at.checked_add(len)? > *tail_len {
                    return None;
                }
                Some(Text(Repr::Away(Arc::new(Away {
                    file: Arc::clone(file),
                    at: tail_at.checked_add(at)?,
                    len,
                    digest,
                    read: std::sync::OnceLock::new(),
                }))))
            }
        }
    })
}

struct TextVisitor;

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
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

    /// `results` written to a file, and the file.
    fn in_a_file(results: &[(&str, u64, &Vec<Text>)]) -> (tempfile::NamedTempFile, u64) {
        let mut file = tempfile::NamedTempFile::new().expect("the test's file system works");
        Stored::default()
            .write(results, file.as_file_mut())
            .expect("the test's file system works");
        let len = file.as_file().metadata().expect("a file").len();
        (file, len)
    }

    fn long(n: usize) -> Text {
        Text::from(format!("<p>{}</p>", "word ".repeat(n)))
    }

    #[test]
    fn long_texts_stay_in_their_file_until_asked_for() {
        let texts = vec![long(300), Text::from("short".to_string()), long(40)];
        let others = vec![long(500)];
        let (file, len) = in_a_file(&[("a.md", 1, &texts), ("b.md", 2, &others)]);
        let reopened = || std::fs::File::open(file.path()).expect("the file is there");
        let stored = Stored::read(reopened(), len);
        assert_eq!(stored.len(), 2);
        // The long texts were not read: what is held is the frames without their tails.
        assert!(
            stored.bytes.len() < 200,
            "{} bytes held of {len}",
            stored.bytes.len()
        );
        let back: Vec<Text> = stored.get("a.md", 1).expect("stored");
        assert!(back.iter().all(Text::is_stored));
        assert_eq!(back[0].digest(), texts[0].digest(), "known without reading");
        assert!(back[0].is_stored(), "the hash did not read it");
        // Read for one use and not kept, then read and kept.
        assert_eq!(back[0].with_str(str::len), texts[0].len());
        assert!(back[0].is_stored(), "read once, not kept");
        assert_eq!(back, texts);
        assert!(!back[0].is_stored(), "read and kept");
        assert!(!stored.source().expect("read from a file").damaged());
        // Written again whole from what was read: the tails are copied from the file.
        let again = Stored::decode(written_texts(&stored, &texts));
        assert_eq!(again.get::<Vec<Text>>("a.md", 1), Some(texts.clone()));
        // And from bytes in memory, the same texts, kept in those bytes.
        let bytes = std::fs::read(file.path()).expect("the file is there");
        let decoded = Stored::decode(bytes);
        let back: Vec<Text> = decoded.get("a.md", 1).expect("stored");
        assert_eq!(back, texts);
        assert!(back.iter().all(Text::is_stored));
        assert_eq!(decoded.get::<Vec<Text>>("b.md", 2), Some(others));
    }

    #[test]
    fn a_text_damaged_in_its_file_reads_empty_and_says_so() {
        let texts = vec![long(300)];
        let (file, len) = in_a_file(&[("a.md", 1, &texts)]);
        let stored = Stored::read(std::fs::File::open(file.path()).expect("a file"), len);
        let back: Vec<Text> = stored.get("a.md", 1).expect("stored");
        // Changed after it was read (its frame's checksum does not cover it).
        let mut bytes = std::fs::read(file.path()).expect("a file");
        let at = bytes.len() - 10;
        bytes[at] = b'X';
        std::fs::write(file.path(), &bytes).expect("the test's file system works");
        let source = stored.source().expect("read from a file");
        assert!(!source.damaged());
        assert_eq!(back[0].as_str(), "");
        assert!(source.damaged());
        // Damaged before it is read: every byte of the tail changed in turn, decoded from
        // memory; the text is as written, or the result is not there.
        let clean = std::fs::read(file.path()).map(|mut b| {
            b[at] = texts[0].as_bytes()[texts[0].len() - 10];
            b
        });
        let clean = clean.expect("a file");
        for at in 0..clean.len() {
            let mut damaged = clean.clone();
            damaged[at] ^= 0x21;
            if let Some(back) = Stored::decode(damaged).get::<Vec<Text>>("a.md", 1) {
                assert_eq!(back, texts, "byte {at} changed");
            }
        }
    }

    #[test]
    fn a_damaged_file_read_in_parts_gives_results_as_written_or_none() {
        let a = vec![long(60), Text::from("short".to_string())];
        let b = vec![long(30)];
        let (file, len) = in_a_file(&[("a.md", 1, &a), ("b.md", 2, &b)]);
        let clean = std::fs::read(file.path()).expect("a file");
        let damaged_file = tempfile::NamedTempFile::new().expect("the test's file system works");
        for at in 0..clean.len() {
            for flip in [0x5a, 0xff] {
                let mut damaged = clean.clone();
                damaged[at] ^= flip;
                std::fs::write(damaged_file.path(), &damaged)
                    .expect("the test's file system works");
                let open = std::fs::File::open(damaged_file.path()).expect("a file");
                let stored = Stored::read(open, len);
                for (name, key, value) in [("a.md", 1, &a), ("b.md", 2, &b)] {
                    if let Some(back) = stored.get::<Vec<Text>>(name, key) {
                        let read: Vec<String> =
                            back.iter().map(|t| t.as_str().to_string()).collect();
                        let same = read.iter().zip(value.iter()).all(|(r, v)| r == v.as_str());
                        let damage_seen = stored.source().is_some_and(|s| s.damaged());
                        assert!(same || damage_seen, "byte {at} ^ {flip:#x}: {name}");
                    }
                }
            }
        }
        // Words of the fixed part that name lengths past the end, or that overflow when added.
        for word in [0, 3, 4] {
            let mut damaged = clean.clone();
            damaged[word * 8..word * 8 + 8].copy_from_slice(&u64::MAX.to_le_bytes());
            std::fs::write(damaged_file.path(), &damaged).expect("the test's file system works");
            let open = std::fs::File::open(damaged_file.path()).expect("a file");
            assert_eq!(Stored::read(open, len).len(), 0, "word {word}");
        }
    }
}
