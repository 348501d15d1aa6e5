#!/usr/bin/env bash
# Installs every Debian package Hearth's build, tests and tools need. Idempotent: packages that
# are already installed are skipped, and apt-get runs only when something is missing.
#   scripts/install-deps.sh          build + test dependencies
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # libraries
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  # the HTTP server (hearth serve)
  libcpp-httplib-dev
  # the model library: pulls over HTTPS (libcurl) and SHA-256 of blobs (OpenSSL)
  libcurl4-openssl-dev libssl-dev
  # Unicode categories, White_Space, case mapping, NFD (the tokenizers)
  libicu-dev
  # tests, benchmarks, fuzzing (libFuzzer ships with clang's runtime)
  libgtest-dev libbenchmark-dev clang libclang-rt-14-dev
  # bench/compare_llama_cpp.sh reads both engines' JSON with jq
  jq
  # bench/compare_serving.sh waits for the servers with curl
  curl
  # the ARM (Apple Silicon / Graviton) kernel tests: cross compiler + user-mode emulation
  g++-aarch64-linux-gnu qemu-user
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The API tests drive the server with the official openai and ollama npm clients. A machine
# with Node.js from elsewhere (NodeSource ships npm inside its nodejs) keeps it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
