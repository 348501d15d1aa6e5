#!/usr/bin/env bash
# Compares Hearth's speed with llama.cpp's on the same GGUF files: prompt processing (pp) and
# generation (tg) at 1 and 2 threads, both engines run alternately model by model (so drift in
# machine load hits both), and prints a markdown table.
#
#   LLAMA_CPP_BIN=/path/to/llama.cpp/build/bin bench/compare_llama_cpp.sh MODEL.gguf [MODEL.gguf...]
#
# LLAMA_CPP_BIN   folder holding llama.cpp's llama-bench, built beside the project (this script
#                 never builds it)
# HEARTH_BIN      the hearth binary (default: <repo>/build/hearth)
# BENCH_PROMPT, BENCH_GEN, BENCH_THREADS   -p, -n and -t for both tools (default 512, 128, 1,2)
# BENCH_KEEP_DIR  keep each run's raw JSON and stderr in this folder (default: a temporary one)
#
# Runs, per model: llama-bench -m MODEL -p 512 -n 128 -t 1,2 -o json
#             then hearth bench MODEL -p 512 -n 128 -t 1,2 --json
# ratio = hearth t/s / llama.cpp t/s (above 1: Hearth is faster). A run that fails is reported
# on stderr, its cells print "-", and the script exits 1 after printing the table.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
prompt="${BENCH_PROMPT:-512}"
gen="${BENCH_GEN:-128}"
threads="${BENCH_THREADS:-1,2}"
hearth="${HEARTH_BIN:-$root/build/hearth}"

die() { echo "compare_llama_cpp: $*" >&2; exit 2; }

[[ $# -ge 1 ]] || die "usage: LLAMA_CPP_BIN=DIR $0 MODEL.gguf [MODEL.gguf...]"
command -v jq >/dev/null || die "jq is missing (scripts/install-deps.sh installs it)"
[[ -n "${LLAMA_CPP_BIN:-}" ]] || die "set LLAMA_CPP_BIN to the folder holding llama-bench"
llama_bench="$LLAMA_CPP_BIN/llama-bench"
[[ -x "$llama_bench" ]] || die "$llama_bench is not an executable file"
[[ -x "$hearth" ]] || die "$hearth is not an executable file (build it, or set HEARTH_BIN)"
for model in "$@"; do
  [[ -f "$model" && -r "$model" ]] || die "$model: no such readable file"
done

if [[ -n "${BENCH_KEEP_DIR:-}" ]]; then
  out="$BENCH_KEEP_DIR"
  mkdir -p "$out"
else
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi

failed=0
# run NAME JSON_FILE COMMAND...: stdout must be JSON; on failure the file holds [] instead.
run() {
  local name="$1" json="$2"
  shift 2
  echo "compare_llama_cpp: $name: $*" >&2
  if ! "$@" >"$json" 2>"${json%.json}.log"; then
    echo "compare_llama_cpp: $name failed; last lines of its output:" >&2
    tail -n 5 "${json%.json}.log" >&2
    echo '[]' >"$json"
    failed=1
  elif ! jq empty "$json" 2>/dev/null; then
    echo "compare_llama_cpp: $name did not print valid JSON" >&2
    echo '[]' >"$json"
    failed=1
  fi
}

# Rows "model<TAB>test<TAB>threads<TAB>llama t/s<TAB>hearth t/s" ("" where a tool has none),
# sorted by test then threads. llama-bench names a test from n_prompt / n_gen as it does itself.
rows() {
  local model="$1" llama_json="$2" hearth_json="$3"
  jq -r -n --arg model "$model" --slurpfile llama "$llama_json" --slurpfile hearth "$hearth_json" '
    def test_name: if .n_gen == 0 then "pp\(.n_prompt)"
                   elif .n_prompt == 0 then "tg\(.n_gen)"
                   else "pp\(.n_prompt)+tg\(.n_gen)" end;
    [$llama[] | .. | objects | select(has("avg_ts") and has("n_threads"))
      | {test: test_name, threads: (.n_threads | tonumber), ts: .avg_ts, tool: "llama"}] as $l
    | [$hearth[] | .. | objects | select(has("tokens_per_second") and has("test"))
      | {test, threads: (.threads | tonumber), ts: .tokens_per_second, tool: "hearth"}] as $h
    | ($l + $h) | group_by([.test, .threads])[]
    | [$model, .[0].test, .[0].threads,
       (map(select(.tool == "llama")) | .[0].ts // ""),
       (map(select(.tool == "hearth")) | .[0].ts // "")]
    | @tsv'
}

table="$out/table.tsv"
: >"$table"
i=0
for model in "$@"; do
  i=$((i + 1))
  name="$(basename "$model")"
  run "llama-bench $name" "$out/$i.llama.json" \
    "$llama_bench" -m "$model" -p "$prompt" -n "$gen" -t "$threads" -o json
  run "hearth bench $name" "$out/$i.hearth.json" \
    "$hearth" bench "$model" -p "$prompt" -n "$gen" -t "$threads" --json
  model_rows="$(rows "$name" "$out/$i.llama.json" "$out/$i.hearth.json")"
  if [[ -z "$model_rows" ]]; then model_rows="$(printf '%s\t-\t-\t\t' "$name")"; fi
  printf '%s\n' "$model_rows" >>"$table"
done

echo "| model | test | threads | llama.cpp t/s | hearth t/s | ratio |"
echo "|---|---|---:|---:|---:|---:|"
awk -F'\t' '
  function cell(x) { return x == "" ? "-" : sprintf("%.2f", x) }
  {
    ratio = ($4 != "" && $5 != "" && $4 > 0) ? sprintf("%.2f", $5 / $4) : "-"
    printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, cell($4), cell($5), ratio
  }' "$table"
exit "$failed"
