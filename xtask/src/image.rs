//! Firmware images from an ELF file: a tiny ELF32 reader (segments and
//! sections), the flat `.bin`, Intel HEX, DfuSe `.dfu` and `.uf2` writers,
//! and the flash/RAM usage report.

/// A loadable segment: where its bytes go in memory and the bytes.
pub struct Segment {
    pub paddr: u32,
    pub data: Vec<u8>,
}

/// An allocated section (`SHF_ALLOC`).
pub struct Section {
    /// Its name (`.text`, `.rodata`...), from the section-name table.
    pub name: String,
    pub addr: u32,
    pub size: u32,
    /// `SHT_NOBITS` (`.bss`, `.uninit`): takes RAM, no file bytes.
    pub nobits: bool,
}

/// What the firmware needs from its ELF file.
pub struct Elf {
    pub entry: u32,
    pub segments: Vec<Segment>,
    pub sections: Vec<Section>,
}

fn u16_at(b: &[u8], o: usize) -> Result<u16, String> {
    b.get(o..o + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| "truncated ELF file".to_string())
}

fn u32_at(b: &[u8], o: usize) -> Result<u32, String> {
    b.get(o..o + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| "truncated ELF file".to_string())
}

const PT_LOAD: u32 = 1;
const SHT_NOBITS: u32 = 8;
const SHF_ALLOC: u32 = 2;

impl Elf {
    /// Parses a little-endian 32-bit ELF file.
    pub fn parse(b: &[u8]) -> Result<Elf, String> {
        if b.get(..4) != Some(b"\x7fELF") || b.get(4) != Some(&1) || b.get(5) != Some(&1) {
            return Err("not a little-endian 32-bit ELF file".into());
        }
        let entry = u32_at(b, 0x18)?;
        let phoff = u32_at(b, 0x1c)? as usize;
        let shoff = u32_at(b, 0x20)? as usize;
        let phentsize = u16_at(b, 0x2a)? as usize;
        let phnum = u16_at(b, 0x2c)? as usize;
        let shentsize = u16_at(b, 0x2e)? as usize;
        let shnum = u16_at(b, 0x30)? as usize;
        let mut segments = Vec::new();
        for i in 0..phnum {
            let h = phoff + i * phentsize;
            if u32_at(b, h)? != PT_LOAD {
                continue;
            }
            let offset = u32_at(b, h + 4)? as usize;
            let paddr = u32_at(b, h + 12)?;
            let filesz = u32_at(b, h + 16)? as usize;
            if filesz == 0 {
                continue;
            }
            let data = b
                .get(offset..offset + filesz)
                .ok_or("segment outside the file")?
                .to_vec();
            segments.push(Segment { paddr, data });
        }
        segments.sort_by_key(|s| s.paddr);
        let mut sections = Vec::new();
        if shnum > 0 {
            // The section holding the names: its file offset and size.
            let names = shoff + u16_at(b, 0x32)? as usize * shentsize;
            let (names_at, names_len) = (u32_at(b, names + 16)? as usize, u32_at(b, names + 20)?);
            let name_of = |at: u32| -> String {
                b.get(names_at + at.min(names_len) as usize..names_at + names_len as usize)
                    .map(|s| s.split(|&c| c == 0).next().unwrap_or_default())
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .unwrap_or_default()
            };
            for i in 0..shnum {
                let h = shoff + i * shentsize;
                let flags = u32_at(b, h + 8)?;
                if flags & SHF_ALLOC == 0 {
                    continue;
                }
                sections.push(Section {
                    name: name_of(u32_at(b, h)?),
                    addr: u32_at(b, h + 12)?,
                    size: u32_at(b, h + 20)?,
                    nobits: u32_at(b, h + 4)? == SHT_NOBITS,
                });
            }
        }
        Ok(Elf {
            entry,
            segments,
            sections,
        })
    }

    /// The flat image: every loaded byte from the lowest load address, gaps
    /// filled with 0xff (erased flash). Returns `(base address, bytes)`.
    pub fn flat(&self) -> (u32, Vec<u8>) {
        let Some(first) = self.segments.first() else {
            return (0, Vec::new());
        };
        let base = first.paddr;
        let end = self
            .segments
            .iter()
            .map(|s| s.paddr as usize + s.data.len())
            .max()
            .unwrap_or(base as usize);
        let mut out = vec![0xffu8; end - base as usize];
        for s in &self.segments {
            let at = (s.paddr - base) as usize;
            out[at..at + s.data.len()].copy_from_slice(&s.data);
        }
        (base, out)
    }

