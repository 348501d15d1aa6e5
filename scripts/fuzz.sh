#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan) and runs each for a bounded
# time: HEARTH_FUZZ_SECONDS per fuzzer (default 60). Exits non-zero on any finding; crashing
# inputs are kept under build-fuzz/fuzz-work/<fuzzer>/artifacts/ and printed as a repro command.
# Corpora persist in build-fuzz/fuzz-work/<fuzzer>/corpus between runs; seeds are generated
# at run time by <fuzzer>_seeds from small built-in cases and the shared models.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${HEARTH_FUZZ_SECONDS:-60}"
shared="${HEARTH_SHARED_DIR:-$(pwd)/../shared}"
jobs="$(nproc)"

cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j "$jobs" --target hearth_fuzzers

work=build-fuzz/fuzz-work
status=0
found=0
for fuzzer in build-fuzz/tests/fuzz/*_fuzzer; do
  [ -x "$fuzzer" ] || continue
  found=1
  name="$(basename "$fuzzer")"
  dir="$work/$name"
  rm -rf "$dir/seeds"
  mkdir -p "$dir/corpus" "$dir/seeds" "$dir/artifacts"
  if [ -x "${fuzzer}_seeds" ]; then
    models=()
    for f in "$shared"/models/*.gguf "$shared"/models/random/*.gguf "$shared"/fixtures/quant/*.gguf \
             "$shared"/fixtures/tokenizer/*.gguf; do
      [ -f "$f" ] && models+=("$f")
    done
    "${fuzzer}_seeds" "$dir/seeds" "${models[@]}"
  fi
  echo "== $name: ${seconds}s"
  # -max_len: GGUF headers with a few metadata arrays fit in 64 KB. -malloc_limit_mb: a parser
  # given 64 KB that allocates 512 MB at once has a bug (a length or count trusted too early).
  if ! "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -malloc_limit_mb=512 \
       -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" "$dir/seeds" \
       2> "$dir/log.txt"; then
    status=1
    tail -n 60 "$dir/log.txt"
    echo "!! $name found a problem; reproduce with: $fuzzer $dir/artifacts/<file>"
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$dir/log.txt" || true
  fi
done
if [ "$found" = 0 ]; then
  echo "no fuzzers were built" >&2
  exit 1
fi
exit "$status"
