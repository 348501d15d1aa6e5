#!/usr/bin/env bash
# The one test command (`make test`, and what .ci/run calls): install, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

echo "== build (release) and unit/golden tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

if [ -x scripts/fuzz.sh ]; then
  echo "== fuzz every parser briefly"
  HEARTH_FUZZ_SECONDS="${HEARTH_FUZZ_SECONDS:-30}" scripts/fuzz.sh  # every fuzzer: keep CI short
fi

if [ -x scripts/test-arm.sh ]; then
  echo "== aarch64 kernels under qemu"
  scripts/test-arm.sh
fi
