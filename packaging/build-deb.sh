#!/usr/bin/env bash
# Builds the Debian package of Chipfinder and checks it with lintian:
#   packaging/build-deb.sh            → build/deb/chipfinder_<version>_<arch>.deb
# A Release build installed under /usr with stripped binaries, man pages generated from --help
# (help2man), the demo read from /usr/share/chipfinder/demo only (never from this source tree),
# copyright and changelog in /usr/share/doc/chipfinder. Needs packaging/install-deps.sh.
# Environment: CHIPFINDER_DEB_BUILD_DIR (default build/deb), JOBS (default nproc),
# LINTIAN=0 to skip the lintian check. Exits non-zero when lintian reports an error or warning.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CHIPFINDER_DEB_BUILD_DIR:-$root/build/deb}"
jobs="${JOBS:-$(nproc)}"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DCHIPFINDER_BUILD_TESTS=OFF \
  -DCHIPFINDER_BUILD_BENCH=OFF \
  -DCHIPFINDER_DEMO_FROM_SOURCE=OFF \
  -DCHIPFINDER_MAN_PAGES=ON
cmake --build "$build" -j "$jobs"
rm -f "$build"/chipfinder_*.deb
(cd "$build" && cpack -G DEB)
deb="$(ls "$build"/chipfinder_*.deb)"
echo "Built $deb"

if [ "${LINTIAN:-1}" != 0 ]; then
  # --fail-on warning: errors and warnings fail the build; info and pedantic tags are shown.
  lintian --info --fail-on error,warning "$deb"
  echo "lintian: no errors or warnings"
fi
