// The one identity the function app, its Key Vault references, its deployment storage and the
// Event Grid dead-letter path all use: a user-assigned identity survives an app being recreated.
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
