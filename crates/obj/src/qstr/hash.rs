// The string hash shared by interned and heap strings, so that equal strings
// hash equally whichever way they are stored. Included by `build.rs` too, so
// the static table's precomputed hashes cannot drift from the runtime's.

/// FNV-1a over the bytes, 32 bits. Never returns 0, which string objects use
/// to mean "not computed yet".
pub const fn hash_bytes(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    if hash == 0 { 1 } else { hash }
}
