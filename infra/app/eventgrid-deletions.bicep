// The Event Grid subscription that tells the function app at once when a filing is deleted
// (SPEC §2, withdrawal): BlobDeleted events of the `filings` container go to a storage queue,
// which WithdrawFilingOnBlobDeleted (a queue trigger) reads. Delivery to a queue needs no key
// of the app, so `azd provision` deploys it with everything else. The system topic delivers
// with its own managed identity, which may only send messages to that queue (rbac.bicep);
// reconciliation still finds any deletion whose event was lost.
param systemTopicName string

@description('Resource id of the user-assigned identity the system topic carries, used for dead-lettering.')
param identityId string

param storageAccountName string
param filingsContainerName string = 'filings'
param deadLetterContainerName string = 'filings-deadletter'

@description('The queue the function app reads deletions from (WithdrawFilingOnBlobDeleted.Queue).')
param queueName string = 'filings-deleted'

param subscriptionName string = 'filings-blob-deleted'

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: queueName
          // A week: the reconciliation timer would have withdrawn the filing long before.
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobDeleted'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${filingsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: identityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = subscription.name
