#!/usr/bin/env bash
# Installs the dependencies, builds the app and opens it on the bundled demo data
# (the README's run command). Build tree: build/release.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash packaging/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)" --target chipfinder chipfinder-cli
exec ./build/release/app/chipfinder --demo "$@"
