//! Interned strings ("qstrs"): a name stored once and referred to by index.
//!
//! Index 0 means "no string"; indices `1..=165` are the built-in names that
//! .mpy files refer to by number (in exactly the order of the format's list),
//! then Pyrite's own names from `qstrs.txt`. All of these are generated at
//! build time into flash, with their hashes and a hash index. Names made at run
//! time go to the RAM pool ([`pool`]) and get the indices after the static ones.

mod hash;
pub mod pool;

pub use hash::hash_bytes;

include!(concat!(env!("OUT_DIR"), "/qstr_static.rs"));

/// An interned string: an index into the static table or the RAM pool.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[repr(transparent)]
pub struct Qstr(u32);

impl Qstr {
    /// The qstr with this index. An index that was never interned is not
    /// unsafe to hold, only meaningless: lookups of its text return `None`.
    #[inline(always)]
    pub const fn from_index(index: u32) -> Qstr {
        Qstr(index)
    }

    /// The index.
    #[inline(always)]
    pub const fn index(self) -> u32 {
        self.0
    }

    /// Whether the string lives in the static (flash) table.
    #[inline(always)]
    pub const fn is_static(self) -> bool {
        (self.0 as usize) < STATIC_COUNT
    }

    /// The qstr for the .mpy format's built-in string number `n` (1..=165; 0
    /// means "no string").
    pub const fn from_mpy_static(n: u32) -> Option<Qstr> {
        if n <= 165 { Some(Qstr(n)) } else { None }
    }
}

/// Number of static qstrs, counting the "no string" qstr 0.
pub const fn static_count() -> usize {
    STATIC_COUNT
}

/// The text of a static qstr, or `None` for an index beyond the static table.
#[cfg(not(feature = "compact"))]
pub fn static_str(q: Qstr) -> Option<&'static [u8]> {
    let i = q.0 as usize;
    if i >= STATIC_COUNT {
        return None;
    }
    let start = STATIC_OFFSETS[i] as usize;
    let end = STATIC_OFFSETS[i + 1] as usize;
    STATIC_DATA.get(start..end)
}

/// The text of a static qstr, or `None` for an index beyond the static table.
#[cfg(feature = "compact")]
#[inline(never)]
pub fn static_str(q: Qstr) -> Option<&'static [u8]> {
    static_str_by_lengths(q)
}

/// [`static_str`] from [`STATIC_LENS`] and [`STATIC_STARTS`] (32-bit
/// boards, where they take half the flash of a table of offsets; hosts
/// build them for their tests).
#[cfg(any(test, feature = "compact"))]
fn static_str_by_lengths(q: Qstr) -> Option<&'static [u8]> {
    let i = q.0 as usize;
    let len = *STATIC_LENS.get(i)? as usize;
    let first = i & !15;
    let start = STATIC_STARTS[i / 16] as usize
        + STATIC_LENS[first..i]
            .iter()
            .map(|&l| l as usize)
            .sum::<usize>();
    STATIC_DATA.get(start..start + len)
}

/// The hash of a static qstr: precomputed on hosts; recomputed from the
/// text on 32-bit boards, where a table of the ~700 hashes would take
/// 2.7 KB of flash (the same value either way: [`hash_bytes`]).
#[inline]
pub fn static_hash(q: Qstr) -> Option<u32> {
    #[cfg(not(feature = "compact"))]
    return STATIC_HASHES.get(q.0 as usize).copied();
    #[cfg(feature = "compact")]
    return static_str(q).map(hash_bytes);
}

/// Finds `bytes` in the static table, given its hash. On 32-bit boards, by
/// binary search of the names in text order (the hash index would take
/// 2 KB of flash there).
#[cfg(feature = "compact")]
pub fn find_static(bytes: &[u8], _hash: u32) -> Option<Qstr> {
    find_static_sorted(bytes)
}

