//! A page's context as it is built. A context is either rendered (Tera values) or only hashed:
//! every value is then fed to a hash as it is inserted, so two contexts with the same hash
//! render the same page (templates read nothing else), without building Tera's values.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

/// Named values for one template, and their hash.
#[derive(Clone)]
pub struct Ctx {
    /// The hash of the values, when the context is only hashed.
    hasher: Option<Xxh3>,
    /// The values, unless the context is only hashed.
    values: Option<Vec<(Cow<'static, str>, tera::Value)>>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("hash", &self.hash())
            .finish_non_exhaustive()
    }
}

impl Ctx {
    /// An empty context; `hash_only` skips building the values.
    pub(super) fn new(hash_only: bool) -> Self {
        Self {
            hasher: hash_only.then(Xxh3::new),
            values: (!hash_only).then(Vec::new),
        }
    }

    /// A context holding the fields of `value` (a struct) at its top level.
    pub(super) fn from_fields<T: Serialize + ?Sized>(value: &T, hash_only: bool) -> Self {
        let mut ctx = Self::new(hash_only);
        ctx.feed("", value);
        if let Some(values) = &mut ctx.values
            && let Some(map) = tera::Value::try_from_serializable(value)
                .ok()
                .and_then(tera::Value::into_map)
        {
            // In name order (Tera's maps have none), so that `fingerprint` is the same in
            // every process.
            let mut fields: Vec<(String, tera::Value)> = map
                .into_iter()
                .filter_map(|(key, value)| Some((key.as_str()?.to_string(), value)))
                .collect();
            fields.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for (name, value) in fields {
                values.push((Cow::Owned(name), value));
            }
        }
        ctx
    }

    /// Add `value` under `key`.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.feed(key, value);
        if let Some(values) = &mut self.values {
            let value = tera::Value::try_from_serializable(value).unwrap_or_else(|_| {
                // Our context types serialize to plain values; this would be a bug.
                tera::Value::none()
            });
            values.push((Cow::Borrowed(key), value));
        }
    }

    /// The hash of everything inserted so far, for a context built only to be hashed.
    pub fn hash(&self) -> Option<u64> {
        self.hasher.as_ref().map(Xxh3::digest)
    }

    /// A hash of the context, whether it was built to be rendered or only hashed: two
    /// contexts of one kind with the same fingerprint render the same page. (The two kinds
    /// give different fingerprints for one context: compare like with like.) A rendered
    /// context's Tera values are walked, not serialized: cheap next to rendering.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Xxh3::new();
        if let Some(hasher) = &self.hasher {
            h.update(&hasher.digest().to_le_bytes());
        }
        for (key, value) in self.values.iter().flatten() {
            h.update(key.as_bytes());
            h.update(&[0]);
            feed_value(&mut h, value);
        }
        h.digest()
    }

    /// The context to render with (empty for a context that was only hashed).
    pub fn into_tera(self) -> tera::Context {
        let mut context = tera::Context::new();
        for (key, value) in self.values.into_iter().flatten() {
            context.insert_value(key, value);
        }
        context
    }

    fn feed<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Some(hasher) = &mut self.hasher {
            hasher.update(key.as_bytes());
            hasher.update(&[0]);
            // Writing into a hasher cannot fail, and our values always serialize.
            let _ = serde_json::to_writer(HashWriter(hasher), value);
            hasher.update(&[0]);
        }
    }
}

/// Feed `h` a Tera value: its kind and what it holds (a string's safety too, which decides
/// whether it is escaped). A map's entries are summed, each hashed alone, because Tera's maps
/// keep no order.
fn feed_value(h: &mut Xxh3, value: &tera::Value) {
    use std::hash::Hash as _;
    use tera::value::ValueKind;
    let kind = value.kind();
    h.update(&[kind as u8]);
    match kind {
        ValueKind::String => {
            h.update(&[u8::from(value.is_safe())]);
            let text = value.as_str().unwrap_or_default();
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            h.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                feed_value(h, item);
            }
        }
        ValueKind::Map => {
            let mut sum = 0u64;
            let mut len = 0u64;
            for (key, item) in value.as_map().into_iter().flatten() {
                let mut entry = Xxh3::new();
                key.hash(&mut entry);
                feed_value(&mut entry, item);
                sum = sum.wrapping_add(entry.digest());
                len += 1;
            }
            h.update(&len.to_le_bytes());
            h.update(&sum.to_le_bytes());
        }
        ValueKind::Bytes => {
            let bytes = value.as_bytes().unwrap_or_default();
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        ValueKind::Bool => h.update(&[u8::from(value.as_bool().unwrap_or_default())]),
        ValueKind::F64 => h.update(&value.as_f64().unwrap_or_default().to_bits().to_le_bytes()),
        ValueKind::U64 | ValueKind::U128 => {
            h.update(&value.as_u128().unwrap_or_default().to_le_bytes());
        }
        ValueKind::I64 | ValueKind::I128 => {
            h.update(&value.as_i128().unwrap_or_default().to_le_bytes());
        }
        // None and undefined: the kind says it all.
        _ => {}
    }
}

/// Feeds what is written into a hasher.
pub(super) struct HashWriter<'h>(pub(super) &'h mut Xxh3);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Serialize)]
    struct Fields {
        title: String,
        count: u64,
        share: f64,
        tags: Vec<String>,
        extra: BTreeMap<String, String>,
    }

    fn fields() -> Fields {
        Fields {
            title: "A guide".to_string(),
            count: 3,
            share: 41.7,
            tags: vec!["visas".to_string(), "Step 2 CK".to_string()],
            extra: (0..40)
                .map(|i| (format!("key{i}"), format!("v{i}")))
                .collect(),
        }
    }

    fn fingerprint(change: impl FnOnce(&mut Fields), insert: Option<&str>) -> u64 {
        let mut fields = fields();
        change(&mut fields);
        let mut ctx = Ctx::from_fields(&fields, false);
        if let Some(text) = insert {
            ctx.insert("body", &tera::Value::safe_string(text));
        }
        ctx.fingerprint()
    }

    #[test]
    fn a_fingerprint_is_the_values_and_nothing_else() {
        let unchanged = fingerprint(|_| (), None);
        // Built again (Tera's maps are in another order each time): the same.
        for _ in 0..20 {
            assert_eq!(fingerprint(|_| (), None), unchanged);
        }
        let changes: [&dyn Fn(&mut Fields); 6] = [
            &|f| f.title.push('!'),
            &|f| f.count += 1,
            &|f| f.share = 41.6,
            &|f| f.tags.swap(0, 1),
            &|f| {
                f.extra.insert("key3".to_string(), "other".to_string());
            },
            &|f| {
                f.extra.remove("key39");
            },
        ];
        for (i, change) in changes.iter().enumerate() {
            assert_ne!(fingerprint(change, None), unchanged, "change {i}");
        }
        // Safe (not escaped) and plain text of the same characters render differently.
        let marked_safe = fingerprint(|_| (), Some("<b>x</b>"));
        let mut ctx = Ctx::from_fields(&fields(), false);
        ctx.insert("body", "<b>x</b>");
        assert_ne!(ctx.fingerprint(), marked_safe);
    }
}
