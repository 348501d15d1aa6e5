#!/usr/bin/env bash
# Runs the kernel benchmarks and prints a compact table: the measured memory bandwidth, then per
# weight type the matrix-vector GB/s at 1 and 2 threads and their share of that bandwidth, then
# prompt-processing GFLOP/s.
#
#   bench/run_kernels.sh [path/to/hearth_kernels_bench] [extra benchmark flags...]
# Default binary: build-bench/bench/hearth_kernels_bench, else build/bench/hearth_kernels_bench.
# The full JSON is kept in ${HEARTH_BENCH_JSON:-/tmp/hearth_kernels_bench.json}.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-}"
if [[ -n "$bin" && -x "$bin" ]]; then
  shift
else
  bin=""
  for candidate in "$root/build-bench/bench/hearth_kernels_bench" \
                   "$root/build/bench/hearth_kernels_bench"; do
    if [[ -x "$candidate" ]]; then bin="$candidate"; break; fi
  done
fi
if [[ -z "$bin" ]]; then
  echo "hearth_kernels_bench not found; build it first (cmake --preset bench && cmake --build --preset bench)" >&2
  exit 1
fi

json="${HEARTH_BENCH_JSON:-/tmp/hearth_kernels_bench.json}"
filter="${HEARTH_BENCH_FILTER:-MemoryBandwidth|MatVec|MatMul}"
"$bin" --benchmark_filter="$filter" --benchmark_out="$json" --benchmark_out_format=json "$@" >&2

python3 - "$json" <<'EOF'
import json, re, sys

runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"]
        if b.get("run_type", "iteration") == "iteration" and not b.get("error_occurred")]

bandwidth = {}
matvec = {}   # type -> {threads: (GB/s, pct)}
matmul = []   # (type, tokens, GFLOP/s, label)
order = []
for b in runs:
    name = b["name"]
    m = re.match(r"BM_MemoryBandwidth/(\d+)", name)
    if m:
        bandwidth[int(m.group(1))] = b.get("best_GB/s", b.get("GB/s"))
        continue
    m = re.match(r"MatVec/([^/]+)/threads:(\d+)", name)
    if m:
        t = m.group(1)
        if t not in matvec:
            order.append(t)
        matvec.setdefault(t, {})[int(m.group(2))] = (b["GB/s"], b["pct_of_bw"])
        continue
    m = re.match(r"MatMul/([^/]+)/tokens:(\d+)", name)
    if m:
        matmul.append((m.group(1), int(m.group(2)), b["GFLOP/s"], b.get("label", "")))

if bandwidth:
    print("memory read bandwidth: " +
          ", ".join(f"{t}t {bw:.1f} GB/s" for t, bw in sorted(bandwidth.items())))
if matvec:
    print(f"\n{'type':<8} {'1t GB/s':>9} {'2t GB/s':>9} {'1t %bw':>7} {'2t %bw':>7}")
    for t in order:
        r = matvec[t]
        def cell(n, i, fmt):
            return format(r[n][i], fmt) if n in r else "-"
        print(f"{t:<8} {cell(1, 0, '9.1f'):>9} {cell(2, 0, '9.1f'):>9} "
              f"{cell(1, 1, '6.0f'):>6}% {cell(2, 1, '6.0f'):>6}%")
if matmul:
    print(f"\n{'type':<8} {'tokens':>6} {'GFLOP/s':>8}  kernel")
    for t, n, g, label in matmul:
        print(f"{t:<8} {n:>6} {g:>8.1f}  {label}")
EOF
