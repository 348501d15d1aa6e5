#!/usr/bin/env bash
# Cross-compiles the kernel, tensor and base tests for aarch64 (preset arm64, Debian's
# g++-aarch64-linux-gnu) and runs them under qemu-user on two CPU models, so that both NEON
# kernel tables are checked against the scalar reference:
#   max         every extension qemu has, incl. SDOT/UDOT -> tests kScalar, kNeon, kNeonDotprod
#   cortex-a53  ARMv8.0 without dotprod                   -> tests kScalar, kNeon
# Idempotent (reuses build-arm64/); exits non-zero if a build or any test fails.
#   scripts/test-arm.sh [extra gtest flags, e.g. --gtest_filter='Quant*']
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-arm64
sysroot=/usr/aarch64-linux-gnu
jobs=${HEARTH_ARM_JOBS:-$(nproc)}
cpus=(max cortex-a53)

for tool in aarch64-linux-gnu-g++ qemu-aarch64 cmake ninja; do
  if ! command -v "$tool" >/dev/null; then
    echo "test-arm: $tool not found (run scripts/install-deps.sh)" >&2
    exit 1
  fi
done

# Test binaries exist only for folders with tests: tests/unit/<folder>/ -> hearth_<folder>_tests.
targets=()
for folder in kernels base tensor; do
  if compgen -G "tests/unit/$folder/*_test.cc" >/dev/null; then
    targets+=("hearth_${folder}_tests")
  fi
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "test-arm: no tests to build" >&2
  exit 1
fi

echo "test-arm: configure + build ${targets[*]} for aarch64"
cmake --preset arm64 -DHEARTH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"

# Fixture tests read ../shared; qemu-user passes the environment through to the test.
if [ -n "${HEARTH_SHARED_DIR:-}" ]; then
  export HEARTH_SHARED_DIR
fi

# Death tests re-execute the test binary (execve), which only works under qemu-user when the
# kernel knows to hand aarch64 binaries to qemu (binfmt_misc); without that they are skipped.
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && [ -z "${GTEST_FILTER:-}" ]; then
  echo "test-arm: no binfmt_misc entry for aarch64: skipping death tests (*DeathTest.*)"
  export GTEST_FILTER='-*DeathTest.*'
fi

failed=()
for cpu in "${cpus[@]}"; do
  for target in "${targets[@]}"; do
    echo "== $target on qemu-aarch64 -cpu $cpu"
    binary="$build_dir/tests/$target"
    if ! qemu-aarch64 -cpu "$cpu" -L "$sysroot" "$binary" --gtest_brief=1 "$@"; then
      failed+=("$target@$cpu")
    fi
  done
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "test-arm: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test-arm: all aarch64 tests passed on: ${cpus[*]}"
