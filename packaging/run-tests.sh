#!/usr/bin/env bash
# Installs the dependencies, configures, builds and runs every test (the README's test command,
# and what .ci/run calls). Build tree: build/ci.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash packaging/install-deps.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci
