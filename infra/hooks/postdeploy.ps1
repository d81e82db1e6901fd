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

# The browser pages are anonymous to the host and protected by the sign-in: a forged client principal must not be served.
if (-not $env:AZURE_FUNCTION_URI) { throw 'postdeploy: AZURE_FUNCTION_URI is not set; run through azd' }
$forgedJson = '{"auth_typ":"aad","claims":[{"typ":"roles","val":"Leader"},{"typ":"name","val":"forged"}],"name_typ":"name","role_typ":"roles"}'
$forged = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($forgedJson))
$base = $env:AZURE_FUNCTION_URI.TrimEnd('/')
foreach ($route in '/api/dashboard', "/api/exports/$((Get-Date).ToUniversalTime().Year)") {
    foreach ($accept in 'application/json', 'text/html') {
        $status = 0
        try {
            $response = Invoke-WebRequest -Uri "$base$route" -Headers @{ 'X-MS-CLIENT-PRINCIPAL' = $forged; 'Accept' = $accept } -MaximumRedirection 0 -SkipHttpErrorCheck -TimeoutSec 60 -ErrorAction Stop
            $status = [int]$response.StatusCode
        } catch {
            throw "postdeploy: $route did not answer: $_"
        }
        if ($status -ge 200 -and $status -lt 300) {
            throw "postdeploy: $route served a forged principal (HTTP $status, Accept: $accept): the browser pages are not protected"
        }
        Write-Host "postdeploy: $route refused a forged principal (HTTP $status, Accept: $accept)"
    }
}
