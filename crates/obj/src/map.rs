//! [`Map`]: the insertion-ordered hash map behind `dict`, module globals,
//! instance attributes and class dicts.
//!
//! Three words inline (so an empty dict or an instance is one heap block),
//! plus one table allocation in the GC heap:
//!
//! ```text
//! table: [cap][key0 value0 key1 value1 ... key(cap-1) value(cap-1)][index...]
//! ```
//!
//! Entries stay in insertion order; a deleted entry keeps its slot with a null
//! key until the next resize compacts the table. Maps of up to
//! [`LINEAR_MAX`] entries have no index and are searched linearly (for the
//! small dicts of instances and keyword arguments this is both the smallest
//! and the fastest layout); larger ones add an open-addressed index of `u8`,
//! `u16` or `u32` entry numbers after the entries. While every key is a qstr
//! (globals, attributes), keys are compared as words without hashing or
//! calling `__eq__`.

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::{AllocFlags, Heap};

use crate::error::{Exc, PyResult};
use crate::value::Value;

/// Largest capacity searched linearly, without an index.
pub const LINEAR_MAX: usize = 8;

const WORD: usize = size_of::<usize>();

/// What a map needs from the object layer: the heap for its table, and hash
/// and equality of keys (which may run Python code and raise).
pub trait MapContext {
    /// The heap tables are allocated in.
    fn heap(&self) -> &Heap;
    /// The exception to raise when the heap is exhausted.
    fn out_of_memory(&self) -> Exc;
    /// `hash(key)`.
    fn hash(&self, key: Value) -> PyResult<u32>;
    /// `a == b` for keys that are not the same word.
    fn eq(&self, a: Value, b: Value) -> PyResult<bool>;
}

/// An insertion-ordered hash map of values; see the module docs.
#[repr(C)]
pub struct Map {
    /// Live entries.
    len: Cell<usize>,
    /// Entry slots used, live or deleted.
    used: Cell<usize>,
    /// The table, or null when nothing was ever inserted. Bit 0 set means
    /// "some key is not a qstr" (tables are block-aligned, so the bit is
    /// free, and the pointer still points into the table's first block).
    table: Cell<*mut usize>,
}

// SAFETY: maps are reached only from the runtime's thread; a `Map` in a
// static (a ROM dict) is never mutated.
unsafe impl Sync for Map {}

const NOT_ALL_QSTR: usize = 1;

impl Default for Map {
    fn default() -> Self {
        Map::new()
    }
}

