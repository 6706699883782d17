// Uploads, checked documents, lottery transcripts and the Functions host's own state, reached only
// with the app's identity: shared keys off, nothing public.
param name string
param location string
param tags object
param identityPrincipalId string
param quarantineContainer string
param documentsContainer string
param lotteryContainer string
param deploymentContainer string
@description('Days a checked document is kept after its upload; the enrollment year plus appeals.')
param documentRetentionDays int
@description('Years a lottery list and transcript cannot be changed or deleted.')
param lotteryRetentionYears int
@description('Origins whose pages upload straight to storage (the app\'s public address).')
param uploadOrigins array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    encryption: {
      keySource: 'Microsoft.Storage'
      services: { blob: { enabled: true } }
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    // Phones PUT documents straight to storage through a write-only link.
    cors: {
      corsRules: empty(uploadOrigins) ? [] : [
        {
          allowedOrigins: uploadOrigins
          allowedMethods: [ 'PUT', 'OPTIONS' ]
          allowedHeaders: [ 'x-ms-blob-type', 'content-type', 'x-ms-version', 'x-ms-client-request-id' ]
          exposedHeaders: [ '*' ]
          maxAgeInSeconds: 600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in [ quarantineContainer, documentsContainer, lotteryContainer, deploymentContainer ]: {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}]

// A published draw must stay exactly as published: once written, a list or transcript can be neither
// overwritten nor deleted for the retention period (unlocked, so the bureau can extend it; lock it by hand).
resource lotteryImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  name: '${account.name}/default/${lotteryContainer}/default'
  properties: {
    immutabilityPeriodSinceCreationInDays: lotteryRetentionYears * 365
    allowProtectedAppendWrites: false
  }
  dependsOn: [ containers ]
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          // An upload not accepted within a day was abandoned (accepted ones are copied out at once).
          name: 'quarantine-one-day'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ '${quarantineContainer}/' ] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 1 } } }
          }
        }
        {
          name: 'documents-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ '${documentsContainer}/' ] }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: 90 }
                delete: { daysAfterModificationGreaterThan: documentRetentionDays }
              }
            }
          }
        }
      ]
    }
  }
}

// Storage Blob Data Owner, as the Functions host needs for its own state over an identity; it also
// covers the app's containers and the user delegation keys that sign short-lived upload and read links.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identityPrincipalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: account
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output id string = account.id
