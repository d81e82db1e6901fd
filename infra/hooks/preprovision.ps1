# azd preprovision hook (Windows): the same as preprovision.sh. The Entra app registration people sign in with,
# with the app roles of infra/auth/app-roles.json and group claims; its client id becomes AUTH_CLIENT_ID.
$ErrorActionPreference = 'Stop'
if ($env:AUTH_CLIENT_ID) { Write-Host "preprovision: signing in through the app registration $($env:AUTH_CLIENT_ID)"; exit 0 }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'preprovision: the Azure CLI (az) is required; see docs/deploy.md' }
if (-not $env:AZURE_ENV_NAME) { throw 'preprovision: run through azd (azd up / azd provision)' }
$roles = Join-Path $PSScriptRoot '..' 'auth' 'app-roles.json'
$name = "cultivation-$($env:AZURE_ENV_NAME)"
$app = az ad app list --display-name $name --query '[0].appId' --output tsv
if (-not $app) {
    $app = az ad app create --display-name $name --sign-in-audience AzureADMyOrg --app-roles "@$roles" --enable-id-token-issuance true --query appId --output tsv
} else {
    az ad app update --id $app --app-roles "@$roles" --output none
}
az ad app update --id $app --set groupMembershipClaims=SecurityGroup --identifier-uris "api://$app" --output none
az ad sp show --id $app --output none 2>$null
if ($LASTEXITCODE -ne 0) { az ad sp create --id $app --output none }
azd env set AUTH_CLIENT_ID $app
Write-Host "preprovision: AUTH_CLIENT_ID=$app; assign people the roles Leader or Analyst in Enterprise applications > $name"
