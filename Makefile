# Conveniences over CMake. `make run` and `make test` are the README's two commands.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build run test test-unit test-fuzz test-arm bench format clean

all: build

deps:
	scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# Installs what is missing, builds, and starts the main job: the API server on 127.0.0.1:11434
# over the GGUF files in $(HEARTH_MODELS). Extra flags: make run SERVE_ARGS="--parallel 8".
HEARTH_MODELS ?= $(HOME)/models
SERVE_ARGS ?=
run: build
	HEARTH_MODELS="$(HEARTH_MODELS)" $(BUILD)/hearth serve $(SERVE_ARGS)

# Installs what is missing, builds, and runs every test: unit + golden tests, a short fuzz run
# of every parser, and the kernel tests cross-compiled for aarch64 under qemu.
test:
	scripts/test.sh

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-fuzz: deps
	scripts/fuzz.sh

test-arm: deps
	scripts/test-arm.sh

bench: deps
	cmake -S . -B build-bench -G Ninja --preset bench
	cmake --build build-bench -j $(JOBS) --target hearth_kernels_bench
	build-bench/bench/hearth_kernels_bench

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-*
