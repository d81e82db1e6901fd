#!/usr/bin/env bash
# The whole test suite: starts what the tests need (Azurite and smtp4dev on loopback, on ports of
# their own), runs every test project, and ends with the line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# CULTIVATION_TEST_PORT moves every port (Azurite on it and the next two, smtp4dev on +25 and +80), so that
# several checkouts can run their suites side by side.
PORT=${CULTIVATION_TEST_PORT:-20000}
DATA="$REPO_ROOT/.run/test-$PORT"
rm -rf "$DATA"
trap 'stop_services "$DATA/azurite" "$DATA/smtp4dev"' EXIT

install_dependencies || exit 1
# The browser tests drive Debian's Chromium and need a CJK font; installed here when missing (CI runs as root).
case "Cultivation.Browser.Tests" in *${1:-}*) install_browser || exit 1 ;; esac
start_azurite "$PORT" "$DATA/azurite" || { cat "$DATA/azurite/azurite.log" >&2; exit 1; }
start_smtp4dev $((PORT + 25)) $((PORT + 80)) "$DATA/smtp4dev" || { cat "$DATA/smtp4dev/smtp4dev.log" >&2; exit 1; }

# Integration tests read these and fail (never skip) when the services are missing.
export CULTIVATION_TEST_STORAGE="$AZURITE_CONNECTION"
export CULTIVATION_TEST_SMTP_PORT="$SMTP4DEV_PORT" CULTIVATION_TEST_SMTP4DEV_URL="$SMTP4DEV_URL"

cd "$REPO_ROOT"
log "Building"
dotnet build Cultivation.sln -c Release -nologo -v quiet 2>&1 | grep -E "error|Warn|warn" | grep -v NU1603 || true
dotnet build Cultivation.sln -c Release -nologo -v quiet >/dev/null 2>&1 || { dotnet build Cultivation.sln -c Release -nologo; exit 1; }

passed=0; failed=0; status=0
mkdir -p "$DATA/results"
# An argument runs only the test projects whose name contains it (bash scripts/test.sh Integration).
for project in tests/*${1:-}*/*.csproj; do
  name="$(basename "$project" .csproj)"
  log "Testing $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$DATA/results" \
    2>&1 | tee "$DATA/results/$name.log" | grep -vE "^\s*$" | grep -E "^\s*(Failed|Passed!|Failed!|Skipped|Error Message|\s+at Cultivation|Total tests)" | head -200
  rc=${PIPESTATUS[0]}
  trx="$DATA/results/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  else
    failed=$((failed + 1)); echo "no results from $name" >&2
  fi
  [ "$rc" -eq 0 ] || status=1
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
