#!/usr/bin/env bash
# Installs everything Chipfinder needs to build, test and run on Debian 12 (bookworm).
# Debian packages via apt-get; DuckDB's prebuilt C library (for GeoParquet where GDAL has no
# Parquet driver) via `npm pack` into third_party/duckdb (outside git, see .gitignore).
# Idempotent: re-running only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache clang-format
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-qpa-plugins libqt6opengl6-dev libgl-dev fonts-dejavu-core
  libgdal-dev gdal-bin libproj-dev proj-bin
  libeigen3-dev libfaiss-dev libopenblas-dev libomp-dev libxgboost-dev xgboost
  libsqlite3-dev sqlite3
  clang libclang-rt-14-dev  # libFuzzer harnesses of the readers (tests/fuzz)
  help2man lintian  # the .deb: man pages from --help, its check (packaging/build-deb.sh)
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# DuckDB C API: libduckdb.so from @duckdb/node-bindings-linux-x64, duckdb.h from duckdb (same release).
duck="$root/third_party/duckdb"
if [ ! -f "$duck/lib/libduckdb.so" ] || [ ! -f "$duck/include/duckdb.h" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$duck/lib" "$duck/include"
  (cd "$tmp" && npm pack --silent @duckdb/node-bindings-linux-x64@1.4.4-r.4 duckdb@1.4.4 >/dev/null)
  tar -xzf "$tmp"/duckdb-node-bindings-linux-x64-*.tgz -C "$tmp"
  cp "$(find "$tmp/package" -name 'libduckdb.so' | head -n 1)" "$duck/lib/"
  mkdir -p "$tmp/src"
  tar -xzf "$tmp"/duckdb-1.4.4.tgz -C "$tmp/src" package/src/duckdb/src/include/duckdb.h
  cp "$tmp/src/package/src/duckdb/src/include/duckdb.h" "$duck/include/"
  echo "DuckDB C library installed in $duck"
fi
