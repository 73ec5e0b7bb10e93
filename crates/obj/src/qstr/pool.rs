//! The RAM pool of qstrs created at run time.
//!
//! Text is appended to chunks that never move once allocated, so a qstr's
//! bytes stay valid for the pool's lifetime and lookups can hand out slices.
//! Memory comes from Rust `alloc` with fallible reservation: on the boards
//! `alloc` is the GC heap's manual allocations (one RAM pool), and running
//! out is reported as [`PoolFull`], which the runtime raises as `MemoryError`.

extern crate alloc;

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::UnsafeCell;

use super::{Qstr, find_static, hash_bytes, static_count, static_hash, static_str};

/// Interning failed for lack of memory (or the index space is exhausted).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PoolFull;

/// Smallest chunk of text storage.
const MIN_CHUNK: usize = 128;

struct Entry {
    ptr: *const u8,
    len: u32,
    hash: u32,
}

#[derive(Default)]
struct Inner {
    chunks: Vec<Box<[u8]>>,
    /// Bytes used in the last chunk.
    used: usize,
    entries: Vec<Entry>,
    /// Open-addressed hash index: `entry + 1`, or 0 for empty.
    index: Vec<u32>,
}

/// The interned-string table: the static table plus this RAM pool.
#[derive(Default)]
pub struct QstrPool {
    inner: UnsafeCell<Inner>,
}

impl QstrPool {
    /// An empty pool.
    pub fn new() -> QstrPool {
        QstrPool::default()
    }

    fn inner(&self) -> &Inner {
        // SAFETY: `&mut Inner` is only formed inside `intern`, which calls
        // nothing that could reach back into the pool, and the pool is not
        // `Sync`; so no `&mut` is alive while this shared borrow is used.
        unsafe { &*self.inner.get() }
    }

    /// The qstr for `bytes`, interning it if new.
    pub fn intern(&self, bytes: &[u8]) -> Result<Qstr, PoolFull> {
        let hash = hash_bytes(bytes);
        if let Some(q) = self.find_hashed(bytes, hash) {
            return Ok(q);
        }
        // SAFETY: see `inner`: this is the only `&mut` to the pool's state,
        // and nothing below calls back into the pool.
        let inner = unsafe { &mut *self.inner.get() };
        inner.add(bytes, hash, true)
    }

    /// As [`QstrPool::intern`] for text that lives as long as the program
    /// (in flash: the names of frozen modules). A new qstr points at
    /// `bytes` instead of copying them, so it costs only its entry (pointer,
    /// length and hash: 12 bytes on the boards, 16 on hosts) and its slot in
    /// the hash index (4 bytes, kept at most half full).
    pub fn intern_static(&self, bytes: &'static [u8]) -> Result<Qstr, PoolFull> {
        let hash = hash_bytes(bytes);
        if let Some(q) = self.find_hashed(bytes, hash) {
            return Ok(q);
        }
        // SAFETY: as in `intern`.
        let inner = unsafe { &mut *self.inner.get() };
        inner.add(bytes, hash, false)
    }

    /// The qstr for `bytes` if it is already interned.
    pub fn find(&self, bytes: &[u8]) -> Option<Qstr> {
        self.find_hashed(bytes, hash_bytes(bytes))
    }

    fn find_hashed(&self, bytes: &[u8], hash: u32) -> Option<Qstr> {
        find_static(bytes, hash).or_else(|| self.inner().find(bytes, hash))
    }

    /// The text of a qstr, static or pooled; `None` for an unknown index.
    pub fn text(&self, q: Qstr) -> Option<&[u8]> {
        if q.is_static() {
            return static_str(q);
        }
        let entry = self
            .inner()
            .entries
            .get(q.index() as usize - static_count())?;
        // SAFETY: `ptr..ptr+len` was copied into a chunk that is never freed
        // or moved while the pool lives (chunks are boxed slices that are only
        // ever appended to the chunk list), or is `'static` text given to
        // `intern_static`.
        Some(unsafe { core::slice::from_raw_parts(entry.ptr, entry.len as usize) })
    }

    /// The hash of a qstr's text.
    pub fn hash(&self, q: Qstr) -> Option<u32> {
        if q.is_static() {
            return static_hash(q);
        }
        Some(
            self.inner()
                .entries
                .get(q.index() as usize - static_count())?
                .hash,
        )
    }

    /// Number of qstrs in the RAM pool.
    pub fn len(&self) -> usize {
        self.inner().entries.len()
    }

    /// Whether the RAM pool is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `(number of qstrs, bytes of text, bytes allocated in total)` of the
    /// RAM pool, for `micropython.qstr_info()`.
    pub fn stats(&self) -> (usize, usize, usize) {
        let inner = self.inner();
        let text: usize = inner.entries.iter().map(|e| e.len as usize).sum();
        let chunks: usize = inner.chunks.iter().map(|c| c.len()).sum();
        let tables = inner.entries.capacity() * size_of::<Entry>()
            + inner.index.capacity() * size_of::<u32>();
        (inner.entries.len(), text, chunks + tables)
    }
}

