// The isolated worker (.NET 10, dotnet-isolated) on Flex Consumption, or on Elastic Premium where Flex
// Consumption is not offered (some Azure China regions). Either way there is
// no Azure Files share and no key: the host keeps its state in blob storage through the identity.
param name string
param location string
param tags object
@allowed([ 'FlexConsumption', 'ElasticPremium' ])
param hostingPlan string
param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param deploymentContainer string
param appInsightsConnectionString string
@description('The app\'s own settings: plain values and Key Vault references.')
param appSettings object
@description('Most instances on opening morning (Flex Consumption) or most elastic workers (Elastic Premium).')
param maximumInstanceCount int
@description('Instances kept warm for HTTP so the first parent of the morning waits for no cold start.')
param alwaysReadyInstances int
@description('Flex Consumption: HTTP requests one instance serves at once before the platform adds another.')
param httpPerInstanceConcurrency int

var isFlex = hostingPlan == 'FlexConsumption'

// What the Functions host itself needs: its storage and telemetry over the identity.
var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
}

// Flex Consumption takes the runtime and the package from functionAppConfig; Elastic Premium from
// settings, the package from a blob read with the identity (no content share).
var premiumSettings = isFlex ? {} : {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  WEBSITE_RUN_FROM_PACKAGE: '${blobEndpoint}${deploymentContainer}/enrollment.zip'
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex ? { tier: 'FlexConsumption', name: 'FC1' } : { tier: 'ElasticPremium', name: 'EP1' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : maximumInstanceCount
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      minimumElasticInstanceCount: isFlex ? null : alwaysReadyInstances
      // Elastic Premium's health check probes liveness only, so a storage outage replaces no instance
      // (the consumption plans have no health check; readiness, /api/health/ready, is for monitors).
      healthCheckPath: isFlex ? null : '/api/health/live'
      appSettings: [for setting in items(union(hostSettings, premiumSettings, appSettings)): { name: setting.key, value: setting.value }]
    }
    functionAppConfig: isFlex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyInstances > 0 ? [ { name: 'http', instanceCount: alwaysReadyInstances } ] : []
        triggers: { http: { perInstanceConcurrency: httpPerInstanceConcurrency } }
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    } : null
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
