#!/usr/bin/env bash
# Writes chipfinder-cli.1.gz (and chipfinder.1.gz) into OUTDIR from the programs' --help with
# help2man: the CLI page has a COMMANDS section with every subcommand's --help (and each
# `project` command's). Long lines are wrapped at 79 columns, as Qt wraps the option lists.
# Usage: make-man.sh HELP2MAN OUTDIR CHIPFINDER_CLI [CHIPFINDER]
set -euo pipefail
help2man="$1" out="$2" cli="$3" gui="${4:-}"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Qt warns on stderr without a runtime directory; only stdout (the help) goes into the pages.
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# roff-safe preformatted text: backslashes escaped, lines starting with . or ' protected.
roff() { fold -s -w 79 | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

{
  echo "[COMMANDS]"
  commands="$("$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ {print $1}')"
  for command in $commands; do
    echo ".SS \"chipfinder-cli $command\""
    echo ".nf"
    if [ "$command" = project ]; then
      "$cli" project --help | roff
      for sub in create label import review show; do
        echo
        "$cli" project "$sub" --help | roff
      done
    else
      "$cli" "$command" --help | roff
    fi
    echo ".fi"
  done
  cat <<'TEXT'
[EXIT STATUS]
0 on success, 1 on a data error (a file that cannot be read or written, bad content),
2 on a usage error (unknown command or option, missing argument, bad option value).
[SEE ALSO]
.BR chipfinder (1)
TEXT
} > "$tmp/cli.h2m"

"$help2man" --no-info --section=1 \
  --name="find similar satellite image chips from the command line" \
  --include="$tmp/cli.h2m" --output="$tmp/chipfinder-cli.1" "$cli"
gzip -9n -c "$tmp/chipfinder-cli.1" > "$out/chipfinder-cli.1.gz"

if [ -n "$gui" ]; then
  printf '[SEE ALSO]\n.BR chipfinder-cli (1)\n' > "$tmp/gui.h2m"
  "$help2man" --no-info --section=1 \
    --name="label satellite image chips and find similar ones" \
    --include="$tmp/gui.h2m" --output="$tmp/chipfinder.1" "$gui"
  gzip -9n -c "$tmp/chipfinder.1" > "$out/chipfinder.1.gz"
fi