    /// The size of each allocated section, in address order:
    /// `.vector_table 168, .text 342908, ...` (empty ones left out).
    pub fn section_sizes(&self) -> String {
        let mut list: Vec<&Section> = self.sections.iter().filter(|s| s.size > 0).collect();
        list.sort_by_key(|s| s.addr);
        let parts: Vec<String> = list
            .iter()
            .map(|s| format!("{} {}", s.name, s.size))
            .collect();
        parts.join(", ")
    }

    /// Bytes of allocated sections inside `[origin, origin + size)`:
    /// `(with contents, without contents)`.
    pub fn usage_in(&self, origin: u64, size: u64) -> (u64, u64) {
        let mut stored = 0;
        let mut zeroed = 0;
        for s in &self.sections {
            let a = u64::from(s.addr);
            if a >= origin && a < origin + size {
                if s.nobits {
                    zeroed += u64::from(s.size);
                } else {
                    stored += u64::from(s.size);
                }
            }
        }
        (stored, zeroed)
    }
}

/// Intel HEX for `data` at `base`: extended linear address records, 16 data
/// bytes per line, the start address, and the end-of-file record.
pub fn intel_hex(base: u32, data: &[u8], entry: u32) -> String {
    fn record(out: &mut String, kind: u8, addr: u16, bytes: &[u8]) {
        let mut sum = bytes.len() as u8;
        sum = sum.wrapping_add((addr >> 8) as u8).wrapping_add(addr as u8);
        sum = sum.wrapping_add(kind);
        out.push_str(&format!(":{:02X}{addr:04X}{kind:02X}", bytes.len()));
        for &b in bytes {
            out.push_str(&format!("{b:02X}"));
            sum = sum.wrapping_add(b);
        }
        out.push_str(&format!("{:02X}\n", sum.wrapping_neg()));
    }
    let mut out = String::new();
    let mut upper = None;
    for (i, chunk) in data.chunks(16).enumerate() {
        let addr = base + (i as u32) * 16;
        if upper != Some(addr >> 16) {
            upper = Some(addr >> 16);
            record(&mut out, 4, 0, &((addr >> 16) as u16).to_be_bytes());
        }
        record(&mut out, 0, addr as u16, chunk);
    }
    record(&mut out, 5, 0, &entry.to_be_bytes());
    record(&mut out, 1, 0, &[]);
    out
}

