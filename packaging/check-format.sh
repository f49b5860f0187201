#!/usr/bin/env bash
# Fails (listing the files) if a C++ source is not formatted by clang-format with .clang-format.
# Run by CTest as the test "format" when clang-format is installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bad=()
while IFS= read -r -d '' file; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done < <(find app core i18n tests widgets \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
if [ "${#bad[@]}" -gt 0 ]; then
  printf 'not clang-format clean (run clang-format -i on them):\n' >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "all sources clang-format clean"
