#!/usr/bin/env bash
# Builds one libFuzzer harness with clang (ASan + UBSan + libFuzzer, the reader sources compiled
# in with coverage) and runs it for a fixed time from a seed corpus. Exit status non-zero on any
# finding (crash, sanitizer report, leak, timeout of one input).
# Usage: run-fuzz.sh CLANGXX SOURCE_DIR WORK_DIR HARNESS SECONDS
set -euo pipefail
clangxx="$1"; source="$2"; work="$3"; harness="$4"; seconds="$5"
mkdir -p "$work/corpus-$harness"
core="$source/core"
common=("$core/common/errors.cpp" "$core/common/atomicfile.cpp" "$core/common/largepages.cpp"
        "$core/common/feedback.cpp" "$core/dataset/embeddingmatrix.cpp" "$core/dataset/npyfile.cpp")
case "$harness" in
  fuzz_npy) sources=("${common[@]}") ;;
  fuzz_vector) sources=("${common[@]}" "$core/common/text.cpp" "$core/dataset/dataset.cpp"
                        "$core/dataset/datasetbuilder.cpp" "$core/dataset/embeddingcolumns.cpp"
                        "$core/dataset/imageryreference.cpp"
                        "$core/dataset/vectordatasetreader.cpp") ;;
  *) echo "unknown harness $harness" >&2; exit 2 ;;
esac
"$clangxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$core" -I/usr/include/eigen3 $(gdal-config --cflags) \
  "$source/tests/fuzz/$harness.cpp" "${sources[@]}" $(gdal-config --libs) -lpthread \
  -o "$work/$harness"
cp -n "$source/tests/fuzz/seeds/$harness/"* "$work/corpus-$harness/" 2>/dev/null || true
cd "$work"
ASAN_OPTIONS=detect_leaks=0 "./$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 "corpus-$harness"
