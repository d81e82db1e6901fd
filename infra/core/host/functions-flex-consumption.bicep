// A function app on a Flex Consumption plan that runs as a user-assigned identity: its code
// package, its storage, its Key Vault references and its telemetry all authenticate with it.
param name string
param location string
param tags object = {}
param planId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('URL of the blob container the platform keeps the code package in (a storage account of its own).')
param deploymentContainerUrl string

@allowed(['dotnet-isolated'])
param runtimeName string = 'dotnet-isolated'
param runtimeVersion string = '10.0'

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Application settings, name to value. Flex Consumption forbids FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION here: the runtime comes from functionAppConfig.')
param appSettings object

@description('Settings that spell out a list (City__Contacts__0__Source, …), added to appSettings.')
param listSettings object = {}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(appSettings, listSettings)
}

// Publishing goes through azd with Entra ID; basic-auth publishing credentials stay off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output id string = functionApp.id
output name string = functionApp.name
