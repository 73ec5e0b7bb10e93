//! Generates the static interned-string table: the 165 names that .mpy files
//! index (from `pyrite-mpy`, their one source of truth) at indices 1..=165,
//! then Pyrite's own names from `qstrs.txt`, with a hash index for lookup.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;

include!("src/qstr/hash.rs");

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// The name of a string's constant in `q`, e.g. `<module>` -> `_lt_module_gt_`.
fn const_name(s: &str) -> String {
    match s {
        "" => return "EMPTY".into(),
        "_" => return "UNDERSCORE".into(),
        _ => {}
    }
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => out.push(c),
            '<' => out.push_str("_lt_"),
            '>' => out.push_str("_gt_"),
            ' ' => out.push_str("space"),
            '\n' => out.push_str("newline"),
            '*' => out.push_str("star"),
            '/' => out.push_str("slash"),
            '-' => out.push_str("_dash_"),
            '.' => out.push_str("_dot_"),
            other => write!(out, "_u{:x}_", other as u32).unwrap(),
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    match out.as_str() {
        "self" | "super" | "crate" | "Self" => out.push('_'),
        word if RUST_KEYWORDS.contains(&word) => out.insert_str(0, "r#"),
        _ => {}
    }
    out
}

fn main() {
    println!("cargo:rerun-if-changed=qstrs.txt");
    println!("cargo:rerun-if-changed=src/qstr/hash.rs");

    // Index 0 is the "no string" qstr, as in .mpy files.
    let mut names: Vec<String> = vec![String::new()];
    names.extend(pyrite_mpy::STATIC_QSTRS.iter().map(|s| s.to_string()));
    let mut seen: HashSet<String> = names[1..].iter().cloned().collect();
    let extra = std::fs::read_to_string("qstrs.txt").expect("read qstrs.txt");
    for line in extra.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `name if FEATURE`: a name only the feature's code uses, left out
        // of the table (and of `q`) without it.
        let name = match line.split_once(" if ") {
            Some((name, feature)) => {
                let var = format!(
                    "CARGO_FEATURE_{}",
                    feature.trim().to_uppercase().replace('-', "_")
                );
                if std::env::var_os(var).is_none() {
                    continue;
                }
                name.trim_end()
            }
            None => line,
        };
        if seen.insert(name.to_string()) {
            names.push(name.to_string());
        }
    }
    // Names before this index get a `q::` constant; the names a firmware
    // build adds for its frozen modules do not (code never names them).
    let named = names.len();
    // The names a board's frozen modules use (`cargo xtask build` writes them
    // with `pyrite-freeze`), so importing those modules interns nothing in RAM.
    println!("cargo:rerun-if-env-changed=PYRITE_EXTRA_QSTRS");
    if let Some(path) = std::env::var_os("PYRITE_EXTRA_QSTRS") {
        println!("cargo:rerun-if-changed={}", PathBuf::from(&path).display());
        let extra = std::fs::read_to_string(&path).expect("read PYRITE_EXTRA_QSTRS");
        for name in extra.lines() {
            if !name.is_empty() && seen.insert(name.to_string()) {
                names.push(name.to_string());
            }
        }
    }
    assert!(names.len() < u16::MAX as usize, "too many static qstrs");

    // The data blob and offsets: 2 bytes of offset per name instead of a fat
    // `&str` each, since this table sits in the flash of small boards.
    let mut blob = Vec::new();
    let mut offsets = Vec::new();
    for name in &names {
        offsets.push(blob.len());
        blob.extend_from_slice(name.as_bytes());
    }
    offsets.push(blob.len());
    assert!(blob.len() < u16::MAX as usize, "static qstr data too large");

    // Open-addressed index (linear probing), at most 70% full: about two
    // probes to find a name, and 2 KB less flash than a half-full one for
    // the ~700 names (lookups happen when names are interned, not per
    // attribute access). Slot value 0 means empty; the "no string" qstr 0
    // is never looked up.
    let mut size = 1;
    while size * 7 < names.len() * 10 {
        size *= 2;
    }
    let mut index = vec![0u16; size];
    for (i, name) in names.iter().enumerate().skip(1) {
        let mut slot = hash_bytes(name.as_bytes()) as usize & (size - 1);
        while index[slot] != 0 {
            slot = (slot + 1) & (size - 1);
        }
        index[slot] = i as u16;
    }

    let mut out = String::new();
    writeln!(
        out,
        "/// Number of static qstrs (including the \"no string\" qstr 0)."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) const STATIC_COUNT: usize = {};",
        names.len()
    )
    .unwrap();
    writeln!(
        out,
        "static STATIC_DATA: &[u8] = b\"{}\";",
        blob.escape_ascii()
    )
    .unwrap();
    writeln!(
        out,
        "#[cfg(not(feature = \"compact\"))]\nstatic STATIC_OFFSETS: [u16; {}] = {:?};",
        offsets.len(),
        offsets
    )
    .unwrap();
    // 32-bit boards keep one byte of length per name and the offset of
    // every 16th name instead (`static_str` adds up to 15 lengths): about
    // 1.1 bytes per name rather than 2 (lengths take two bytes only if some
    // frozen module's name is longer than 255).
    let lens: Vec<usize> = names.iter().map(|n| n.len()).collect();
    let len_type = if lens.iter().all(|&l| l <= 255) {
        "u8"
    } else {
        "u16"
    };
    let starts: Vec<usize> = offsets[..names.len()].iter().step_by(16).copied().collect();
    writeln!(
        out,
        "#[cfg(any(test, feature = \"compact\"))]\nstatic STATIC_LENS: [{}; {}] = {:?};",
        len_type,
        lens.len(),
        lens
    )
    .unwrap();
    writeln!(
        out,
        "#[cfg(any(test, feature = \"compact\"))]\nstatic STATIC_STARTS: [u16; {}] = {:?};",
        starts.len(),
        starts
    )
    .unwrap();
    let hashes: Vec<u32> = names.iter().map(|n| hash_bytes(n.as_bytes())).collect();
    // Hosts keep the hashes in a table; 32-bit boards recompute them from
    // the text (see `static_hash`), saving 4 bytes of flash per name.
    writeln!(
        out,
        "#[cfg(not(feature = \"compact\"))]\nstatic STATIC_HASHES: [u32; {}] = {:?};",
        hashes.len(),
        hashes
    )
    .unwrap();
    writeln!(
        out,
        "#[cfg(not(feature = \"compact\"))]\nstatic STATIC_INDEX: [u16; {}] = {:?};",
        index.len(),
        index
    )
    .unwrap();
    // 32-bit boards look names up by binary search in a list of the indices
    // sorted by text instead (about 1.3 bytes per name rather than 3): one
    // index per text, the lowest, as the hash index finds. The indices are
    // packed little-endian in as many bits as the largest needs, with three
    // bytes of padding so that any entry can be read as one `u32`.
    let mut sorted: Vec<u16> = (1..names.len()).map(|i| i as u16).collect();
    sorted.sort_by(|&a, &b| {
        names[a as usize]
            .as_bytes()
            .cmp(names[b as usize].as_bytes())
            .then(a.cmp(&b))
    });
    sorted.dedup_by(|later, first| names[*later as usize] == names[*first as usize]);
    let bits = (usize::BITS - (names.len() - 1).leading_zeros()).max(1) as usize;
    assert!(bits <= 24, "too many static qstrs to pack");
    let mut packed = vec![0u8; (sorted.len() * bits).div_ceil(8) + 3];
    for (k, &i) in sorted.iter().enumerate() {
        for b in 0..bits {
            if (i as usize >> b) & 1 == 1 {
                let bit = k * bits + b;
                packed[bit / 8] |= 1 << (bit % 8);
            }
        }
    }
    writeln!(
        out,
        "#[cfg(any(test, feature = \"compact\"))]\nconst SORTED_BITS: usize = {};\n\
         #[cfg(any(test, feature = \"compact\"))]\nconst SORTED_COUNT: usize = {};\n\
         #[cfg(any(test, feature = \"compact\"))]\nstatic STATIC_SORTED: [u8; {}] = {:?};",
        bits,
        sorted.len(),
        packed.len(),
        packed
    )
    .unwrap();

    writeln!(
        out,
        "/// Every static qstr as a constant, named after its string"
    )
    .unwrap();
    writeln!(
        out,
        "/// (`q::append`, `q::__init__`, `q::_lt_module_gt_` for `<module>`)."
    )
    .unwrap();
    writeln!(out, "#[allow(non_upper_case_globals, missing_docs)]").unwrap();
    writeln!(out, "pub mod q {{").unwrap();
    writeln!(out, "    use super::Qstr;").unwrap();
    writeln!(out, "    pub const NULL: Qstr = Qstr::from_index(0);").unwrap();
    let mut consts = HashSet::new();
    for (i, name) in names.iter().enumerate().take(named).skip(1) {
        let ident = const_name(name);
        assert!(
            consts.insert(ident.clone()),
            "two qstrs map to the constant {ident}"
        );
        writeln!(out, "    pub const {ident}: Qstr = Qstr::from_index({i});").unwrap();
    }
    writeln!(out, "}}").unwrap();

    let path = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("qstr_static.rs");
    std::fs::write(path, out).expect("write qstr_static.rs");
}
