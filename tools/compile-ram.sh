#!/bin/sh
# The compiler's peak heap on a 32-bit target: builds tools/compile-ram for
# wasm32 (nightly toolchain with rust-src, offline: std's vendored crates)
# and runs it under node on the given files (default: the 300-line module
# of crates/compiler/tests/codegen_memory.rs).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
vendor=$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library/vendor
(cd "$root/tools/compile-ram" && CARGO_TARGET_DIR=$target_dir cargo +nightly build --quiet --release \
  --target wasm32-unknown-unknown -Z build-std=core,alloc \
  --config "source.crates-io.replace-with='rust-src-vendor'" \
  --config "source.rust-src-vendor.directory='$vendor'")
if [ $# -eq 0 ]; then
  set -- "$root/crates/compiler/tests/codegen/module300.py"
fi
exec node "$root/tools/compile-ram.mjs" \
  "$target_dir/wasm32-unknown-unknown/release/pyrite_compile_ram.wasm" "$@"
