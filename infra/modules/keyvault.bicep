// The encryption and signing keys and the outside services' secrets. RBAC only: the app's identity may
// read secrets and nothing else; app settings hold Key Vault references, never the values.
param name string
param location string
param tags object
param identityPrincipalId string
@description('Setting name (Section__Key) to secret value; an empty value creates no secret.')
@secure()
param secrets object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Secret names allow letters, digits and dashes: Security__DataEncryptionKey is kept as Security--DataEncryptionKey.
resource values 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): if (!empty(secret.value)) {
  parent: vault
  name: replace(secret.key, '__', '--')
  properties: { value: secret.value, contentType: 'text/plain' }
}]

// Key Vault Secrets User.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