/// The CRC the DFU suffix ends with: CRC-32 (reflected, polynomial
/// 0xedb88320) from 0xffffffff, *without* the final inversion.
pub fn dfu_crc(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// A DfuSe file (ST's UM0391 format, what `dfu-util` and the STM32 ROM
/// bootloader take) with one target (alternate setting 0) holding one
/// element per `(address, bytes)` pair, for USB device `vid:pid`.
pub fn dfuse(elements: &[(u32, &[u8])], vid: u16, pid: u16) -> Vec<u8> {
    let mut target = Vec::new();
    for (addr, bytes) in elements {
        target.extend_from_slice(&addr.to_le_bytes());
        target.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        target.extend_from_slice(bytes);
    }
    let mut name = [0u8; 255];
    name[..6].copy_from_slice(b"Pyrite");
    let mut out = Vec::new();
    out.extend_from_slice(b"DfuSe");
    out.push(0x01);
    let image_size = 11 + 274 + target.len();
    out.extend_from_slice(&(image_size as u32).to_le_bytes());
    out.push(1); // targets
    out.extend_from_slice(b"Target");
    out.push(0); // alternate setting
    out.extend_from_slice(&1u32.to_le_bytes()); // named
    out.extend_from_slice(&name);
    out.extend_from_slice(&(target.len() as u32).to_le_bytes());
    out.extend_from_slice(&(elements.len() as u32).to_le_bytes());
    out.extend_from_slice(&target);
    // Suffix: bcdDevice, idProduct, idVendor, bcdDFU, "UFD", length, CRC.
    out.extend_from_slice(&0xffffu16.to_le_bytes());
    out.extend_from_slice(&pid.to_le_bytes());
    out.extend_from_slice(&vid.to_le_bytes());
    out.extend_from_slice(&0x011au16.to_le_bytes());
    out.extend_from_slice(b"UFD");
    out.push(16);
    let crc = dfu_crc(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Bytes of one UF2 block.
pub const UF2_BLOCK: usize = 512;
/// Bytes of flash each UF2 block carries (what the RP2040's boot ROM
/// takes: one flash page).
pub const UF2_PAYLOAD: usize = 256;
/// The first UF2 magic number, at the start of a block ("UF2\n").
pub const UF2_MAGIC_START0: u32 = 0x0a32_4655;
/// The second UF2 magic number, after the first.
pub const UF2_MAGIC_START1: u32 = 0x9e5d_5157;
/// The UF2 magic number that ends a block.
pub const UF2_MAGIC_END: u32 = 0x0ab1_6f30;
/// Block flag: the file-size word holds a family id.
pub const UF2_FLAG_FAMILY_ID: u32 = 0x2000;

/// A UF2 file (Microsoft's USB flashing format, what a mass-storage
/// bootloader such as the RP2040's boot ROM takes) for `data` at `base`:
/// one 512-byte block per 256 bytes, the last one padded with 0xff
/// (erased flash), each tagged with `family`. `base` must be 256-aligned.
pub fn uf2(base: u32, data: &[u8], family: u32) -> Result<Vec<u8>, String> {
    if !(base as usize).is_multiple_of(UF2_PAYLOAD) {
        return Err(format!(
            "UF2 needs a {UF2_PAYLOAD}-byte aligned base, not {base:#010x}"
        ));
    }
    let count = data.len().div_ceil(UF2_PAYLOAD);
    let mut out = Vec::with_capacity(count * UF2_BLOCK);
    for (i, chunk) in data.chunks(UF2_PAYLOAD).enumerate() {
        let words = [
            UF2_MAGIC_START0,
            UF2_MAGIC_START1,
            UF2_FLAG_FAMILY_ID,
            base + (i * UF2_PAYLOAD) as u32,
            UF2_PAYLOAD as u32,
            i as u32,
            count as u32,
            family,
        ];
        for w in words {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut payload = [0u8; UF2_BLOCK - 32 - 4];
        payload[..UF2_PAYLOAD].fill(0xff);
        payload[..chunk.len()].copy_from_slice(chunk);
        out.extend_from_slice(&payload);
        out.extend_from_slice(&UF2_MAGIC_END.to_le_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_records_have_checksums() {
        let hex = intel_hex(0x0800_0000, &[0x01, 0x02, 0x03], 0x0800_0101);
        let lines: Vec<&str> = hex.lines().collect();
        assert_eq!(lines[0], ":020000040800F2");
        assert_eq!(lines[1], ":03000000010203F7");
        assert_eq!(lines[2], ":0400000508000101ED");
        assert_eq!(lines[3], ":00000001FF");
    }

    #[test]
    fn dfu_crc_is_the_uninverted_crc32() {
        // zlib's crc32("123456789") is 0xcbf43926; DFU stores its complement.
        assert_eq!(dfu_crc(b"123456789"), !0xcbf4_3926);
    }

    #[test]
    fn dfuse_layout() {
        let f = dfuse(&[(0x0800_0000, &[1, 2, 3, 4])], 0x0483, 0xdf11);
        assert_eq!(f.len(), 11 + 274 + 8 + 4 + 16);
        assert_eq!(&f[..5], b"DfuSe");
        assert_eq!(
            u32::from_le_bytes(f[6..10].try_into().unwrap()),
            (f.len() - 16) as u32
        );
        assert_eq!(&f[11..17], b"Target");
        assert_eq!(&f[f.len() - 8..f.len() - 5], b"UFD");
        let crc = u32::from_le_bytes(f[f.len() - 4..].try_into().unwrap());
        assert_eq!(crc, dfu_crc(&f[..f.len() - 4]));
    }

    fn word(block: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(block[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn uf2_blocks_reassemble_to_the_image() {
        const RP2040: u32 = 0xe48b_ff56;
        // 2.5 pages of varied bytes: three blocks, the last one padded.
        let data: Vec<u8> = (0..640u32).map(|i| (i * 7 + i / 256) as u8).collect();
        let f = uf2(0x1000_0000, &data, RP2040).unwrap();
        assert_eq!(f.len(), 3 * UF2_BLOCK);
        let mut image = Vec::new();
        for (i, block) in f.chunks(UF2_BLOCK).enumerate() {
            assert_eq!(word(block, 0), UF2_MAGIC_START0);
            assert_eq!(word(block, 4), UF2_MAGIC_START1);
            assert_eq!(word(block, 8), UF2_FLAG_FAMILY_ID);
            assert_eq!(word(block, 12), 0x1000_0000 + 256 * i as u32);
            assert_eq!(word(block, 16), 256);
            assert_eq!(word(block, 20), i as u32);
            assert_eq!(word(block, 24), 3);
            assert_eq!(word(block, 28), RP2040);
            assert_eq!(word(block, 508), UF2_MAGIC_END);
            // The rest of the data area after the payload is zero.
            assert!(block[32 + 256..508].iter().all(|&b| b == 0));
            image.extend_from_slice(&block[32..32 + 256]);
        }
        assert_eq!(&image[..data.len()], &data[..]);
        assert!(image[data.len()..].iter().all(|&b| b == 0xff));
    }

    #[test]
    fn uf2_edge_cases() {
        // Exactly one page: one block, nothing padded.
        let f = uf2(0x2000_0000, &[0x5a; 256], 7).unwrap();
        assert_eq!(f.len(), UF2_BLOCK);
        assert_eq!(word(&f, 24), 1);
        assert!(f[32..32 + 256].iter().all(|&b| b == 0x5a));
        assert!(uf2(0, &[], 7).unwrap().is_empty());
        assert!(uf2(0x1000_0080, &[1], 7).is_err());
    }

    /// A 32-bit ELF file with no program headers and the sections
    /// `(name, type, flags, addr, size)`, plus the name table.
    fn elf_with_sections(list: &[(&str, u32, u32, u32, u32)]) -> Vec<u8> {
        let mut names = vec![0u8];
        let mut name_at = Vec::new();
        for (n, ..) in list.iter().copied().chain([(".shstrtab", 3, 0, 0, 0)]) {
            name_at.push(names.len() as u32);
            names.extend_from_slice(n.as_bytes());
            names.push(0);
        }
        let names_off = 52u32;
        let shoff = names_off + names.len() as u32;
        let mut f = vec![0u8; 52];
        f[..6].copy_from_slice(b"\x7fELF\x01\x01");
        f[0x20..0x24].copy_from_slice(&shoff.to_le_bytes());
        f[0x2e..0x30].copy_from_slice(&40u16.to_le_bytes());
        f[0x30..0x32].copy_from_slice(&(list.len() as u16 + 2).to_le_bytes());
        f[0x32..0x34].copy_from_slice(&(list.len() as u16 + 1).to_le_bytes());
        f.extend_from_slice(&names);
        f.extend_from_slice(&[0u8; 40]); // the null section
        let header = |name: u32, ty: u32, flags: u32, addr: u32, off: u32, size: u32| {
            let mut h = [0u8; 40];
            for (i, v) in [name, ty, flags, addr, off, size].into_iter().enumerate() {
                h[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
            }
            h
        };
        for (i, &(_, ty, flags, addr, size)) in list.iter().enumerate() {
            f.extend_from_slice(&header(name_at[i], ty, flags, addr, 0, size));
        }
        let strtab = header(name_at[list.len()], 3, 0, 0, names_off, names.len() as u32);
        f.extend_from_slice(&strtab);
        f
    }

    #[test]
    fn sections_are_named_and_sized() {
        let f = elf_with_sections(&[
            (".rodata", 1, SHF_ALLOC, 0x2000, 64),
            (".text", 1, SHF_ALLOC, 0x100, 1000),
            (".comment", 1, 0, 0, 12),
            (".bss", SHT_NOBITS, SHF_ALLOC, 0x2000_0000, 300),
            (".data", 1, SHF_ALLOC, 0x2000_1000, 0),
        ]);
        let elf = Elf::parse(&f).unwrap();
        assert_eq!(elf.section_sizes(), ".text 1000, .rodata 64, .bss 300");
        assert_eq!(elf.usage_in(0x2000_0000, 0x1_0000), (0, 300));
    }

    #[test]
    fn rejects_non_elf() {
        assert!(Elf::parse(b"not an elf").is_err());
    }
}