impl Map {
    /// An empty map; allocates nothing until the first insertion.
    pub const fn new() -> Map {
        Map {
            len: Cell::new(0),
            used: Cell::new(0),
            table: Cell::new(core::ptr::null_mut()),
        }
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether the map is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    fn table(&self) -> *mut usize {
        self.table.get().map_addr(|a| a & !NOT_ALL_QSTR)
    }

    fn all_keys_qstr(&self) -> bool {
        self.table.get().addr() & NOT_ALL_QSTR == 0
    }

    /// Capacity in entries.
    pub fn capacity(&self) -> usize {
        let table = self.table();
        if table.is_null() {
            0
        } else {
            // SAFETY: a non-null table starts with its capacity word.
            unsafe { *table }
        }
    }

    /// The key and value of entry slot `i` (`i < used`); a null key is a
    /// deleted entry.
    #[inline]
    fn slot(&self, i: usize) -> (Value, Value) {
        debug_assert!(i < self.used.get());
        // SAFETY: `i < used <= cap`, and the table holds `cap` entry pairs
        // after the capacity word.
        unsafe {
            let entry = self.table().add(1 + 2 * i).cast::<Value>();
            (*entry, *entry.add(1))
        }
    }

    #[inline]
    fn set_value(&self, i: usize, value: Value) {
        // SAFETY: as in `slot`.
        unsafe { *self.table().add(2 + 2 * i).cast::<Value>() = value }
    }

    /// Entry slots used so far (live or deleted); iterate with
    /// [`Map::entry_at`] over `0..slots()`.
    pub fn slots(&self) -> usize {
        self.used.get()
    }

    /// The live entry in slot `i`, or `None` for a deleted or missing slot.
    /// Indexing by slot keeps iteration valid while Python code runs between
    /// steps (a resize compacts slots; a `dict` iterator checks the size).
    pub fn entry_at(&self, i: usize) -> Option<(Value, Value)> {
        if i >= self.used.get() {
            return None;
        }
        let (key, value) = self.slot(i);
        if key.is_null() {
            None
        } else {
            Some((key, value))
        }
    }

    /// Looks a key up.
    pub fn get(&self, cx: &dyn MapContext, key: Value) -> PyResult<Option<Value>> {
        Ok(self.find(cx, key, None)?.map(|i| self.slot(i).1))
    }

    /// Looks up a qstr key by word comparison alone. Exact when every key is
    /// a qstr; otherwise falls back to a full lookup.
    pub fn get_qstr(&self, cx: &dyn MapContext, key: Value) -> PyResult<Option<Value>> {
        debug_assert!(key.is_qstr());
        if self.all_keys_qstr() && self.capacity() <= LINEAR_MAX {
            for i in 0..self.used.get() {
                let (k, v) = self.slot(i);
                if k == key {
                    return Ok(Some(v));
                }
            }
            return Ok(None);
        }
        self.get(cx, key)
    }

    /// The value of `key` if slot `i` holds it: the check behind the
    /// interpreter's inline caches of global lookups, which remember a slot
    /// from [`Map::get_qstr_slot`]. A stale slot (the map was resized,
    /// the entry deleted) fails the check, so the cache needs no
    /// invalidation: keys are unique, so a slot holding `key` is its entry.
    #[inline(always)]
    pub fn get_at(&self, i: usize, key: Value) -> Option<Value> {
        if i < self.used.get() {
            let (k, v) = self.slot(i);
            if k == key {
                return Some(v);
            }
        }
        None
    }

    /// Whether a qstr `key` is certainly absent: for maps whose keys are all
    /// qstrs (instance attributes), found by word comparison without running
    /// Python code; `false` (unsure) for any other map.
    #[inline]
    pub fn lacks_qstr(&self, cx: &dyn MapContext, key: Value) -> bool {
        debug_assert!(key.is_qstr());
        if self.len.get() == 0 {
            return true;
        }
        if !self.all_keys_qstr() {
            return false;
        }
        if self.capacity() <= LINEAR_MAX {
            return (0..self.used.get()).all(|i| self.slot(i).0 != key);
        }
        matches!(self.find(cx, key, None), Ok(None))
    }

    /// Replaces the value of `key` if slot `i` holds it (see
    /// [`Map::get_at`]); `false` when it does not.
    #[inline(always)]
    pub fn set_at(&self, i: usize, key: Value, value: Value) -> bool {
        if i < self.used.get() && self.slot(i).0 == key {
            self.set_value(i, value);
            return true;
        }
        false
    }

    /// Looks a key up; returns its slot (for [`Map::get_at`]) and value.
    pub fn get_slot(&self, cx: &dyn MapContext, key: Value) -> PyResult<Option<(usize, Value)>> {
        if key.is_qstr() && self.all_keys_qstr() && self.capacity() <= LINEAR_MAX {
            for i in 0..self.used.get() {
                let (k, v) = self.slot(i);
                if k == key {
                    return Ok(Some((i, v)));
                }
            }
            return Ok(None);
        }
        Ok(self.find(cx, key, None)?.map(|i| (i, self.slot(i).1)))
    }

    /// The slot of `key`; `known_hash` is the key's hash when the caller
    /// already computed it (so `insert` hashes once).
    fn find(
        &self,
        cx: &dyn MapContext,
        key: Value,
        known_hash: Option<u32>,
    ) -> PyResult<Option<usize>> {
        // `__eq__` and `__hash__` are Python code that may change this very
        // map; after each call, a changed table restarts the lookup (as
        // CPython does) instead of reading a table that may be freed.
        'restart: loop {
            let table = self.table.get();
            let cap = self.capacity();
            if cap == 0 {
                return Ok(None);
            }
            // Word equality is enough when both sides are qstrs and every key is.
            let words_only = self.all_keys_qstr() && key.is_qstr();
            if cap <= LINEAR_MAX {
                // Hashing checks hashability (a list is no key), as CPython
                // does on every lookup; qstrs and small ints always hash.
                if known_hash.is_none() && !key.is_qstr() && !key.is_small_int() {
                    cx.hash(key)?;
                    if self.table.get() != table {
                        continue 'restart;
                    }
                }
                for i in 0..self.used.get() {
                    let k = self.slot(i).0;
                    if k == key {
                        return Ok(Some(i));
                    }
                    if !words_only && !k.is_null() {
                        let equal = cx.eq(k, key)?;
                        if self.table.get() != table || i >= self.used.get() {
                            continue 'restart;
                        }
                        if equal {
                            return Ok(Some(i));
                        }
                    }
                }
                return Ok(None);
            }
            let hash = match known_hash {
                Some(h) => h,
                None => cx.hash(key)?,
            };
            if self.table.get() != table {
                continue 'restart;
            }
            let index = Index::of(self.table(), cap);
            let mut pos = hash as usize & index.mask;
            loop {
                let n = index.get(pos);
                if n == 0 {
                    return Ok(None);
                }
                let i = n - 1;
                let k = self.slot(i).0;
                if k == key {
                    return Ok(Some(i));
                }
                if !words_only && !k.is_null() {
                    let equal = cx.eq(k, key)?;
                    if self.table.get() != table {
                        continue 'restart;
                    }
                    if equal {
                        return Ok(Some(i));
                    }
                }
                pos = (pos + 1) & index.mask;
            }
        }
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&self, cx: &dyn MapContext, key: Value, value: Value) -> PyResult<Option<Value>> {
        self.insert_slot(cx, key, value).map(|(_, old)| old)
    }

