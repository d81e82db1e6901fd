// The Cultivation function app ("api" service) and every setting its code reads.
// Storage is identity-based: one connection, AzureWebJobsStorage, serves the host, the blob
// trigger and the app's own blob and table clients. No account key appears anywhere.
param name string
param location string
param tags object = {}
param planId string

param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string

@description('Names of the Key Vault secrets the settings reference.')
param smtpPasswordSecretName string
param webhookSecretName string

param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

param smtpHost string = ''
param smtpPort string = '587'
param smtpFrom string = ''
param smtpUserName string = ''
param alertsTo string = ''
param webhookUrl string = ''

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// Versionless secret URIs: a rotated secret is picked up on the next refresh or restart.
var smtpPasswordReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${smtpPasswordSecretName})'
var webhookSecretReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${webhookSecretName})'

var appSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
  // Hourly in Azure; the blob trigger covers the rest, reconciliation catches what it missed.
  ReconcileSchedule: '0 0 * * * *'
  // Hourly at half past: the week's digest goes out at the first run from Alerts__SendDay/SendTime (China
  // time) on, and a failed send is retried by the next runs of the same week.
  AlertSchedule: '0 30 * * * *'
  City__RegionCode: '330784'
  City__Name: '永康市'
  Filings__DeadlineDay: '15'
  Smtp__Host: smtpHost
  Smtp__Port: smtpPort
  Smtp__Security: 'StartTls'
  Smtp__From: smtpFrom
  Smtp__UserName: smtpUserName
  Smtp__Password: smtpPasswordReference
  Alerts__To: alertsTo
  Alerts__SendDay: 'Monday'
  Alerts__SendTime: '08:30'
  Webhook__Url: webhookUrl
  Webhook__Secret: webhookSecretReference
}

module functionApp '../core/host/functions-flex-consumption.bicep' = {
  name: 'api-function-app'
  params: {
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    planId: planId
    identityId: identityId
    storageAccountName: storage.name
    deploymentContainerName: deploymentContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
  }
}

output name string = functionApp.outputs.name
output uri string = functionApp.outputs.uri
output defaultHostName string = functionApp.outputs.defaultHostName
