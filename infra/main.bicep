// Cultivation: everything `azd up` provisions. Subscription scope, so that the environment owns
// its resource group. Only local modules: the template builds and lints offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds a short unique token used in every resource name.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (a region that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the principal running azd (AZURE_PRINCIPAL_ID); gets data access when grantDeployerAccess is true.')
param principalId string = ''

@description('Give the deploying principal blob and table data roles (to upload filings) and Key Vault Secrets Officer (to set secrets).')
param grantDeployerAccess bool = true

@description('Existing resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

param smtpHost string = ''
param smtpPort string = '587'
param smtpFrom string = ''
param smtpUserName string = ''
param alertsTo string = ''
param webhookUrl string = ''

@secure()
@description('SMTP password. Empty leaves the Key Vault secret as it is (set it with az keyvault secret set).')
param smtpPassword string = ''

@secure()
@description('Webhook signing secret. Empty leaves the Key Vault secret as it is.')
param webhookSecret string = ''

@secure()
@description('The function app\'s blobs_extension system key. Given, the Event Grid subscription is deployed here too; the postdeploy hook normally does it.')
param blobsExtensionKey string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

var functionAppName = 'func-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var filingsContainerName = 'filings'
var deadLetterContainerName = 'filings-deadletter'
var containers = [
  filingsContainerName
  'filings-reports'
  'filings-archive'
  deadLetterContainerName
  deploymentContainerName
]
var tables = [
  'Filings'
  'FilingVersions'
  'FirmRows'
  'FirmClaims'
  'Targets'
  'Progress'
  'ProgressItems'
  'Digests'
  'Locks'
]
var smtpPasswordSecretName = 'smtp-password'
var webhookSecretName = 'webhook-secret'
var systemTopicName = 'evgt-${resourceToken}'
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containers: containers
    tables: tables
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    secrets: {
      '${smtpPasswordSecretName}': smtpPassword
      '${webhookSecretName}': webhookSecret
    }
  }
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  // Names known at compile time keep What-If precise; the order comes from dependsOn.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityName: identityName
    deployerPrincipalId: principalId
    grantDeployerAccess: grantDeployerAccess
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The host reads storage and Key Vault as soon as it starts: the roles come first.
  dependsOn: [
    rbac
    storage
    monitoring
    keyVault
  ]
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    smtpPasswordSecretName: smtpPasswordSecretName
    webhookSecretName: webhookSecretName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFrom: smtpFrom
    smtpUserName: smtpUserName
    alertsTo: alertsTo
    webhookUrl: webhookUrl
  }
}

module systemTopic 'core/messaging/eventgrid-system-topic.bicep' = {
  name: 'eventgrid-system-topic'
  scope: rg
  params: {
    name: systemTopicName
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
    identityId: identity.outputs.id
  }
}

module blobCreatedSubscription 'app/eventgrid-subscription.bicep' = if (!empty(blobsExtensionKey)) {
  name: 'eventgrid-subscription'
  scope: rg
  dependsOn: [
    rbac
    systemTopic
    api
  ]
  params: {
    systemTopicName: systemTopicName
    functionAppName: functionAppName
    blobsExtensionKey: blobsExtensionKey
    identityId: identity.outputs.id
    storageAccountName: storageAccountName
    filingsContainerName: filingsContainerName
    deadLetterContainerName: deadLetterContainerName
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_USER_ASSIGNED_IDENTITY_ID string = identity.outputs.id
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output EVENTGRID_SYSTEM_TOPIC_NAME string = systemTopic.outputs.name
output FILINGS_CONTAINER_NAME string = filingsContainerName
output FILINGS_DEADLETTER_CONTAINER_NAME string = deadLetterContainerName
