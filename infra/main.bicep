// Cultivation: everything `azd up` provisions. Subscription scope, so that the environment owns
// its resource group. Only local modules: the template builds and lints offline.
targetScope = 'subscription'

import { entries, contactsFrom, contactSecretName } from 'app/settings-text.bicep'

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

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
@description('FlexConsumption where offered; ElasticPremium or Dedicated (Linux, run from a package URL, no Azure Files) where it is not, e.g. in Azure operated by 21Vianet.')
param hostingPlan string = 'FlexConsumption'

@description('SKU of an ElasticPremium (default EP1) or Dedicated (default P1v3) plan; ignored for FlexConsumption.')
param planSku string = ''

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

@description('Operations alerts (failed filings, a missing digest) go to these addresses, comma-separated; empty: alerts show in the portal only.')
param opsAlertEmails string = ''

@description('The rejected-files alert fires above this percentage of a day\'s verdicts (a number as text, as azd passes it).')
param rejectedRateThresholdPercent string = '50'

@minValue(30)
@maxValue(730)
@description('Days the workspace keeps logs and events: a year, so the workbook can compare quarters.')
param logRetentionDays int = 365

@description('Filing source (镇街 or 统计局) to the object id of the Entra group that files for it: "东城街道=<group id>;西城街道=<group id>".')
param filerGroups string = ''

@description('Client id of the Entra app registration people sign in with to the browser pages (set by infra/hooks/preprovision, which creates it with the app roles Leader and Analyst). Empty leaves App Service Authentication off.')
param authClientId string = ''

@description('Who is told of each filing\'s result (City:Contacts): "东城街道=dc@example.cn,webhook;西城街道=xc@example.cn". "webhook" marks a source whose group-chat webhook URL is kept in Key Vault.')
param cityContacts string = ''

@secure()
@description('Group-chat webhook URLs per source (each URL carries its chat\'s token): "东城街道=https://…;…". Empty leaves the Key Vault secrets as they are.')
param contactWebhooks string = ''

@secure()
@description('The digest\'s group-chat webhook URL (it carries the chat\'s access token). Empty leaves the Key Vault secret as it is.')
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
var isFlex = hostingPlan == 'FlexConsumption'

// The code package lives in a storage account of its own: nobody who uploads filings can touch the app's code.
var codeStorageAccountName = 'stpkg${resourceToken}'
var packageContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var packageBlobName = 'cultivation.zip'
var packageContainerUrl = 'https://${codeStorageAccountName}.blob.${environment().suffixes.storage}/${packageContainerName}'
// Flex Consumption is given the container; the other plans run one zip blob in it.
var packageUrl = isFlex ? packageContainerUrl : '${packageContainerUrl}/${packageBlobName}'
var filingsContainerName = 'filings'
var deadLetterContainerName = 'filings-deadletter'
// Event Grid's BlobDeleted events of the filings container; WithdrawFilingOnBlobDeleted.Queue in functions/.
var deletionsQueueName = 'filings-deleted'
var containers = [
  filingsContainerName
  'filings-reports'
  'filings-archive'
  deadLetterContainerName
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
  'Notices'
  'Locks'
]
var smtpPasswordSecretName = 'smtp-password'
var webhookSecretName = 'webhook-secret'
var webhookUrlSecretName = 'webhook-url'

// Key Vault secret names are ASCII: a source's webhook secret is named from a hash of the source, and tagged with it.
var contacts = map(contactsFrom(cityContacts), c => {
  source: c.source
  email: c.email
  webhookSecretName: c.webhook ? contactSecretName(c.source) : ''
})
var contactsWithWebhook = filter(contacts, c => !empty(c.webhookSecretName))
var contactWebhookUrls = entries(contactWebhooks)
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
    queues: [
      deletionsQueueName
    ]
  }
}

module codeStorage 'core/storage/storage-account.bicep' = {
  name: 'code-storage'
  scope: rg
  params: {
    name: codeStorageAccountName
    location: location
    tags: tags
    containers: [
      packageContainerName
    ]
    tables: []
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
    retentionInDays: logRetentionDays
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    secrets: union({
      '${smtpPasswordSecretName}': smtpPassword
      '${webhookSecretName}': webhookSecret
      '${webhookUrlSecretName}': webhookUrl
    }, toObject(contactsWithWebhook, c => c.webhookSecretName, c => contactWebhookUrls[?c.source] ?? ''))
    labels: toObject(contactsWithWebhook, c => c.webhookSecretName, c => { source: c.source })
  }
}

module plan 'core/host/functions-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    sku: planSku
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  // Names known at compile time keep What-If precise; the order comes from dependsOn.
  dependsOn: [
    identity
    storage
    codeStorage
    monitoring
    keyVault
    systemTopic
  ]
  params: {
    storageAccountName: storageAccountName
    codeStorageAccountName: codeStorageAccountName
    packageContainerName: packageContainerName
    filingsContainerName: filingsContainerName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityName: identityName
    systemTopicName: systemTopicName
    deletionsQueueName: deletionsQueueName
    deployerPrincipalId: principalId
    grantDeployerAccess: grantDeployerAccess
    deployerUploadsPackage: !isFlex
    filerGroups: entries(filerGroups)
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The host reads storage and Key Vault as soon as it starts: the roles come first.
  dependsOn: [
    rbac
    storage
    codeStorage
    monitoring
    keyVault
  ]
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    packageUrl: packageUrl
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    smtpPasswordSecretName: smtpPasswordSecretName
    webhookSecretName: webhookSecretName
    webhookUrlSecretName: webhookUrlSecretName
    contacts: contacts
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFrom: smtpFrom
    smtpUserName: smtpUserName
    alertsTo: alertsTo
    authClientId: authClientId
    filerGroups: filerGroups
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    actionGroupName: 'ag-${resourceToken}'
    emails: map(filter(split(opsAlertEmails, ','), e => !empty(trim(e))), e => trim(e))
    rejectedRateThresholdPercent: int(rejectedRateThresholdPercent)
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'operations-workbook'
  scope: rg
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
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

// Deleted filings are withdrawn at once; the queue needs no key of the app, so this is part of every provision.
module blobDeletedSubscription 'app/eventgrid-deletions.bicep' = {
  name: 'eventgrid-deletions'
  scope: rg
  // The topic's identity must hold its role on the queue before Event Grid checks the destination.
  dependsOn: [
    rbac
    systemTopic
    storage
  ]
  params: {
    systemTopicName: systemTopicName
    identityId: identity.outputs.id
    storageAccountName: storageAccountName
    filingsContainerName: filingsContainerName
    deadLetterContainerName: deadLetterContainerName
    queueName: deletionsQueueName
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
output FILINGS_DELETED_QUEUE_NAME string = deletionsQueueName
output AZURE_FUNCTIONS_PLAN string = hostingPlan
output CODE_STORAGE_ACCOUNT_NAME string = codeStorage.outputs.name
output PACKAGE_CONTAINER_NAME string = packageContainerName
output PACKAGE_BLOB_NAME string = packageBlobName
output CONTACT_WEBHOOK_SECRETS object = toObject(contactsWithWebhook, c => c.source, c => c.webhookSecretName)
