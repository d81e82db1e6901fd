# azd postprovision hook (Windows): the same as postprovision.sh. The sign-in callback and the federated credential
# of the app's user-assigned identity on the app registration (no client secret).
$ErrorActionPreference = 'Stop'
if (-not $env:AUTH_CLIENT_ID) { Write-Host 'postprovision: AUTH_CLIENT_ID not set; App Service Authentication stays off'; exit 0 }
foreach ($name in 'AZURE_FUNCTION_URI', 'AZURE_USER_ASSIGNED_IDENTITY_ID', 'AZURE_TENANT_ID') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "postprovision: $name is not set; run through azd" }
}
$callback = "$($env:AZURE_FUNCTION_URI.TrimEnd('/'))/.auth/login/aad/callback"
az ad app update --id $env:AUTH_CLIENT_ID --web-redirect-uris $callback --output none
$login = (az cloud show --query endpoints.activeDirectory --output tsv).TrimEnd('/')
$subject = az identity show --ids $env:AZURE_USER_ASSIGNED_IDENTITY_ID --query principalId --output tsv
$existing = az ad app federated-credential list --id $env:AUTH_CLIENT_ID --query "[?name=='app-service-sign-in'].name" --output tsv
if (-not $existing) {
    $credential = @{ name = 'app-service-sign-in'; issuer = "$login/$($env:AZURE_TENANT_ID)/v2.0"; subject = $subject; audiences = @('api://AzureADTokenExchange') } | ConvertTo-Json -Compress
    $file = New-TemporaryFile
    Set-Content -Path $file -Value $credential -Encoding utf8
    az ad app federated-credential create --id $env:AUTH_CLIENT_ID --parameters "@$file" --output none
    Remove-Item $file
}
Write-Host "postprovision: sign-in callback $callback; the app's identity redeems sign-ins (no client secret)"