    /// Inserts or replaces; returns the entry's slot (for [`Map::get_at`])
    /// and the previous value.
    pub fn insert_slot(
        &self,
        cx: &dyn MapContext,
        key: Value,
        value: Value,
    ) -> PyResult<(usize, Option<Value>)> {
        debug_assert!(!key.is_null());
        // Hash before any change, so a raising `__hash__` leaves the map as
        // it was (and unhashable keys are refused even by empty maps); the
        // lookup reuses it.
        let hash = if self.capacity() >= LINEAR_MAX
            || self.used.get() >= LINEAR_MAX
            || !(key.is_qstr() || key.is_small_int())
        {
            Some(cx.hash(key)?)
        } else {
            None
        };
        if let Some(i) = self.find(cx, key, hash)? {
            let old = self.slot(i).1;
            self.set_value(i, value);
            return Ok((i, Some(old)));
        }
        if self.used.get() == self.capacity() {
            self.resize(cx, self.grown_capacity())?;
        }
        let i = self.used.get();
        // SAFETY: `i < cap` after the resize; entries are two words each.
        unsafe {
            let entry = self.table().add(1 + 2 * i).cast::<Value>();
            *entry = key;
            *entry.add(1) = value;
        }
        self.used.set(i + 1);
        self.len.set(self.len.get() + 1);
        if !key.is_qstr() {
            self.table
                .set(self.table.get().map_addr(|a| a | NOT_ALL_QSTR));
        }
        let cap = self.capacity();
        if cap > LINEAR_MAX {
            let hash = match hash {
                Some(h) => h,
                None => cx.hash(key)?,
            };
            Index::of(self.table(), cap).insert(hash, i);
        }
        Ok((i, None))
    }

    /// Removes a key; returns its value.
    pub fn remove(&self, cx: &dyn MapContext, key: Value) -> PyResult<Option<Value>> {
        let Some(i) = self.find(cx, key, None)? else {
            return Ok(None);
        };
        let old = self.slot(i).1;
        // The index keeps pointing at the slot; a null key there reads as a
        // tombstone and probing continues past it.
        // SAFETY: `i < used <= cap`.
        unsafe {
            let entry = self.table().add(1 + 2 * i).cast::<Value>();
            *entry = Value::NULL;
            *entry.add(1) = Value::NULL;
        }
        self.len.set(self.len.get() - 1);
        if i + 1 == self.used.get() && self.capacity() <= LINEAR_MAX {
            self.used.set(i);
        }
        Ok(Some(old))
    }

    /// Removes every entry and frees the table.
    pub fn clear(&self, cx: &dyn MapContext) {
        let table = self.table();
        if let Some(table) = NonNull::new(table) {
            cx.heap().free(table.cast());
        }
        self.table.set(core::ptr::null_mut());
        self.len.set(0);
        self.used.set(0);
    }

    /// The capacity after growing. The small tables (`1 + 2 * cap` words)
    /// fill whole heap blocks of four words: 3, 5 and 7 entries take as many
    /// blocks as 2, 4 and 6 would, so an object with three attributes gets
    /// its table in one allocation instead of two.
    fn grown_capacity(&self) -> usize {
        let live = self.len.get();
        match live {
            0..=2 => 3,
            3..=4 => 5,
            5..=6 => 7,
            7 => LINEAR_MAX,
            _ => live + live / 2 + 1,
        }
    }

