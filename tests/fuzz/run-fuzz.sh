#!/usr/bin/env bash
# Builds one libFuzzer harness with clang (ASan + UBSan + libFuzzer, the core sources it needs
# compiled in with coverage) and runs it for a fixed time from a seed corpus. Exit status non-zero
# on any finding (crash, sanitizer report, timeout of one input) or build failure.
# The core sources are found from the includes, not listed by hand: every core header the harness
# (or an added source) includes brings in the .cpp of the same name (and its _avx2.cpp), until
# nothing new is included. A definition that lives elsewhere shows up as a link error here.
# Objects go through ccache when it is installed, so harnesses share the compile.
# Usage: run-fuzz.sh CLANGXX SOURCE_DIR WORK_DIR HARNESS SECONDS [DUCKDB_DIR]
set -euo pipefail
clangxx="$1"; source="$2"; work="$3"; harness="$4"; seconds="$5"; duckdb="${6:-}"
core="$source/core"
objects="$work/obj-$harness"
mkdir -p "$work/corpus-$harness" "$objects"
launcher=()
if command -v ccache >/dev/null; then launcher=(ccache); fi

# clang 14 does not know every feature name GCC's __builtin_cpu_supports takes (f16c): the
# harnesses run the portable kernels.
flags=(-std=c++20 -O1 -g -I"$core" -I/usr/include/eigen3 $(gdal-config --cflags)
       '-D__builtin_cpu_supports(feature)=0')
libs=($(gdal-config --libs) -lsqlite3 -lpthread)
if [ -n "$duckdb" ]; then
  flags+=(-I"$duckdb/include" -DCHIPFINDER_HAVE_DUCKDB=1)
  libs+=(-L"$duckdb/lib" -lduckdb -Wl,-rpath,"$duckdb/lib")
fi
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)

# The include closure of the harness over core/.
declare -A seen
queue=("$source/tests/fuzz/$harness.cpp")
sources=()
while [ ${#queue[@]} -gt 0 ]; do
  file="${queue[0]}"; queue=("${queue[@]:1}")
  for header in $("$clangxx" -MM "${flags[@]}" "$file" | tr -d '\\' | tr ' ' '\n' |
                  grep -E "^$core/.*\.h$" || true); do
    for candidate in "${header%.h}.cpp" "${header%.h}_avx2.cpp"; do
      if [ -f "$candidate" ] && [ -z "${seen[$candidate]:-}" ]; then
        seen[$candidate]=1
        sources+=("$candidate")
        queue+=("$candidate")
      fi
    done
  done
done
echo "$harness: ${#sources[@]} core sources: ${sources[*]#"$core/"}"

built=()
for file in "${sources[@]}"; do
  relative="${file#"$core/"}"
  object="$objects/${relative//\//_}.o"
  extra=()
  case "$file" in *_avx2.cpp) extra=(-mavx2 -mfma -mf16c) ;; esac
  "${launcher[@]}" "$clangxx" "${flags[@]}" "${extra[@]}" "${sanitize[@]}" \
    -fsanitize=fuzzer-no-link -c "$file" -o "$object"
  built+=("$object")
done
"$clangxx" "${flags[@]}" "${sanitize[@]}" -fsanitize=fuzzer \
  "$source/tests/fuzz/$harness.cpp" "${built[@]}" "${libs[@]}" -o "$work/$harness"

cp -n "$source/tests/fuzz/seeds/$harness/"* "$work/corpus-$harness/" 2>/dev/null || true
cd "$work"
ASAN_OPTIONS=detect_leaks=0 "./$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 "corpus-$harness"
