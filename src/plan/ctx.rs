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
            for (key, value) in map {
                if let Some(name) = key.as_str() {
                    values.push((Cow::Owned(name.to_string()), value));
                }
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
