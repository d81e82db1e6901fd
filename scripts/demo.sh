#!/usr/bin/env bash
# The main job, end to end on this machine: start Azurite and smtp4dev on loopback, upload the sample
# city's filings, ingest them, print what was accepted and rejected (with the reports) and progress,
# and send the weekly alert to smtp4dev. Each run starts from empty storage; the services keep running
# afterwards so you can look around;
# `bash scripts/demo.sh --stop` stops them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
DATA="$REPO_ROOT/.run/demo"

if [ "${1:-}" = "--stop" ]; then stop_services "$DATA/azurite" "$DATA/smtp4dev"; log "stopped"; exit 0; fi

# Every run starts from empty storage, so the story (quarter by quarter, the late town) is the same each time.
stop_services "$DATA/azurite" "$DATA/smtp4dev"
rm -rf "$DATA"

# Services someone else started (another checkout's demo, a hand-started Azurite) hold data this run did not
# make: the story would not start from empty storage, so say so rather than run on top of them.
for port in 10000 10002 2525 5080; do
  if port_in_use "$port"; then
    echo "demo: 127.0.0.1:$port is already in use by a process this checkout did not start" >&2
    echo "demo: stop it first (for another checkout's demo: 'bash scripts/demo.sh --stop' there)" >&2
    exit 1
  fi
done

install_dependencies
start_azurite 10000 "$DATA/azurite"
start_smtp4dev 2525 5080 "$DATA/smtp4dev"

export AzureWebJobsStorage="$AZURITE_CONNECTION"
export DOTNET_ENVIRONMENT=Development
export Smtp__Host=127.0.0.1 Smtp__Port=2525 Smtp__Security=None
export Smtp__From="${Smtp__From:-cultivation@yongkang.example}" Alerts__To="${Alerts__To:-leaders@yongkang.example}"
# Who hears of each file's result (SPEC §4): 象珠镇, whose broken correction is rejected and corrected, and the bureau.
export City__Contacts__0__Source=象珠镇 City__Contacts__0__Email="${City__Contacts__0__Email:-xiangzhu@yongkang.example}"
export City__Contacts__1__Source=经信局 City__Contacts__1__Email="${City__Contacts__1__Email:-bureau@yongkang.example}"

log "Building the command-line tool"
dotnet build "$REPO_ROOT/tools/Cultivation.Cli" -c Release -v quiet -nologo >/dev/null
CLI=(dotnet "$REPO_ROOT/tools/Cultivation.Cli/bin/Release/net10.0/cultivation.dll")

cd "$REPO_ROOT"
"${CLI[@]}" demo "$@"
log "smtp4dev web UI (received mail): $SMTP4DEV_URL — Azurite data: $DATA/azurite"
