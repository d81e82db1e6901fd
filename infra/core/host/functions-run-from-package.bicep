// A function app on a Linux Elastic Premium or Dedicated plan that runs from a zip package in Blob
// Storage, fetched with the user-assigned identity (WEBSITE_RUN_FROM_PACKAGE with a blob URL), with
// identity-based storage and no Azure Files content share: a content share would need the storage
// account's keys (WEBSITE_CONTENTAZUREFILECONNECTIONSTRING), and the accounts here refuse keys. This is
// the way where Flex Consumption is not offered, e.g. Azure operated by 21Vianet.
param name string
param location string
param tags object = {}
param planId string

@allowed(['ElasticPremium', 'Dedicated'])
param hostingPlan string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('URL of the zip package blob the app runs (infra/hooks/deploy-package.sh uploads it there).')
param packageUrl string

@allowed(['DOTNET-ISOLATED|10.0'])
param linuxFxVersion string = 'DOTNET-ISOLATED|10.0'

@description('Application settings, name to value; the runtime and package settings are added here.')
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
    reserved: true
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // A Dedicated plan unloads an idle app, and its timers with it; Elastic Premium keeps an instance warm.
      alwaysOn: hostingPlan == 'Dedicated'
      minimumElasticInstanceCount: hostingPlan == 'ElasticPremium' ? 1 : null
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(appSettings, listSettings, {
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
    WEBSITE_RUN_FROM_PACKAGE: packageUrl
    WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
  })
}

// Publishing goes through the package blob with Entra ID; basic-auth publishing credentials stay off.
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
