//! Reader, verifier and disassembler on arbitrary input: must never panic, and
//! anything accepted must decode completely. Seed with `../tests/corpus/*.mpy`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_mpy::{Instrs, dis, verify};

struct Sink;

impl core::fmt::Write for Sink {
    fn write_str(&mut self, _: &str) -> core::fmt::Result {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = dis::disassemble(data, &mut Sink);
    if let Ok(file) = verify(data) {
        let mut todo = vec![file.root().unwrap()];
        while let Some(rc) = todo.pop() {
            let pre = rc.prelude().unwrap();
            for ins in Instrs::new(pre.opcodes) {
                let ins = ins.unwrap();
                let _ = pre.line_for_offset(ins.pc);
            }
            todo.extend(rc.children().map(Result::unwrap));
        }
    }
});
