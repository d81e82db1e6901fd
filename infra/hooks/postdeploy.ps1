# azd postdeploy hook (Windows): the same as postdeploy.sh. Subscribes the blob trigger
# IngestFilingOnBlobCreated to BlobCreated events of the `filings` container once the function
# app's blobs_extension system key exists, by deploying infra/app/eventgrid-subscription.bicep.
$ErrorActionPreference = 'Stop'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw 'postdeploy: the Azure CLI (az) is required; see docs/deploy.md'
}
foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_NAME', 'EVENTGRID_SYSTEM_TOPIC_NAME', 'AZURE_USER_ASSIGNED_IDENTITY_ID', 'AZURE_STORAGE_ACCOUNT_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "postdeploy: $name is not set; run through azd" }
}
$filings = if ($env:FILINGS_CONTAINER_NAME) { $env:FILINGS_CONTAINER_NAME } else { 'filings' }
$deadletter = if ($env:FILINGS_DEADLETTER_CONTAINER_NAME) { $env:FILINGS_DEADLETTER_CONTAINER_NAME } else { 'filings-deadletter' }

$key = ''
for ($attempt = 1; $attempt -le 30; $attempt++) {
    $key = az functionapp keys list --name $env:AZURE_FUNCTION_NAME --resource-group $env:AZURE_RESOURCE_GROUP `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($key) { break }
    Write-Host "postdeploy: waiting for the blobs_extension key ($attempt/30)..."
    Start-Sleep -Seconds 10
}
if (-not $key) {
    throw "postdeploy: no blobs_extension key on $($env:AZURE_FUNCTION_NAME); re-run with 'azd hooks run postdeploy'."
}

$template = Join-Path $PSScriptRoot '..' 'app' 'eventgrid-subscription.bicep'
az deployment group create `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --name 'eventgrid-subscription' `
    --template-file $template `
    --parameters systemTopicName=$env:EVENTGRID_SYSTEM_TOPIC_NAME functionAppName=$env:AZURE_FUNCTION_NAME `
        blobsExtensionKey=$key identityId=$env:AZURE_USER_ASSIGNED_IDENTITY_ID `
        storageAccountName=$env:AZURE_STORAGE_ACCOUNT_NAME filingsContainerName=$filings deadLetterContainerName=$deadletter `
    --only-show-errors --output none
if ($LASTEXITCODE -ne 0) { throw 'postdeploy: the Event Grid subscription deployment failed' }

Write-Host "postdeploy: Event Grid subscription 'filings-blob-created' delivers BlobCreated in '$filings/' to IngestFilingOnBlobCreated."
