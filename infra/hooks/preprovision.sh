#!/usr/bin/env bash
# azd preprovision hook: the Entra app registration people sign in with to the browser pages (App Service
# Authentication), with the app roles Leader and Analyst (infra/auth/app-roles.json) and group claims (a source's
# Entra group opens its own templates and workbooks). Created once; its client id goes into the azd environment
# as AUTH_CLIENT_ID, which main.parameters.json hands to infra/main.bicep. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ -n "${AUTH_CLIENT_ID:-}" ]]; then
  echo "preprovision: signing in through the app registration $AUTH_CLIENT_ID"
  exit 0
fi
command -v az >/dev/null 2>&1 || { echo "preprovision: the Azure CLI (az) is required; see docs/deploy.md" >&2; exit 1; }
: "${AZURE_ENV_NAME:?run through azd (azd up / azd provision)}"
name="cultivation-${AZURE_ENV_NAME}"
app="$(az ad app list --display-name "$name" --query "[0].appId" --output tsv)"
if [[ -z "$app" ]]; then
  app="$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg \
    --app-roles "@$root/infra/auth/app-roles.json" --enable-id-token-issuance true --query appId --output tsv)"
  echo "preprovision: created the app registration $name ($app)"
else
  az ad app update --id "$app" --app-roles "@$root/infra/auth/app-roles.json" --output none
fi
az ad app update --id "$app" --set groupMembershipClaims=SecurityGroup --identifier-uris "api://$app" --output none
az ad sp show --id "$app" --output none 2>/dev/null || az ad sp create --id "$app" --output none
azd env set AUTH_CLIENT_ID "$app"
echo "preprovision: AUTH_CLIENT_ID=$app; assign people the roles Leader or Analyst in Enterprise applications > $name"
