#!/usr/bin/env bash
# Builds and lints every .bicep file under infra/ with the project's own Bicep CLI
# (tools/bicep.sh). Any diagnostic, warning or error, fails the script: the templates stay clean.
# Usage: bash infra/build.sh [outdir]   (compiled ARM JSON goes to outdir, default a temp folder)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
outdir="${1:-$(mktemp -d)}"
mkdir -p "$outdir"
cd "$root"

count="$(find infra -name '*.bicep' | wc -l)"
if [[ "$count" -eq 0 ]]; then
  echo "infra/build.sh: no .bicep files found" >&2
  exit 1
fi

failed=0
for args in "build --pattern infra/**/*.bicep --outdir $outdir" "lint --pattern infra/**/*.bicep"; do
  # shellcheck disable=SC2086 # the pattern is for Bicep to expand, not the shell
  if ! output="$(set -f; bash tools/bicep.sh $args 2>&1)"; then
    failed=1
  fi
  if grep -Eq ' : (Warning|Error|Info) ' <<<"$output"; then
    failed=1
  fi
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output"
  fi
done

if [[ "$failed" -ne 0 ]]; then
  echo "infra/build.sh: the diagnostics above are failures ($count files)" >&2
  exit 1
fi
echo "infra/build.sh: $count files built and linted with no diagnostics into $outdir"
