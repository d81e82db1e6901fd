#!/usr/bin/env bash
# The benchmark suite in one command: starts its own Azurite (127.0.0.1:31000-31002, fresh data),
# builds Release, runs every measurement and stops Azurite. Figures go to the console and to
# .run/bench/results.md (copy them into docs/performance.md). Extra arguments go to the benchmark,
# e.g. `bash bench/run.sh parse` or `bash bench/run.sh --runs 1 --no-large-city`. CULTIVATION_BENCH_PORT moves
# Azurite (default 31000), so two checkouts can measure side by side.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/services.sh"
DATA="$REPO_ROOT/.run/bench"
rm -rf "$DATA/azurite"
mkdir -p "$DATA"
trap 'stop_services "$DATA/azurite"' EXIT

install_dependencies
start_azurite "${CULTIVATION_BENCH_PORT:-31000}" "$DATA/azurite" || { cat "$DATA/azurite/azurite.log" >&2; exit 1; }
export CULTIVATION_BENCH_STORAGE="$AZURITE_CONNECTION"

cd "$REPO_ROOT"
log "Building bench/Cultivation.Benchmarks (Release)"
dotnet build bench/Cultivation.Benchmarks -c Release -nologo -v quiet >/dev/null 2>&1 || { dotnet build bench/Cultivation.Benchmarks -c Release -nologo; exit 1; }

log "Running the benchmarks"
bench/Cultivation.Benchmarks/bin/Release/net10.0/Cultivation.Benchmarks "$@" --files "$DATA/files" --out "$DATA/results.md"
