// Every role the app's identity, the deployer and the filers hold, each on the one resource it needs
// and nothing broader.
param storageAccountName string
param applicationInsightsName string
param keyVaultName string

@description('Name of the storage account that holds only the app\'s code package.')
param codeStorageAccountName string

@description('The code package container in that account.')
param packageContainerName string

@description('The container filers upload to.')
param filingsContainerName string = 'filings'

@description('Name of the function app\'s user-assigned identity.')
param identityName string

@description('The Event Grid system topic of the storage account; its own identity delivers deleted filings to the queue.')
param systemTopicName string

@description('The queue Event Grid delivers BlobDeleted events of the filings container to.')
param deletionsQueueName string

@description('Object id of the person or pipeline running azd; empty to grant nothing.')
param deployerPrincipalId string = ''

@description('Whether the deployer gets blob and table data access (to upload filings) and may set Key Vault secrets.')
param grantDeployerAccess bool = true

@description('Whether the deployer uploads the code package itself (plans that run from a package URL).')
param deployerUploadsPackage bool = false

@description('Filing source (镇街 or 统计局) to the object id of the Entra group whose members file for it.')
param filerGroups object = {}

// Built-in role definition ids (the same in every tenant and cloud).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

// Blob Data Owner, not Contributor: the blob trigger and the Flex deployment container need it.
var identityStorageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var deployerStorageRoles = [
  roles.storageBlobDataContributor
  roles.storageTableDataContributor
]

var grantDeployer = grantDeployerAccess && !empty(deployerPrincipalId)

// A filer reads, overwrites, creates and deletes (withdraws) only blobs named */{source}.* in the filings
// container. Listing is left unconditional: a List Blobs request carries no blob path to test.
var blobActions = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs'
var filerConditionTemplate = '''
(
 (
  !(ActionMatches{'BLOBS/read'} AND NOT SubOperationMatches{'Blob.List'})
  AND
  !(ActionMatches{'BLOBS/write'})
  AND
  !(ActionMatches{'BLOBS/add/action'})
  AND
  !(ActionMatches{'BLOBS/delete'})
 )
 OR
 (
  @Resource[BLOBS:path] StringLike '*/SOURCE.*'
 )
)
'''
var filerCondition = replace(filerConditionTemplate, 'BLOBS', blobActions)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource filings 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: filingsContainerName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource deletionsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: deletionsQueueName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource codeStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: codeStorageAccountName
}

resource codeBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: codeStorage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: codeBlobService
  name: packageContainerName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource identityStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in identityStorageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The platform writes (Flex Consumption) or reads (run from package URL) the code package as the identity.
resource identityCode 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(codeStorage.id, identity.id, roles.storageBlobDataOwner)
  scope: codeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identityMetrics 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource identitySecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Event Grid delivers deleted filings to the queue as the system topic's own identity: it may send to that queue and nothing else.
resource topicDeletions 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deletionsQueue.id, systemTopic.id, roles.storageQueueDataMessageSender)
  scope: deletionsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataMessageSender)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The deployer may be a user or a service principal, so principalType is left for Azure to resolve.
resource deployerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in deployerStorageRoles: if (grantDeployer) {
    name: guid(storage.id, deployerPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: deployerPrincipalId
    }
  }
]

resource deployerPackage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantDeployer && deployerUploadsPackage) {
  name: guid(packageContainer.id, deployerPrincipalId, roles.storageBlobDataContributor)
  scope: packageContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: deployerPrincipalId
  }
}

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantDeployer) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
  }
}

// One group per source; the condition names the source, so a town's clerks cannot touch another town's file.
resource filerFilings 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for filer in items(filerGroups): {
    name: guid(filings.id, filer.value, roles.storageBlobDataContributor)
    scope: filings
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
      principalId: filer.value
      principalType: 'Group'
      description: 'Filer of ${filer.key}: its own filings only (*/${filer.key}.*)'
      conditionVersion: '2.0'
      condition: replace(filerCondition, 'SOURCE', filer.key)
    }
  }
]
