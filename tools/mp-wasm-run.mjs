// Runs Python programs on MicroPython's WebAssembly build
// (@micropython/micropython-webassembly-pyscript), either from source or
// from a .mpy file, each imported as module `m` from the virtual file
// system, so both ways run the same way.
//
// The package is found through PYRITE_MICROPYTHON_WASM: the package's
// directory (the one holding micropython.mjs).
//
// Usage: node tools/mp-wasm-run.mjs FILE.py|FILE.mpy
//   prints the program's output; an uncaught exception prints its
//   traceback to stderr and exits with 1.
// Usage: node tools/mp-wasm-run.mjs --batch LIST
//   LIST holds one FILE per line; for each, prints a line
//   "=== FILE exit N" followed by its stdout and stderr (one fresh
//   interpreter per file).
import { readFileSync, existsSync } from "fs";
import { join } from "path";
import { pathToFileURL } from "url";

const pkg = process.env.PYRITE_MICROPYTHON_WASM;
if (!pkg || !existsSync(join(pkg, "micropython.mjs"))) {
  console.error(
    "set PYRITE_MICROPYTHON_WASM to the directory of the " +
      "@micropython/micropython-webassembly-pyscript package",
  );
  process.exit(2);
}
const { loadMicroPython } = await import(pathToFileURL(join(pkg, "micropython.mjs")).href);

async function run(file) {
  let out = "";
  let err = "";
  const mp = await loadMicroPython({
    heapsize: 4 * 1024 * 1024,
    pystack: 16 * 1024,
    stdout: (line) => (out += line + "\n"),
    stderr: (line) => (err += line + "\n"),
  });
  const name = file.endsWith(".mpy") ? "/m.mpy" : "/m.py";
  mp.FS.writeFile(name, readFileSync(file));
  let code = 0;
  try {
    mp.runPython("import m\n");
  } catch (e) {
    err += (e && e.message ? e.message : String(e)) + "\n";
    code = 1;
  }
  return { out, err, code };
}

const args = process.argv.slice(2);
if (args[0] === "--batch" && args.length === 2) {
  const files = readFileSync(args[1], "utf8").split("\n").filter((l) => l);
  for (const f of files) {
    const r = await run(f);
    process.stdout.write(`=== ${f} exit ${r.code}\n${r.out}${r.err}`);
  }
} else if (args.length === 1) {
  const r = await run(args[0]);
  process.stdout.write(r.out);
  process.stderr.write(r.err);
  process.exit(r.code);
} else {
  console.error("usage: node mp-wasm-run.mjs FILE.py|FILE.mpy | --batch LIST");
  process.exit(2);
}
