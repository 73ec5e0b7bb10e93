//! The block map of `micropython.mem_info(1)`.

use core::fmt;
use core::ptr::NonNull;

use crate::heap::{AT_FREE, AT_HEAD, AT_MARK, AT_TAIL};
use crate::{BLOCK_SIZE, Heap};

/// Blocks per line of the block map.
const BLOCKS_PER_LINE: usize = 64;

impl Heap {
    /// Write the block map printed by `micropython.mem_info(1)`:
    ///
    /// ```text
    /// GC memory layout; from 20000a40:
    /// 00000000: hLh=SS==..h.....
    ///        (3 lines all free)
    /// 00001000: ....
    /// ```
    ///
    /// The first line gives the pool start address in lowercase hex (at
    /// least 8 digits, no `0x`). Then each line covers 64 blocks: the byte
    /// offset of its first block from the pool start (8 hex digits), `": "`,
    /// and one character per block: `.` free, `=` tail, `m` marked head, and
    /// for any other head the byte `classify` returns for the allocation's
    /// start address (`T` tuple, `L` list, `D` dict, `S` str/bytes, `A`
    /// bytearray/array, `F` float, `B` bytecode function, `M` module, or `h`;
    /// non-ASCII results print as `h`). The object layer implements
    /// `classify` by reading the object's type pointer, so the heap keeps no
    /// per-block kind byte. When two or more whole lines starting at a line
    /// boundary are all free, they print as one `       (N lines all free)`
    /// line.
    ///
    /// `classify` is called with the heap in whatever state the caller has
    /// it; it must not allocate or free.
    ///
    /// # Errors
    ///
    /// Whatever `out` returns.
    pub fn dump_alloc_table<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
        classify: &dyn Fn(NonNull<u8>) -> u8,
    ) -> fmt::Result {
        let nb = self.n_blocks();
        writeln!(
            out,
            "GC memory layout; from {:08x}:",
            self.start().as_ptr().addr()
        )?;
        let mut bl = 0;
        while bl < nb {
            let mut bl2 = bl;
            while bl2 < nb && self.atb(bl2) == AT_FREE {
                bl2 += 1;
            }
            if bl2 - bl >= 2 * BLOCKS_PER_LINE {
                writeln!(
                    out,
                    "       ({} lines all free)",
                    (bl2 - bl) / BLOCKS_PER_LINE
                )?;
                bl = bl2 & !(BLOCKS_PER_LINE - 1);
                if bl >= nb {
                    break;
                }
            }
            let mut line = [0u8; BLOCKS_PER_LINE];
            let end = (bl + BLOCKS_PER_LINE).min(nb);
            for (b, c) in (bl..end).zip(line.iter_mut()) {
                *c = match self.atb(b) {
                    AT_FREE => b'.',
                    AT_TAIL => b'=',
                    AT_MARK => b'm',
                    _ => {
                        debug_assert_eq!(self.atb(b), AT_HEAD);
                        let k = classify(self.block_ptr(b));
                        if k.is_ascii() && !k.is_ascii_control() {
                            k
                        } else {
                            b'h'
                        }
                    }
                };
            }
            let text = core::str::from_utf8(&line[..end - bl]).map_err(|_| fmt::Error)?;
            writeln!(out, "{:08x}: {}", bl * BLOCK_SIZE, text)?;
            bl += BLOCKS_PER_LINE;
        }
        Ok(())
    }
}
