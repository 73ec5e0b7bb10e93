// Runs the wasm32 build of tools/compile-ram on Python source files and
// prints the compiler's peak heap on a 32-bit target.
// Usage: node tools/compile-ram.mjs WASM FILE.py...
import { readFileSync } from "fs";

const [wasmPath, ...files] = process.argv.slice(2);
if (!wasmPath || files.length === 0) {
  console.error("usage: node compile-ram.mjs WASM FILE.py...");
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const x = instance.exports;
let failed = false;
for (const f of files) {
  const src = readFileSync(f);
  const p = x.input(src.length);
  new Uint8Array(x.memory.buffer, p, src.length).set(src);
  const err = x.run();
  const r = (i) => x.result(i);
  const out = r(0);
  if (err) {
    console.log(`${f}: compile error`);
    failed = true;
    continue;
  }
  if (process.env.PYRITE_PHASES) {
    new Uint8Array(x.memory.buffer, x.input(src.length), src.length).set(src);
    console.log(`phases: parse ${x.phases(0)}, codegen ${x.phases(1)}, finish ${x.phases(2)}`);
    new Uint8Array(x.memory.buffer, x.input(src.length), src.length).set(src);
  }
  console.log(
    `${f}: output ${out} bytes; compile peak ${r(1)} bytes (${r(1) - out} above the output), ` +
      `${r(2)} in 16-byte blocks (${r(2) - out} above the output), ${r(3)} allocations; ` +
      `parser alone ${r(4)} bytes, ${r(5)} in blocks, ${r(6)} allocations`,
  );
}
if (process.env.PYRITE_NODE_SIZES) {
  const names = "Expr Stmt Arg Param Params FunctionDef ClassDef ExceptHandler WithItem Comprehension DictItem Const Alias FStringPart".split(" ");
  console.log(names.map((n, i) => `${n} ${x.node_size(i)}`).join(", "));
}
process.exit(failed ? 1 : 0);
