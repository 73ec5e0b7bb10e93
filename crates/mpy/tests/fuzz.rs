//! Mutation fuzzing of the reader, verifier and disassembler over the real
//! corpus. Nothing may panic; anything the verifier accepts must be fully
//! walkable. `PYRITE_PROPTEST_CASES` sets the case count (default 20,000).

mod common;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static ACCEPTED: AtomicUsize = AtomicUsize::new(0);

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pyrite_mpy::{Instrs, MpyFile, Operand, RawCode, dis, op, verify};

fn corpus() -> &'static [Vec<u8>] {
    static C: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    C.get_or_init(|| {
        let mut v: Vec<Vec<u8>> = common::corpus().into_iter().map(|(_, d)| d).collect();
        v.push(common::WORKED_EXAMPLE.to_vec());
        v
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Splice {
        at: usize,
        from: usize,
        start: usize,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(p, b)| Mutation::Flip(p, b)),
        4 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Set(p, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        2 => (any::<usize>(), 1usize..8).prop_map(|(p, n)| Mutation::Delete(p, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<usize>(), any::<usize>(), 1usize..64)
            .prop_map(|(at, from, start, len)| Mutation::Splice { at, from, start, len }),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    let n = data.len();
    match *m {
        Mutation::Flip(p, b) if n > 0 => data[p % n] ^= 1 << b,
        Mutation::Set(p, b) if n > 0 => data[p % n] = b,
        Mutation::Insert(p, b) => data.insert(p % (n + 1), b),
        Mutation::Delete(p, k) if n > 0 => {
            let p = p % n;
            data.drain(p..(p + k).min(n));
        }
        Mutation::Truncate(p) => data.truncate(p % (n + 1)),
        Mutation::Splice {
            at,
            from,
            start,
            len,
        } => {
            let src = &corpus()[from % corpus().len()];
            let s = start % src.len();
            let piece: Vec<u8> = src[s..(s + len).min(src.len())].to_vec();
            let at = at % (n + 1);
            let end = (at + piece.len()).min(n);
            data.splice(at..end, piece);
        }
        _ => {}
    }
}

struct Sink;

impl core::fmt::Write for Sink {
    fn write_str(&mut self, _: &str) -> core::fmt::Result {
        Ok(())
    }
}

/// Walk an accepted file completely: every instruction decodes, every operand resolves.
fn walk_accepted(file: &MpyFile<'_>) {
    for q in file.qstrs() {
        assert!(q.unwrap().as_bytes().is_some());
    }
    for c in file.consts() {
        c.unwrap();
    }
    let mut todo: Vec<RawCode<'_>> = vec![file.root().unwrap()];
    while let Some(rc) = todo.pop() {
        let pre = rc.prelude().unwrap();
        file.qstr(pre.name).unwrap();
        for a in pre.arg_names() {
            file.qstr(a).unwrap();
        }
        for ins in Instrs::new(pre.opcodes) {
            let ins = ins.unwrap();
            match ins.operand {
                Operand::Qstr(q) => {
                    file.qstr(q).unwrap();
                }
                Operand::Jump { target, .. } => {
                    assert!(target >= 0 && (target as usize) < pre.opcodes.len())
                }
                _ => {}
            }
            match ins.opcode {
                op::LOAD_CONST_OBJ => {
                    file.constant(ins.arg()).unwrap();
                }
                op::MAKE_FUNCTION
                | op::MAKE_FUNCTION_DEFARGS
                | op::MAKE_CLOSURE
                | op::MAKE_CLOSURE_DEFARGS => {
                    rc.child(ins.arg()).unwrap();
                }
                _ => {}
            }
            let _ = pre.line_for_offset(ins.pc);
            let _ = ins.stack_effect();
        }
        for c in rc.children() {
            todo.push(c.unwrap());
        }
    }
}

fn check(data: &[u8]) {
    if let Ok(file) = MpyFile::parse(data) {
        let _ = file.qstrs().count();
        let _ = file.consts().count();
        if let Ok(root) = file.root() {
            let _ = root.prelude().map(|p| p.lines().count());
        }
    }
    let _ = dis::disassemble(data, &mut Sink);
    if let Ok(file) = verify(data) {
        ACCEPTED.fetch_add(1, Ordering::Relaxed);
        walk_accepted(&file);
        // Accepted files can be re-emitted without panicking.
        let _ = common::reemit(data);
    }
}

#[test]
fn mutated_corpus_never_panics() {
    let cases = std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (any::<usize>(), proptest::collection::vec(mutation(), 1..6));
    let start = std::time::Instant::now();
    runner
        .run(&strategy, |(which, muts)| {
            let mut data = corpus()[which % corpus().len()].clone();
            for m in &muts {
                apply(&mut data, m);
            }
            check(&data);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{cases} fuzz cases in {:?}, {} accepted by the verifier",
        start.elapsed(),
        ACCEPTED.load(Ordering::Relaxed)
    );
}

#[test]
fn random_bytes_never_panic() {
    let mut runner = TestRunner::new(Config {
        cases: 2_000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &proptest::collection::vec(any::<u8>(), 0..300),
            |mut data| {
                check(&data);
                // Also with a valid header in front.
                data.splice(0..0, *b"M\x06\x00\x1f");
                check(&data);
                Ok(())
            },
        )
        .unwrap();
}
