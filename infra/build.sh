#!/usr/bin/env bash
# Builds and lints every .bicep file under infra/ with the project's own Bicep CLI
# (tools/bicep.sh). Any diagnostic, warning or error, fails the script: the templates stay clean.
# Usage: bash infra/build.sh [outdir]   (compiled ARM JSON goes to outdir, default a temp folder)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
outdir="${1:-$(mktemp -d)}"
mkdir -p "$outdir"
bicep=(bash "$root/tools/bicep.sh")

failed=0
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  rel="${file#"$root"/}"
  target="$outdir/$(dirname "${rel#infra/}")"
  mkdir -p "$target"
  for command in build lint; do
    if [[ "$command" == build ]]; then
      args=(build "$file" --outdir "$target")
    else
      args=(lint "$file")
    fi
    if ! output="$("${bicep[@]}" "${args[@]}" 2>&1)"; then
      failed=1
    fi
    if grep -Eq ' : (Warning|Error) ' <<<"$output"; then
      failed=1
    fi
    if [[ -n "$output" ]]; then
      printf '%s\n' "$output"
    fi
  done
done < <(find "$root/infra" -name '*.bicep' -print0 | sort -z)

if [[ "$count" -eq 0 ]]; then
  echo "infra/build.sh: no .bicep files found" >&2
  exit 1
fi
if [[ "$failed" -ne 0 ]]; then
  echo "infra/build.sh: $count files, diagnostics above are failures" >&2
  exit 1
fi
echo "infra/build.sh: $count files built and linted clean into $outdir"
