// Applications and everything around them. Key access is off: the app reaches the account only with its
// identity, through the Cosmos DB Built-in Data Contributor role scoped to this one database.
param name string
param location string
param tags object
param identityPrincipalId string
param databaseName string
@allowed([ 'serverless', 'autoscale' ])
param capacity string
@description('Autoscale only: the most request units a second the database may scale to (it bills from a tenth of it).')
param autoscaleMaxThroughput int

// Partition keys follow how each container is read (see Enrollment.Azure/Cosmos/Containers.cs, which
// creates the same containers locally): a school's queue is one partition, a status lookup a point read.
var containers = [
  { name: 'applications', partitionKey: '/schoolId', excluded: [ '/encryptedForm/?', '/history/*', '/realNames/*' ] }
  { name: 'claims', partitionKey: '/id', excluded: [] }
  { name: 'counties', partitionKey: '/id', excluded: [] }
  { name: 'parents', partitionKey: '/id', excluded: [] }
  { name: 'signInCodes', partitionKey: '/id', excluded: [] }
  { name: 'drafts', partitionKey: '/parentId', excluded: [ '/encryptedForm/?' ] }
  { name: 'staff', partitionKey: '/id', excluded: [] }
  { name: 'audit', partitionKey: '/countyId', excluded: [] }
  { name: 'appeals', partitionKey: '/countyId', excluded: [] }
  { name: 'provincial', partitionKey: '/countyId', excluded: [] }
  { name: 'lotteries', partitionKey: '/countyId', excluded: [] }
  { name: 'admissions', partitionKey: '/countyId', excluded: [] }
  { name: 'announcements', partitionKey: '/countyId', excluded: [] }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0, isZoneRedundant: false } ]
    capabilities: capacity == 'serverless' ? [ { name: 'EnableServerless' } ] : []
    // Point-in-time restore to any second of the last 30 days.
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
    options: capacity == 'autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: { paths: [ container.partitionKey ], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [ { path: '/*' } ]
        excludedPaths: concat([ { path: '/"_etag"/?' } ], map(container.excluded, path => { path: path }))
      }
    }
  }
}]

// Cosmos DB Built-in Data Contributor, on this database only.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, identityPrincipalId, '00000000-0000-0000-0000-000000000002')
  properties: {
    principalId: identityPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    scope: '${account.id}/dbs/${databaseName}'
  }
}

output endpoint string = account.properties.documentEndpoint
output id string = account.id
