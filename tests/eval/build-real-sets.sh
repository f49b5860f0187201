#!/usr/bin/env bash
# Builds the real evaluation sets of the `auto` strategy (README, "How auto works") into the
# directory given as argument: chips + built-in embeddings + ground truth derived from NDWI
# (chipfinder-cli embed --water-truth). Each set is DIR/<name>.gpkg with a truth column named in
# DIR/<name>.truth (read by compare-strategies.sh). Sources: the demo raster in resources/demo
# and ../shared/data (opengeos/data, see its README). Existing files are kept (delete to rebuild).
#
# Usage: tests/eval/build-real-sets.sh DIR [CLI]   (CLI default: build/dev/app/chipfinder-cli)
#
# Sets (the last two are held out: never used to choose auto's arms or priors):
#   demo-pond          NAIP 2020 demo, 24 px chips, pond chips (≥ 5 % water in bodies ≤ 5 ha)
#   demo-water         the same chips, any water (≥ 5 %)
#   landsat2020-water  Landsat Pucallpa 2020 (SWIR1,NIR,Red,Green), 8 px chips (240 m), water
#                      (Ucayali river, oxbow lakes)
#   naip2019-pond      NAIP 2019 of the demo place, 24 px chips, pond chips
#   landsat1995-water  held out: Landsat Pucallpa 1995, 8 px chips, water
#   naip2015-water     held out: NAIP 2015, 24 px chips, any water (its pond truth has only 19 chips)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: build-real-sets.sh DIR [CLI]}"
cli="${2:-$here/build/dev/app/chipfinder-cli}"
data="$here/../shared/data"
[ -d "$data" ] || data=/work/shared/data
mkdir -p "$out"

build() { # name truth-column raster [embed options...]
    local name=$1 truth=$2 raster=$3
    shift 3
    if [ ! -f "$out/$name.gpkg" ]; then
        "$cli" embed "$raster" --out "$out/$name.gpkg" "$@" >"$out/$name.log" 2>&1 ||
            { cat "$out/$name.log" >&2; exit 1; }
    fi
    echo "$truth" >"$out/$name.truth"
    echo "$name: $(grep -h 'Ground truth' "$out/$name.log" || true)"
}

demo="$here/resources/demo/m_4709963_se_14_1_20200831.tif"
build demo-pond pond "$demo" --chip-size 24 --water-truth 0.05
[ -f "$out/demo-water.gpkg" ] || cp "$out/demo-pond.gpkg" "$out/demo-water.gpkg"
cp "$out/demo-pond.log" "$out/demo-water.log"
build demo-water water "$demo"
build landsat2020-water water "$data/landsat-pucallpa/2020.tif" --chip-size 8 --water-truth 0.05 \
    --green-band 4 --nir-band 2
build naip2019-pond pond "$data/naip/m_4709963_se_14_1_20190904.tif" --chip-size 24 \
    --water-truth 0.05
build landsat1995-water water "$data/landsat-pucallpa/1995.tif" --chip-size 8 --water-truth 0.05 \
    --green-band 4 --nir-band 2
build naip2015-water water "$data/naip/m_4709963_se_14_1_20150926.tif" --chip-size 24 \
    --water-truth 0.05
