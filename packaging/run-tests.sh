#!/usr/bin/env bash
# Installs the dependencies, configures, builds and runs every test twice: the optimised build
# (build/ci, warnings as errors) and the ASan + UBSan build (build/asan, -O1, no benchmarks).
# The README's test command, and what .ci/run calls.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash packaging/install-deps.sh
jobs="$(nproc)"
cmake --preset ci
cmake --build --preset ci -j "$jobs"
ctest --preset ci
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan
