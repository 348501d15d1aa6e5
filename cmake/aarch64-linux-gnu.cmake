# Cross build for 64-bit ARM Linux with Debian's g++-aarch64-linux-gnu (the arm64 preset);
# scripts/test-arm.sh runs the resulting test binaries under qemu-aarch64 (qemu-user).
#
# Libraries are searched only in the aarch64 sysroot, so host (x86-64) archives can never be
# linked by mistake. GoogleTest has no arm64 package on the host: tests/cross_gtest.cmake builds
# it from /usr/src/googletest instead. Header-only packages (CLI11) are architecture-neutral and
# are taken from the host so that configuring the app target still works.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(HEARTH_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${HEARTH_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${HEARTH_CROSS_TRIPLE}-g++)
set(HEARTH_CROSS_SYSROOT /usr/${HEARTH_CROSS_TRIPLE})

# GCC fuses a * b + c into FMADD on aarch64 even in ISO mode (-ffp-contract=fast), which changes
# the rounding of the scalar reference (e.g. ggml's round-by-adding-1.5*2^23 in the Q8_K
# quantizer): with it, reference bytes on ARM would differ from x86-64, where the baseline ISA
# has no FMA. The SIMD kernels use explicit fused intrinsics where they want them.
set(CMAKE_C_FLAGS_INIT "-ffp-contract=off")
set(CMAKE_CXX_FLAGS_INIT "-ffp-contract=off")

set(CMAKE_FIND_ROOT_PATH ${HEARTH_CROSS_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# CLI11 is header-only: its host package config is valid for any target.
if(NOT DEFINED CLI11_DIR AND EXISTS /usr/share/cmake/CLI11/CLI11Config.cmake)
  set(CLI11_DIR /usr/share/cmake/CLI11 CACHE PATH "Host CLI11 (header-only)")
endif()

# CTest (and gtest_discover_tests) run target binaries through qemu-user; `-L` points the
# emulated dynamic loader at the cross sysroot. `-cpu max` enables every extension qemu has
# (dotprod, fp16, ...); scripts/test-arm.sh also runs a CPU model without dotprod.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-cpu;max;-L;${HEARTH_CROSS_SYSROOT})