    /// Reallocates the table with room for `cap` entries, compacting deleted
    /// slots and rebuilding the index.
    fn resize(&self, cx: &dyn MapContext, cap: usize) -> PyResult<()> {
        let cap = cap.max(self.len.get());
        let words = 1 + 2 * cap + Index::words(cap);
        let bytes = words.checked_mul(WORD).ok_or_else(|| cx.out_of_memory())?;
        let heap = cx.heap();
        let new = heap
            .alloc(bytes, AllocFlags::NONE)
            .map_err(|_| cx.out_of_memory())?;
        let new = new.cast::<usize>().as_ptr();
        // SAFETY: `new` is a fresh, zeroed allocation of `words` words.
        unsafe { *new = cap };
        let mut n = 0;
        for i in 0..self.used.get() {
            let (key, value) = self.slot(i);
            if key.is_null() {
                continue;
            }
            // SAFETY: `n < len <= cap`: room for the pair.
            unsafe {
                let entry = new.add(1 + 2 * n).cast::<Value>();
                *entry = key;
                *entry.add(1) = value;
            }
            n += 1;
        }
        if cap > LINEAR_MAX {
            let index = Index::of(new, cap);
            for i in 0..n {
                // SAFETY: entry `i < n` was written above.
                let key = unsafe { *new.add(1 + 2 * i).cast::<Value>() };
                match cx.hash(key) {
                    Ok(hash) => index.insert(hash, i),
                    Err(exc) => {
                        // The map is untouched so far: drop the new table.
                        if let Some(new) = NonNull::new(new) {
                            heap.free(new.cast());
                        }
                        return Err(exc);
                    }
                }
            }
        }
        let old = self.table();
        let flag = self.table.get().addr() & NOT_ALL_QSTR;
        self.table.set(new.map_addr(|a| a | flag));
        self.used.set(n);
        if let Some(old) = NonNull::new(old) {
            heap.free(old.cast());
        }
        Ok(())
    }
}

/// The hash index after the entries: `u8`, `u16` or `u32` entry numbers
/// (entry + 1; 0 is empty), a power of two at least twice the capacity.
struct Index {
    base: *mut u8,
    width: usize,
    mask: usize,
}

impl Index {
    fn slots(cap: usize) -> usize {
        (cap * 2).next_power_of_two()
    }

    fn width(cap: usize) -> usize {
        if cap < 0xff {
            1
        } else if cap < 0xffff {
            2
        } else {
            4
        }
    }

    /// Words the index of a `cap`-entry table takes.
    fn words(cap: usize) -> usize {
        if cap <= LINEAR_MAX {
            0
        } else {
            (Index::slots(cap) * Index::width(cap)).div_ceil(WORD)
        }
    }

    fn of(table: *mut usize, cap: usize) -> Index {
        // SAFETY: a table with `cap > LINEAR_MAX` was allocated with room for
        // its index right after the `1 + 2 * cap` words of entries.
        let base = unsafe { table.add(1 + 2 * cap) }.cast::<u8>();
        Index {
            base,
            width: Index::width(cap),
            mask: Index::slots(cap) - 1,
        }
    }

    fn get(&self, pos: usize) -> usize {
        // SAFETY: `pos <= mask`, and the index holds `mask + 1` entries of
        // `width` bytes; unaligned reads avoid assuming more than byte
        // alignment for the narrower widths.
        unsafe {
            match self.width {
                1 => *self.base.add(pos) as usize,
                2 => self.base.add(pos * 2).cast::<u16>().read_unaligned() as usize,
                _ => self.base.add(pos * 4).cast::<u32>().read_unaligned() as usize,
            }
        }
    }

    fn put(&self, pos: usize, n: usize) {
        // SAFETY: as in `get`; `n` fits the width chosen for this capacity.
        unsafe {
            match self.width {
                1 => *self.base.add(pos) = n as u8,
                2 => self
                    .base
                    .add(pos * 2)
                    .cast::<u16>()
                    .write_unaligned(n as u16),
                _ => self
                    .base
                    .add(pos * 4)
                    .cast::<u32>()
                    .write_unaligned(n as u32),
            }
        }
    }

    fn insert(&self, hash: u32, entry: usize) {
        let mut pos = hash as usize & self.mask;
        while self.get(pos) != 0 {
            pos = (pos + 1) & self.mask;
        }
        self.put(pos, entry + 1);
    }
}