/// [`find_static`] by binary search of [`STATIC_SORTED`] (32-bit boards;
/// hosts build it for their tests).
#[cfg(any(test, feature = "compact"))]
fn find_static_sorted(bytes: &[u8]) -> Option<Qstr> {
    let (mut low, mut high) = (0, SORTED_COUNT);
    while low < high {
        let mid = low + (high - low) / 2;
        let q = Qstr(sorted_entry(mid));
        match static_str(q).unwrap_or(b"").cmp(bytes) {
            core::cmp::Ordering::Less => low = mid + 1,
            core::cmp::Ordering::Greater => high = mid,
            core::cmp::Ordering::Equal => return Some(q),
        }
    }
    None
}

/// Entry `k` of [`STATIC_SORTED`]: `SORTED_BITS` bits from bit
/// `k * SORTED_BITS` (the table's padding makes the 4-byte read safe).
#[cfg(any(test, feature = "compact"))]
fn sorted_entry(k: usize) -> u32 {
    let bit = k * SORTED_BITS;
    let b = &STATIC_SORTED[bit / 8..bit / 8 + 4];
    let word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (word >> (bit % 8)) & ((1 << SORTED_BITS) - 1)
}

/// Finds `bytes` in the static table, given its hash.
#[cfg(not(feature = "compact"))]
pub fn find_static(bytes: &[u8], hash: u32) -> Option<Qstr> {
    let mask = STATIC_INDEX.len() - 1;
    let mut slot = hash as usize & mask;
    loop {
        let index = STATIC_INDEX[slot];
        if index == 0 {
            return None;
        }
        let q = Qstr(index as u32);
        if STATIC_HASHES[index as usize] == hash && static_str(q) == Some(bytes) {
            return Some(q);
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_give_the_same_text_as_offsets() {
        for i in 0..static_count() as u32 + 2 {
            assert_eq!(static_str_by_lengths(Qstr(i)), static_str(Qstr(i)), "{i}");
        }
    }

    #[test]
    fn sorted_lookup_finds_what_the_hash_index_finds() {
        for i in 1..static_count() as u32 {
            let text = static_str(Qstr(i)).unwrap();
            let by_hash = find_static(text, hash_bytes(text));
            assert_eq!(find_static_sorted(text), by_hash, "{:?}", text);
            assert!(by_hash.is_some_and(|q| q.0 <= i));
        }
        assert_eq!(find_static_sorted(b"no such name here"), None);
        assert_eq!(find_static_sorted(b"\xff"), None);
    }

    #[test]
    fn mpy_numbering_matches_the_format() {
        // Worked example of the format: built-in 7 is "<module>", 123 "print".
        assert_eq!(
            static_str(Qstr::from_mpy_static(7).unwrap()),
            Some(&b"<module>"[..])
        );
        assert_eq!(
            static_str(Qstr::from_mpy_static(123).unwrap()),
            Some(&b"print"[..])
        );
        assert_eq!(
            static_str(Qstr::from_mpy_static(1).unwrap()),
            Some(&b""[..])
        );
        assert_eq!(
            static_str(Qstr::from_mpy_static(165).unwrap()),
            Some(&b"zip"[..])
        );
        assert!(Qstr::from_mpy_static(166).is_none());
    }

    #[test]
    fn generated_constants_name_their_strings() {
        assert_eq!(static_str(q::append), Some(&b"append"[..]));
        assert_eq!(static_str(q::__init__), Some(&b"__init__"[..]));
        assert_eq!(static_str(q::_lt_module_gt_), Some(&b"<module>"[..]));
        assert_eq!(static_str(q::r#type), Some(&b"type"[..]));
        assert_eq!(static_str(q::__add__), Some(&b"__add__"[..]));
    }

    #[test]
    fn every_static_string_is_found_by_lookup() {
        for i in 1..static_count() {
            let q = Qstr::from_index(i as u32);
            let text = static_str(q).unwrap();
            assert_eq!(find_static(text, hash_bytes(text)), Some(q), "{:?}", text);
            assert_eq!(static_hash(q), Some(hash_bytes(text)));
        }
        assert_eq!(
            find_static(b"no such name", hash_bytes(b"no such name")),
            None
        );
    }
}
