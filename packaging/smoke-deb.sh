#!/usr/bin/env bash
# Smoke test of the installed Debian package, where the source tree is absent:
#   packaging/smoke-deb.sh [DEB]      (default: build/deb/chipfinder_*.deb; needs root)
# Installs DEB (dpkg -i, then apt-get -f install for missing dependencies), then, in a scratch
# HOME and working directory, with the source tree hidden (a private mount namespace with an
# empty tmpfs over it, when unshare is allowed; else it checks that no installed binary names
# the source tree):
#   1. chipfinder-cli info on the installed demo raster;
#   2. chipfinder --demo (QT_QPA_PLATFORM=offscreen) builds the demo from the installed raster and
#      creates its project; chipfinder-cli project show then reads that project (1140 chips);
#   3. man pages, the MIME type of *.chipfinder.gpkg (after the shared-mime-info trigger), the
#      desktop file and the AppStream file are installed.
# Leaves the package installed (dpkg -r chipfinder removes it). Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls "$root"/build/deb/chipfinder_*.deb 2>/dev/null | head -n 1)}"
[ -f "$deb" ] || { echo "smoke-deb: no .deb (run packaging/build-deb.sh first)" >&2; exit 1; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

export DEBIAN_FRONTEND=noninteractive
if ! $sudo dpkg -i "$deb"; then
  $sudo apt-get install -y -f --no-install-recommends
fi
dpkg-query -W -f='${Status} ${Version}\n' chipfinder | grep -q "install ok installed"

scratch="$(mktemp -d /tmp/chipfinder-smoke.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/check.sh" <<'CHECK'
set -euo pipefail
cd "$SCRATCH"
export HOME="$SCRATCH/home" XDG_RUNTIME_DIR="$SCRATCH/run" LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
if [ -e "$SOURCE/CMakeLists.txt" ]; then
  echo "source tree still visible: checking the binaries do not name it"
  for binary in /usr/bin/chipfinder /usr/bin/chipfinder-cli; do
    if grep -q -a -F "$SOURCE" "$binary"; then echo "FAIL: $binary names $SOURCE" >&2; exit 1; fi
  done
else
  echo "source tree hidden: $SOURCE is empty here"
fi
demo=/usr/share/chipfinder/demo/m_4709963_se_14_1_20200831.tif

echo "== chipfinder-cli info (installed demo raster)"
chipfinder-cli info "$demo"

echo "== chipfinder --demo (offscreen)"
QT_QPA_PLATFORM=offscreen chipfinder --demo > gui.log 2>&1 &
gui=$!
project=""
for _ in $(seq 1 240); do
  project="$(find "$HOME" -name demo.chipfinder.gpkg 2>/dev/null | head -n 1)"
  [ -n "$project" ] && break
  kill -0 "$gui" 2>/dev/null || break
  sleep 0.5
done
sleep 2 # the project is open and its dataset loading
alive=1; kill -0 "$gui" 2>/dev/null || alive=0
kill "$gui" 2>/dev/null || true
wait "$gui" 2>/dev/null || true
cat gui.log
[ "$alive" = 1 ] || { echo "FAIL: chipfinder --demo exited early" >&2; exit 1; }
[ -n "$project" ] || { echo "FAIL: chipfinder --demo made no demo project" >&2; exit 1; }
echo "demo project: $project"
chipfinder-cli project show "$project" | tee show.txt
grep -q "(1140 chips)" show.txt
chips="$(find "$HOME" -name naip-demo-chips.gpkg | head -n 1)"
chipfinder-cli info "$chips" | grep -q "^Chips: *1140"

echo "== installed files"
for f in /usr/share/man/man1/chipfinder.1.gz /usr/share/man/man1/chipfinder-cli.1.gz \
         /usr/share/doc/chipfinder/copyright /usr/share/doc/chipfinder/changelog.gz \
         /usr/share/applications/chipfinder.desktop \
         /usr/share/metainfo/io.github.chipfinder.Chipfinder.metainfo.xml \
         /usr/share/mime/packages/chipfinder.xml; do
  [ -f "$f" ] || { echo "FAIL: $f missing" >&2; exit 1; }
done
zcat /usr/share/man/man1/chipfinder-cli.1.gz | grep -q 'chipfinder-cli project'
[ -f /usr/share/mime/application/x-chipfinder-project.xml ] ||
  { echo "FAIL: the MIME database has no application/x-chipfinder-project" >&2; exit 1; }
echo "smoke-deb: OK"
CHECK

export SCRATCH="$scratch" SOURCE="$root"
if unshare --mount --propagation private true 2>/dev/null; then
  $sudo env SCRATCH="$scratch" SOURCE="$root" unshare --mount --propagation private \
    bash -c 'mount -t tmpfs tmpfs "$SOURCE" && exec bash "$SCRATCH/check.sh"'
else
  bash "$scratch/check.sh"
fi
