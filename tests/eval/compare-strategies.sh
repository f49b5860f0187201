#!/usr/bin/env bash
# Runs `chipfinder-cli simulate` (5 runs, batch 25, 3+3 start, threshold 0.9) on every set that
# build-real-sets.sh wrote into DIR and prints one table row per set: iterations to 90 %
# MEAN recall (first iteration where the mean curve over the runs reaches it) of auto, of the best
# fixed strategy, of the former defaults (centroid: search;
# random-positive: the app's first strategy) and of the oracle and random reference curves, and
# auto / best. Per-set CSV/JSON and the CLI summary are kept in DIR/sim/.
#
# Usage: tests/eval/compare-strategies.sh DIR [CLI] [SET ...]
#   STRATEGIES=auto,classifier,... to simulate other strategies (auto first); RUNS=5, MAXITER=200.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:?usage: compare-strategies.sh DIR [CLI] [SET ...]}"
cli="${2:-$here/build/dev/app/chipfinder-cli}"
shift $(($# >= 2 ? 2 : 1))
strategies="${STRATEGIES:-auto,random-positive,centroid,knn-union,common-similar,common-contrastive,pruned,rocchio,classifier,learned-metric,diverse}"
runs="${RUNS:-5}"
maxiter="${MAXITER:-200}"
mkdir -p "$dir/sim"
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
    for truth in "$dir"/*.truth; do sets+=("$(basename "$truth" .truth)"); done
fi
printf '%-20s %6s %6s %-20s %6s %9s %16s %7s %7s\n' set auto best "(best strategy)" auto/best \
    centroid random-positive oracle random
for name in "${sets[@]}"; do
    truth="$(cat "$dir/$name.truth")"
    "$cli" simulate "$dir/$name.gpkg" --truth "$truth" --strategies "$strategies" --runs "$runs" \
        --batch 25 --start-pos 3 --start-neg 3 --threshold 0.9 --max-iter "$maxiter" \
        --out "$dir/sim/$name.csv" --json "$dir/sim/$name.json" >"$dir/sim/$name.txt"
    python3 - "$dir/sim/$name.json" "$name" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
threshold = data["config"]["threshold"]
def median(s):
    # Rounds to the threshold of the MEAN recall curve (the issue's measure); inf if never.
    for i, r in enumerate(s["mean_recall"]):
        if r >= threshold - 1e-12:
            return i
    return float("inf")
by = {s["strategy"]: s for s in data["strategies"]}
fixed = [s for s in data["strategies"] if not s["reference"] and s["strategy"] != "auto"]
best = min(fixed, key=median)
fmt = lambda v: "-" if v == float("inf") else ("%g" % v)
get = lambda n: fmt(median(by[n])) if n in by else "n/a"
a, b = median(by["auto"]), median(best)
print("%-20s %6s %6s %-20s %6s %9s %16s %7s %7s" % (sys.argv[2], fmt(a), fmt(b), best["strategy"],
      "%.2f" % (a / b) if b not in (0, float("inf")) else "-", get("centroid"),
      get("random-positive"), get("oracle"), get("random")))
PY
done
