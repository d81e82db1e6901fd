#!/usr/bin/env bash
# azd postprovision hook: completes the app registration once the app exists: the sign-in callback of its host name,
# and the federated credential that lets App Service Authentication redeem sign-ins with the app's user-assigned
# identity (OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID), so no client secret exists. The issuer is the cloud's own
# login endpoint (Azure operated by 21Vianet included). Safe to run again.
set -euo pipefail
[[ -n "${AUTH_CLIENT_ID:-}" ]] || { echo "postprovision: AUTH_CLIENT_ID not set; App Service Authentication stays off"; exit 0; }
: "${AZURE_FUNCTION_URI:?run through azd}"
: "${AZURE_USER_ASSIGNED_IDENTITY_ID:?}"
: "${AZURE_TENANT_ID:?}"
callback="${AZURE_FUNCTION_URI%/}/.auth/login/aad/callback"
az ad app update --id "$AUTH_CLIENT_ID" --web-redirect-uris "$callback" --output none
login="$(az cloud show --query endpoints.activeDirectory --output tsv)"
subject="$(az identity show --ids "$AZURE_USER_ASSIGNED_IDENTITY_ID" --query principalId --output tsv)"
if [[ -z "$(az ad app federated-credential list --id "$AUTH_CLIENT_ID" --query "[?name=='app-service-sign-in'].name" --output tsv)" ]]; then
  az ad app federated-credential create --id "$AUTH_CLIENT_ID" --output none --parameters "{\"name\":\"app-service-sign-in\",\"issuer\":\"${login%/}/$AZURE_TENANT_ID/v2.0\",\"subject\":\"$subject\",\"audiences\":[\"api://AzureADTokenExchange\"]}"
fi
echo "postprovision: sign-in callback $callback; the app's identity redeems sign-ins (no client secret)"
