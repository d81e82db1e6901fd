// Key Vault with RBAC authorization; holds every secret the app reads (SMTP password, the digest webhook's
// URL and signing secret, the per-source webhook URLs of City:Contacts) under ASCII names.
param name string
param location string
param tags object = {}

@description('Secrets to write, name to value. An empty value is skipped so that a secret set or rotated by hand is never overwritten by a later deployment.')
@secure()
param secrets object = {}

@description('Tags per secret (by name), e.g. the source (镇街) a contact\'s webhook belongs to, since secret names are ASCII only.')
param labels object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in items(secrets): if (!empty(secret.value)) {
    parent: vault
    name: secret.key
    tags: labels[?secret.key] ?? {}
    properties: {
      value: secret.value
    }
  }
]

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
