# Local services for the demo and the tests: Azurite (npm package of this repository) and smtp4dev
# (dotnet tool of this repository's manifest), both bound to loopback. Source this file.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The emulator's documented development account: a public, well-known key, not a secret.
DEV_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

install_dependencies() {
  command -v node >/dev/null || { echo "Node.js (with npm) is required for Azurite" >&2; return 1; }
  if [ ! -x "$REPO_ROOT/node_modules/.bin/azurite" ] || [ "$REPO_ROOT/package-lock.json" -nt "$REPO_ROOT/node_modules/.package-lock.json" ]; then
    log "Installing Azurite from package.json (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  log "Restoring dotnet tools (.config/dotnet-tools.json)"
  (cd "$REPO_ROOT" && dotnet tool restore >/dev/null)
}

# install_browser: Debian's chromium and fonts-noto-cjk, when missing (apt, non-interactive and quiet).
install_browser() {
  local missing=() sudo=""
  [ -x "${CULTIVATION_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  # Not "fc-list | grep -q": grep quits at the first match, fc-list dies of SIGPIPE and pipefail calls the font missing.
  { command -v fc-list >/dev/null && [ -n "$(fc-list 'Noto Sans CJK SC' family)" ]; } || missing+=(fonts-noto-cjk)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "Installing ${missing[*]} with apt (for the browser tests)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

wait_for_port() { # host port seconds
  local deadline=$((SECONDS + ${3:-30}))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for $1:$2" >&2; return 1; fi
    sleep 0.3
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_azurite <blob port> <data dir>: blob, queue and table on <port>, <port>+1, <port>+2.
start_azurite() {
  local blob=$1 dir=$2 queue=$(($1 + 1)) table=$(($1 + 2))
  AZURITE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$DEV_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  export AZURITE_CONNECTION
  if port_in_use "$blob" && port_in_use "$table"; then
    log "Azurite already listening on 127.0.0.1:$blob-$table"
    return 0
  fi
  mkdir -p "$dir"
  log "Starting Azurite on 127.0.0.1:$blob (blob), $queue (queue), $table (table)"
  echo "blobPort $blob" >"$dir/azurite.match"
  "$REPO_ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" --location "$dir" >"$dir/azurite.log" 2>&1 &
  echo $! >"$dir/azurite.pid"
  wait_for_port 127.0.0.1 "$blob" 60 && wait_for_port 127.0.0.1 "$table" 60
}

# start_smtp4dev <smtp port> <web port> <data dir>
start_smtp4dev() {
  local smtp=$1 web=$2 dir=$3
  SMTP4DEV_URL="http://127.0.0.1:$web"
  export SMTP4DEV_URL SMTP4DEV_PORT=$smtp
  if port_in_use "$smtp" && port_in_use "$web"; then
    log "smtp4dev already listening on 127.0.0.1:$smtp (web $SMTP4DEV_URL)"
    return 0
  fi
  mkdir -p "$dir"
  log "Starting smtp4dev: SMTP 127.0.0.1:$smtp, web UI $SMTP4DEV_URL"
  echo "smtpport=$smtp" >"$dir/smtp4dev.match"
  (cd "$REPO_ROOT" && exec dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$web" --smtpport="$smtp" \
    --bindaddress=127.0.0.1 --disableipv6 --imapport="" --pop3port="" --db="" --hostname=localhost \
    >"$dir/smtp4dev.log" 2>&1) &
  echo $! >"$dir/smtp4dev.pid"
  wait_for_port 127.0.0.1 "$smtp" 90 && wait_for_port 127.0.0.1 "$web" 90
}

stop_services() { # <data dir>…
  local dir pid
  for dir in "$@"; do
    for pid in "$dir"/*.pid; do
      [ -f "$pid" ] || continue
      kill "$(cat "$pid")" 2>/dev/null || true
      pkill -P "$(cat "$pid")" 2>/dev/null || true
      rm -f "$pid"
    done
    # The tool host may leave its server as a grandchild: stop it by its own command line.
    for match in "$dir"/*.match; do
      [ -f "$match" ] || continue
      pkill -f -- "$(cat "$match")" 2>/dev/null || true
      rm -f "$match"
    done
  done
}