impl Inner {
    fn find(&self, bytes: &[u8], hash: u32) -> Option<Qstr> {
        if self.index.is_empty() {
            return None;
        }
        let mask = self.index.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let found = self.index[slot];
            if found == 0 {
                return None;
            }
            let entry = &self.entries[found as usize - 1];
            if entry.hash == hash && entry.len as usize == bytes.len() {
                // SAFETY: entries point into live, never-moving chunks.
                let text = unsafe { core::slice::from_raw_parts(entry.ptr, entry.len as usize) };
                if text == bytes {
                    return Some(Qstr::from_index(
                        (static_count() + found as usize - 1) as u32,
                    ));
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Adds `bytes`: copied into a chunk when `copy`, else referred to in
    /// place (the caller guarantees they are `'static`).
    fn add(&mut self, bytes: &[u8], hash: u32, copy: bool) -> Result<Qstr, PoolFull> {
        let index = static_count() + self.entries.len();
        if index as u64 > crate::value::repr32::QSTR_MAX as u64 || bytes.len() > u32::MAX as usize {
            return Err(PoolFull);
        }
        // Reserve everything first so a failure leaves the pool unchanged.
        self.entries.try_reserve(1).map_err(|_| PoolFull)?;
        if (self.entries.len() + 1) * 2 > self.index.len() {
            self.grow_index()?;
        }
        let ptr = if copy {
            self.store_text(bytes)?
        } else {
            bytes.as_ptr()
        };
        self.entries.push(Entry {
            ptr,
            len: bytes.len() as u32,
            hash,
        });
        self.insert_index(hash, self.entries.len() as u32);
        Ok(Qstr::from_index(index as u32))
    }

    fn store_text(&mut self, bytes: &[u8]) -> Result<*const u8, PoolFull> {
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() - self.used >= bytes.len());
        if !fits {
            let size = bytes.len().max(MIN_CHUNK);
            let mut chunk = Vec::new();
            chunk.try_reserve_exact(size).map_err(|_| PoolFull)?;
            chunk.resize(size, 0);
            self.chunks.try_reserve(1).map_err(|_| PoolFull)?;
            self.chunks.push(chunk.into_boxed_slice());
            self.used = 0;
        }
        let used = self.used;
        let chunk = self.chunks.last_mut().ok_or(PoolFull)?;
        let dest = chunk.get_mut(used..used + bytes.len()).ok_or(PoolFull)?;
        dest.copy_from_slice(bytes);
        self.used += bytes.len();
        Ok(dest.as_ptr())
    }

    fn grow_index(&mut self) -> Result<(), PoolFull> {
        let size = (self.index.len() * 2).max(16);
        let mut index = Vec::new();
        index.try_reserve_exact(size).map_err(|_| PoolFull)?;
        index.resize(size, 0);
        self.index = index;
        for i in 0..self.entries.len() {
            self.insert_index(self.entries[i].hash, i as u32 + 1);
        }
        Ok(())
    }

    fn insert_index(&mut self, hash: u32, value: u32) {
        let mask = self.index.len() - 1;
        let mut slot = hash as usize & mask;
        while self.index[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        self.index[slot] = value;
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::qstr::q;
    use alloc::format;

    #[test]
    fn static_names_are_not_duplicated() {
        let pool = QstrPool::new();
        assert_eq!(pool.intern(b"append"), Ok(q::append));
        assert!(pool.is_empty());
    }

    #[test]
    fn new_names_get_stable_indices_and_text() {
        let pool = QstrPool::new();
        let mut made = alloc::vec::Vec::new();
        for i in 0..1000 {
            let name = format!("name_{i}_{}", "x".repeat(i % 40));
            let q = pool.intern(name.as_bytes()).unwrap();
            assert!(!q.is_static());
            made.push((q, name));
        }
        assert_eq!(pool.len(), 1000);
        for (q, name) in &made {
            assert_eq!(
                pool.intern(name.as_bytes()),
                Ok(*q),
                "interning twice gives one qstr"
            );
            assert_eq!(pool.text(*q), Some(name.as_bytes()));
            assert_eq!(pool.hash(*q), Some(hash_bytes(name.as_bytes())));
        }
        assert_eq!(pool.find(b"never interned"), None);
        let (count, text, total) = pool.stats();
        assert_eq!(count, 1000);
        assert!(total >= text);
    }

    #[test]
    fn static_text_is_not_copied() {
        static NAME: &[u8] = b"a_frozen_name";
        let pool = QstrPool::new();
        let q = pool.intern_static(NAME).unwrap();
        assert_eq!(pool.text(q).unwrap().as_ptr(), NAME.as_ptr());
        assert_eq!(pool.intern(b"a_frozen_name"), Ok(q));
        assert!(pool.inner().chunks.is_empty(), "no text copied");
        assert_eq!(pool.intern_static(b"append"), Ok(q::append));
    }

    #[test]
    fn long_names_get_their_own_chunk() {
        let pool = QstrPool::new();
        let long = [b'z'; 1000];
        let q = pool.intern(&long).unwrap();
        assert_eq!(pool.text(q), Some(&long[..]));
        let short = pool.intern(b"after_long").unwrap();
        assert_eq!(pool.text(short), Some(&b"after_long"[..]));
    }
}
