// The Event Grid subscription that feeds new filings to the blob trigger
// (IngestFilingOnBlobCreated). Its webhook needs the function app's `blobs_extension` system key,
// which exists only once the code is deployed and the host has started, so the azd postdeploy
// hook (infra/hooks/postdeploy.sh) deploys this file; main.bicep also deploys it when the key is
// passed in (blobsExtensionKey).
param systemTopicName string
param functionAppName string

@secure()
@description('The function app\'s blobs_extension system key (az functionapp keys list).')
param blobsExtensionKey string

@description('Resource id of the user-assigned identity the system topic carries, used for dead-lettering.')
param identityId string

param storageAccountName string
param filingsContainerName string = 'filings'
param deadLetterContainerName string = 'filings-deadletter'
param functionName string = 'IngestFilingOnBlobCreated'
param subscriptionName string = 'filings-blob-created'

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${filingsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // An event that still cannot be delivered is kept; reconciliation also finds the blob itself.
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
