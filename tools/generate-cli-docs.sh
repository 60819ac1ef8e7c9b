#!/usr/bin/env bash
# Regenerates the "## Commands" part of docs/cli.md from `sure <command> --help` (everything above it is kept).
# Usage, from the repository root after a Release build: tools/generate-cli-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sure=src/Sure.Cli/bin/Release/net10.0/sure
[ -x "$sure" ] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
doc=docs/cli.md
tmp=$(mktemp)
sed '/^## Commands$/,$d' "$doc" > "$tmp"
echo "## Commands" >> "$tmp"
section() {
  printf '\n### sure %s\n\n```text\n' "$*" >> "$tmp"
  COLUMNS=200 "$sure" "$@" --help | sed 's/[[:space:]]*$//' >> "$tmp"
  printf '```\n' >> "$tmp"
}
section
for c in $("$sure" --help | sed -n '/^Commands:/,$p' | tail -n +2 | awk 'NF {print $1}'); do
  section "$c"
  for s in $("$sure" "$c" --help | sed -n '/^Commands:/,$p' | tail -n +2 | awk 'NF {print $1}'); do section "$c" "$s"; done
done
mv "$tmp" "$doc"
echo "wrote $doc"
