#!/usr/bin/env bash
# azd postdeploy hook: subscribes the blob trigger IngestFilingOnBlobCreated to BlobCreated events
# of the `filings` container. The webhook needs the function app's `blobs_extension` system key,
# which the host creates only after the code is deployed and started, so this cannot be part of
# `azd provision`. The subscription itself is infra/app/eventgrid-subscription.bicep (one
# definition: filter, retries, dead-letter with the user-assigned identity), deployed here with the
# key as a secure parameter. Safe to run again: the deployment updates the same subscription.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see docs/deploy.md" >&2
  exit 1
fi

# Outputs of infra/main.bicep, exported into the hook's environment by azd.
: "${AZURE_RESOURCE_GROUP:?run through azd (azd up / azd deploy)}"
: "${AZURE_FUNCTION_NAME:?}"
: "${EVENTGRID_SYSTEM_TOPIC_NAME:?}"
: "${AZURE_USER_ASSIGNED_IDENTITY_ID:?}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?}"
filings="${FILINGS_CONTAINER_NAME:-filings}"
deadletter="${FILINGS_DEADLETTER_CONTAINER_NAME:-filings-deadletter}"

# The key appears once the host has started with the blob trigger; a cold start can take minutes.
key=""
for attempt in $(seq 1 30); do
  key="$(az functionapp keys list --name "$AZURE_FUNCTION_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
  if [[ -n "$key" ]]; then
    break
  fi
  echo "postdeploy: waiting for the blobs_extension key ($attempt/30)..."
  sleep 10
done
if [[ -z "$key" ]]; then
  echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_NAME; is IngestFilingOnBlobCreated deployed with Source = BlobTriggerSource.EventGrid? Re-run with 'azd hooks run postdeploy'." >&2
  exit 1
fi

# Prefer the project's own Bicep CLI (tools/bicep.sh); otherwise the Azure CLI compiles the file.
template="$root/infra/app/eventgrid-subscription.bicep"
compiled="$(mktemp -d)"
trap 'rm -rf "$compiled"' EXIT
if bash "$root/tools/bicep.sh" build "$template" --outdir "$compiled" >/dev/null 2>&1; then
  template="$compiled/eventgrid-subscription.json"
fi

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "eventgrid-subscription" \
  --template-file "$template" \
  --parameters \
    systemTopicName="$EVENTGRID_SYSTEM_TOPIC_NAME" \
    functionAppName="$AZURE_FUNCTION_NAME" \
    blobsExtensionKey="$key" \
    identityId="$AZURE_USER_ASSIGNED_IDENTITY_ID" \
    storageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" \
    filingsContainerName="$filings" \
    deadLetterContainerName="$deadletter" \
  --only-show-errors --output none

echo "postdeploy: Event Grid subscription 'filings-blob-created' delivers BlobCreated in '$filings/' to IngestFilingOnBlobCreated."

# The browser pages are anonymous to the host and protected by the sign-in: a forged client principal must not be served.
: "${AZURE_FUNCTION_URI:?}"
bash "$root/infra/hooks/check-browser-auth.sh" "$AZURE_FUNCTION_URI"
