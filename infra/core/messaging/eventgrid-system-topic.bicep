// Event Grid system topic for a storage account's events. It carries the user-assigned identity
// so that subscriptions can dead-letter into the account without keys, and an identity of its own
// that delivers events to a storage queue holding only the right to send messages there (rbac.bicep).
param name string
param location string
param tags object = {}
param storageAccountId string
param identityId string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output id string = systemTopic.id
output name string = systemTopic.name
output principalId string = systemTopic.identity.principalId
