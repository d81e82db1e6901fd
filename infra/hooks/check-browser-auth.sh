#!/usr/bin/env bash
# check-browser-auth.sh <base url>: fails (exit 1) if a deployed browser route serves a request that carries a FORGED
# X-MS-CLIENT-PRINCIPAL (a Leader, base64 JSON, made up here). With App Service Authentication on, the platform
# replaces the caller's header, so the forgery must be refused (401/403) or sent to sign in (302); anything served
# (2xx) means the pages are open to whoever types a header. The postdeploy hooks run it after each deployment.
set -uo pipefail
base="${1:?usage: check-browser-auth.sh https://<app>.azurewebsites.net}"
base="${base%/}"
forged="$(printf '%s' '{"auth_typ":"aad","claims":[{"typ":"roles","val":"Leader"},{"typ":"name","val":"forged"}],"name_typ":"name","role_typ":"roles"}' | base64 | tr -d '\n')"
year="$(date -u +%Y)"
failed=0
for route in "/api/dashboard" "/api/exports/$year"; do
  for accept in "application/json" "text/html"; do
    status="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 60 \
      --header "X-MS-CLIENT-PRINCIPAL: $forged" --header "Accept: $accept" "$base$route")"
    case "$status" in
      2??) echo "check-browser-auth: $route served a forged principal (HTTP $status, Accept: $accept): the browser pages are not protected" >&2; failed=1 ;;
      000) echo "check-browser-auth: $route did not answer" >&2; failed=1 ;;
      *) echo "check-browser-auth: $route refused a forged principal (HTTP $status, Accept: $accept)" ;;
    esac
  done
done
exit "$failed"
