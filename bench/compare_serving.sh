#!/usr/bin/env bash
# Serving under concurrent load, Hearth against llama.cpp's server on the same model, threads
# and number of parallel sequences: aggregate generated tokens/s and time to first token with
# 1, 4 and 8 concurrent streams (bench/serve_load.mjs); then the engines without HTTP, as
# llama.cpp's batched benchmark measures them: `hearth bench -s` and llama-batched-bench (the
# figure issue 4's target is set against). Nothing runs at the same time as anything else.
#
#   LLAMA_CPP_BIN=/path/to/llama.cpp/build/bin bench/compare_serving.sh MODEL.gguf
#
# HEARTH_BIN        the hearth binary (default: <repo>/build/hearth)
# BENCH_THREADS     threads for both engines (default 2)
# BENCH_PARALLEL    parallel sequences (default 8)
# BENCH_STREAMS     concurrency levels (default 1,4,8)
# BENCH_MAX_TOKENS  tokens generated per request (default 128)
# BENCH_REQUESTS    requests per client at each level (default 2)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:?usage: LLAMA_CPP_BIN=DIR $0 MODEL.gguf}"
threads="${BENCH_THREADS:-2}"
parallel="${BENCH_PARALLEL:-8}"
streams="${BENCH_STREAMS:-1,4,8}"
max_tokens="${BENCH_MAX_TOKENS:-128}"
requests="${BENCH_REQUESTS:-2}"
hearth="${HEARTH_BIN:-$root/build/hearth}"
ctx=$((parallel * 1024))
port_hearth=18434
port_llama=18435

die() { echo "compare_serving: $*" >&2; exit 2; }
[[ -f "$model" ]] || die "$model: no such file"
[[ -x "$hearth" ]] || die "$hearth is not executable (build it, or set HEARTH_BIN)"
[[ -n "${LLAMA_CPP_BIN:-}" && -x "$LLAMA_CPP_BIN/llama-server" ]] ||
  die "set LLAMA_CPP_BIN to the folder holding llama-server and llama-batched-bench"
command -v node >/dev/null || die "node is missing (scripts/install-deps.sh installs it)"

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap stop_server EXIT

wait_ready() {  # URL
  for _ in $(seq 1 600); do
    if curl -sf "$1/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "server at $1 did not become ready"
}

name="$(basename "$model" .gguf)"
load() {  # LABEL URL
  node "$root/bench/serve_load.mjs" --url "$2" --model "$name" --streams "$streams" \
    --requests "$requests" --max-tokens "$max_tokens" --label "$1"
}

echo "== hearth serve ($threads threads, $parallel parallel)"
"$hearth" serve --model "$model" --port "$port_hearth" --threads "$threads" \
  --parallel "$parallel" --ctx-size "$((ctx / parallel))" >/tmp/compare_serving_hearth.log 2>&1 &
server_pid=$!
wait_ready "http://127.0.0.1:$port_hearth"
load hearth "http://127.0.0.1:$port_hearth"
stop_server

echo "== llama-server ($threads threads, $parallel parallel)"
"$LLAMA_CPP_BIN/llama-server" -m "$model" --port "$port_llama" -t "$threads" -tb "$threads" \
  -np "$parallel" -c "$ctx" >/tmp/compare_serving_llama.log 2>&1 &
server_pid=$!
wait_ready "http://127.0.0.1:$port_llama"
load llama-server "http://127.0.0.1:$port_llama"
stop_server

echo "== hearth bench -s (the engine without HTTP: prompt 64, generate $max_tokens, 1/4/8 sequences)"
"$hearth" bench "$model" -t "$threads" -p 64 -n "$max_tokens" -s "$streams"

if [[ -x "$LLAMA_CPP_BIN/llama-batched-bench" ]]; then
  echo "== llama-batched-bench (prompt 64, generate $max_tokens, 1/4/8 sequences)"
  "$LLAMA_CPP_BIN/llama-batched-bench" -m "$model" -t "$threads" -c "$ctx" -npp 64 \
    -ntg "$max_tokens" -npl "$streams" 2>/dev/null | grep -E '^\|'
fi
