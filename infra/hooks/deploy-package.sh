#!/usr/bin/env bash
# Deploys the function app where it runs from a package URL (AZURE_FUNCTIONS_PLAN ElasticPremium or
# Dedicated, e.g. in Azure operated by 21Vianet): `azd deploy` cannot publish there (zip deploy is refused
# while WEBSITE_RUN_FROM_PACKAGE is a URL), so this publishes ./functions, uploads the zip to the code
# package container with Entra ID (the deployer holds Storage Blob Data Contributor on that container
# only), restarts the app, syncs its triggers and runs the postdeploy hook (the Event Grid subscription).
# Usage, after `azd provision`: bash infra/hooks/deploy-package.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in az dotnet python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deploy-package: $tool is required; see docs/deploy.md" >&2; exit 1; }
done

# The outputs of infra/main.bicep: from azd's environment when azd is there, else from the caller's.
if command -v azd >/dev/null 2>&1 && [[ -z "${AZURE_FUNCTION_NAME:-}" ]]; then
  eval "$(azd env get-values)"
  export AZURE_RESOURCE_GROUP AZURE_FUNCTION_NAME EVENTGRID_SYSTEM_TOPIC_NAME AZURE_USER_ASSIGNED_IDENTITY_ID \
    AZURE_STORAGE_ACCOUNT_NAME FILINGS_CONTAINER_NAME FILINGS_DEADLETTER_CONTAINER_NAME
fi
: "${AZURE_RESOURCE_GROUP:?run azd provision first (or export the outputs of infra/main.bicep)}"
: "${AZURE_FUNCTION_NAME:?}"
: "${CODE_STORAGE_ACCOUNT_NAME:?}"
: "${PACKAGE_CONTAINER_NAME:?}"
: "${PACKAGE_BLOB_NAME:?}"
if [[ "${AZURE_FUNCTIONS_PLAN:-FlexConsumption}" == "FlexConsumption" ]]; then
  echo "deploy-package: this app is on Flex Consumption; deploy it with 'azd deploy'." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "deploy-package: publishing ./functions"
dotnet publish "$root/functions/Cultivation.Functions.csproj" -c Release -o "$work/publish" -nologo -v quiet
# Hidden folders (.azurefunctions) belong in the package too.
(cd "$work/publish" && python3 -m zipfile -c "$work/package.zip" $(ls -A))

echo "deploy-package: uploading $PACKAGE_BLOB_NAME to $CODE_STORAGE_ACCOUNT_NAME/$PACKAGE_CONTAINER_NAME"
az storage blob upload --auth-mode login --account-name "$CODE_STORAGE_ACCOUNT_NAME" \
  --container-name "$PACKAGE_CONTAINER_NAME" --name "$PACKAGE_BLOB_NAME" --file "$work/package.zip" \
  --overwrite --only-show-errors --output none

echo "deploy-package: restarting $AZURE_FUNCTION_NAME and syncing its triggers"
az functionapp restart --name "$AZURE_FUNCTION_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --only-show-errors
az resource invoke-action --action syncfunctiontriggers --resource-type Microsoft.Web/sites \
  --name "$AZURE_FUNCTION_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --only-show-errors --output none

bash "$root/infra/hooks/postdeploy.sh"
