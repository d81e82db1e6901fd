// The Cultivation function app ("api" service) and every setting its code reads, on the plan chosen
// in main.bicep. Storage is identity-based: one connection, AzureWebJobsStorage, serves the host, the
// blob trigger and the app's own blob and table clients, with endpoints from the cloud the template is
// deployed to (environment()), so the same template works in Azure operated by 21Vianet. No account key
// and no secret appears in a setting: secrets are Key Vault references.
// App Service Authentication (Entra ID) is configured on the site here, whichever plan hosts it: people sign in
// for the browser pages (dashboard, exports, templates, annotated workbooks), while unauthenticated requests are
// allowed through, so Event Grid's webhook and the keyed JSON routes keep working; the code checks the roles.
param name string
param location string
param tags object = {}
param planId string

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

param identityId string
param identityClientId string

param storageAccountName string
param applicationInsightsName string
param keyVaultName string

@description('Flex Consumption: URL of the container the platform keeps the code package in. Other plans: URL of the package blob itself.')
param packageUrl string

@description('Names of the Key Vault secrets the settings reference.')
param smtpPasswordSecretName string
param webhookSecretName string
param webhookUrlSecretName string

@description('Who is told of each filing\'s result (City:Contacts): { source, email, webhookSecretName } with an empty secret name for a source without a group-chat webhook.')
param contacts array = []

param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

param smtpHost string = ''
param smtpPort string = '587'
param smtpFrom string = ''
param smtpUserName string = ''
param alertsTo string = ''

@description('Client id of the Entra app registration people sign in with (infra/hooks/preprovision creates it, with the app roles of infra/auth/app-roles.json). Empty leaves App Service Authentication off, and the browser pages answer 401.')
param authClientId string = ''

@description('Filing source to the object id of its Entra group, "东城街道=<group id>;…": members may open their own source\'s templates and annotated workbooks.')
param filerGroups string = ''

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var storageSuffix = environment().suffixes.storage

// Versionless secret URIs: a rotated secret is picked up on the next refresh or restart.
var vaultUri = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/'
var smtpPasswordReference = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${smtpPasswordSecretName})'
var webhookSecretReference = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${webhookSecretName})'
var webhookUrlReference = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${webhookUrlSecretName})'

// City:Contacts as the configuration binder reads a list: City__Contacts__0__Source, …
var contactSettings = reduce(range(0, length(contacts)), {}, (settings, i) => union(settings, {
  'City__Contacts__${i}__Source': contacts[i].source
  'City__Contacts__${i}__Email': contacts[i].email
  'City__Contacts__${i}__Webhook': empty(contacts[i].webhookSecretName)
    ? ''
    : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${contacts[i].webhookSecretName})'
}))

var appSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: 'https://${storageAccountName}.blob.${storageSuffix}/'
  AzureWebJobsStorage__queueServiceUri: 'https://${storageAccountName}.queue.${storageSuffix}/'
  AzureWebJobsStorage__tableServiceUri: 'https://${storageAccountName}.table.${storageSuffix}/'
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
  Webhook__Url: webhookUrlReference
  Webhook__Secret: webhookSecretReference
  // The browser routes' rule (BrowserAccessPolicy): the sources' groups; Leader and Analyst are the app roles.
  Access__SourceGroups: filerGroups
  // App Service Authentication redeems its sign-ins with a token of the user-assigned identity (a federated
  // credential on the app registration): no client secret exists anywhere.
  OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
}

var siteTags = union(tags, { 'azd-service-name': 'api' })

module flexApp '../core/host/functions-flex-consumption.bicep' = if (hostingPlan == 'FlexConsumption') {
  name: 'api-function-app'
  params: {
    name: name
    location: location
    tags: siteTags
    planId: planId
    identityId: identityId
    deploymentContainerUrl: packageUrl
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
    listSettings: contactSettings
  }
}

module packageApp '../core/host/functions-run-from-package.bicep' = if (hostingPlan != 'FlexConsumption') {
  name: 'api-function-app-package'
  params: {
    name: name
    location: location
    tags: siteTags
    planId: planId
    hostingPlan: hostingPlan == 'Dedicated' ? 'Dedicated' : 'ElasticPremium'
    identityId: identityId
    packageUrl: packageUrl
    appSettings: appSettings
    listSettings: contactSettings
  }
}

// Whichever module made it; read once both are done.
resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: name
  dependsOn: [
    flexApp
    packageApp
  ]
}

// Sign-in for the browser pages (SPEC §5). Unauthenticated requests are allowed through (AllowAnonymous): Event
// Grid's webhook and the keyed JSON routes have no user, and the code decides per route from the client principal
// the platform then vouches for (WEBSITE_AUTH_ENABLED). The issuer comes from the cloud's login endpoint.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: authClientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output defaultHostName string = site.properties.defaultHostName
