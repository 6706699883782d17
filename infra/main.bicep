// Enrollment in one resource group: `azd up` (or `az deployment sub create`) from a new subscription,
// in Azure or in Azure China (21Vianet). Every endpoint comes from the resources or environment(), so the
// same template serves both clouds; what differs is chosen by the parameters below (see docs/deployment.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(20)
@description('A short name for this deployment (azd environment): letters, digits and hyphens, e.g. "xx-county-2027".')
param environmentName string

@description('Region, e.g. chinanorth3 (Azure China) or eastasia.')
param location string

@allowed([ 'FlexConsumption', 'ElasticPremium' ])
@description('Flex Consumption where the region offers it; Elastic Premium (EP1) elsewhere.')
param hostingPlan string = 'FlexConsumption'

@allowed([ 'serverless', 'autoscale' ])
@description('Serverless bills per request (a county); autoscale suits a city or a region without serverless.')
param cosmosCapacity string = 'serverless'

param cosmosAutoscaleMaxThroughput int = 4000

@description('Opening morning: the most Function App instances (Flex) or elastic workers (Premium).')
param maximumInstanceCount int = 100

@description('HTTP instances kept warm (billed while idle); 1 avoids the first parent\'s cold start.')
param alwaysReadyInstances int = 1

@description('Flex Consumption: HTTP requests one instance serves at once before the platform adds another (16 is the platform\'s own default for 2 GB instances, stated so the load figures can be read against it).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

@description('The county whose pages the QR code opens.')
param defaultCountyId string

@description('The app\'s public address, e.g. https://ruxue.example.gov.cn (links in messages, upload origin). Empty: the Function App\'s own.')
param publicBaseUrl string = ''

param alertEmail string = ''
param logRetentionDays int = 90
param documentRetentionDays int = 730
param lotteryRetentionYears int = 6

// The app's own keys, 32 random bytes each, base64; infra/hooks/keys.sh makes them once per environment.
@secure()
param sessionSigningKey string
@secure()
param identityHashKey string
@secure()
param dataEncryptionKey string

// Outside services: each is off until its address is set; its secret goes to Key Vault.
param weChatAppId string = ''
@secure()
param weChatAppSecret string = ''
@description('The file WeChat asks for at the domain root to accept it for web authorization, e.g. MP_verify_AbC123.txt.')
param weChatDomainVerificationFile string = ''
param weChatMiniProgramAppId string = ''
@secure()
param weChatMiniProgramAppSecret string = ''
param smsBaseUrl string = ''
@secure()
param smsApiKey string = ''
param smsSignName string = ''
@description('SMS template ids by message: SignInCode, ReturnedForCorrection, ResultPublished, DraftReminder, ReviewBacklog.')
param smsTemplates object = {}
@description('WeChat subscription-message template ids by the same message names.')
param weChatTemplates object = {}
param identityVerificationBaseUrl string = ''
@secure()
param identityVerificationApiKey string = ''
param provincialBaseUrl string = ''
@secure()
param provincialApiKey string = ''
@description('Data sharing (数据共享) interfaces by fact: HouseholdRegistration, PropertyRegistration, SaleContract, RentalFiling, ResidencePermit, SocialInsurance, BusinessLicence, EnterpriseRegistration → base URL.')
param dataSharingBaseUrls object = {}
@description('The same facts → API key (kept in Key Vault).')
@secure()
param dataSharingApiKeys object = {}
param governmentIdentityAuthority string = ''
param governmentIdentityClientId string = ''
@secure()
param governmentIdentityClientSecret string = ''
param staffEntraAuthority string = ''
param staffEntraClientId string = ''

var tags = { 'azd-env-name': environmentName, workload: 'enrollment' }
var suffix = take(uniqueString(subscription().id, environmentName, location), 6)
var prefix = toLower('enr-${environmentName}')
var databaseName = 'enrollment'
var quarantineContainer = 'quarantine'
var documentsContainer = 'documents'
var lotteryContainer = 'lotteries'
var deploymentContainer = 'app-package'
var timerSchedules = loadJsonContent('../functions/Enrollment.Functions/appsettings.json').Timers
var appName = '${prefix}-${suffix}'
// Known before the app exists, for the upload origin: Azure China serves Function Apps under chinacloudsites.cn.
var appAddress = empty(publicBaseUrl) ? 'https://${appName}.${environment().name == 'AzureChinaCloud' ? 'chinacloudsites.cn' : 'azurewebsites.net'}' : publicBaseUrl

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${prefix}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: group
  params: { name: '${prefix}-app', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  params: {
    namePrefix: prefix
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    alertEmail: alertEmail
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  scope: group
  params: {
    name: take(replace('st${prefix}${suffix}', '-', ''), 24)
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    quarantineContainer: quarantineContainer
    documentsContainer: documentsContainer
    lotteryContainer: lotteryContainer
    deploymentContainer: deploymentContainer
    documentRetentionDays: documentRetentionDays
    lotteryRetentionYears: lotteryRetentionYears
    uploadOrigins: [ appAddress ]
  }
}

module cosmos 'modules/cosmos.bicep' = {
  scope: group
  params: {
    name: '${prefix}-${suffix}-db'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    databaseName: databaseName
    capacity: cosmosCapacity
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
  }
}

// Every secret the app reads, by its setting name; Key Vault keeps each one that is set.
var secretNames = [
  'Security__SessionSigningKey'
  'Security__IdentityHashKey'
  'Security__DataEncryptionKey'
  'WeChat__AppSecret'
  'WeChat__MiniProgram__AppSecret'
  'Sms__ApiKey'
  'IdentityVerification__ApiKey'
  'Provincial__ApiKey'
  'DataSharing__Sources__HouseholdRegistration__ApiKey'
  'DataSharing__Sources__PropertyRegistration__ApiKey'
  'DataSharing__Sources__SaleContract__ApiKey'
  'DataSharing__Sources__RentalFiling__ApiKey'
  'DataSharing__Sources__ResidencePermit__ApiKey'
  'DataSharing__Sources__SocialInsurance__ApiKey'
  'DataSharing__Sources__BusinessLicence__ApiKey'
  'DataSharing__Sources__EnterpriseRegistration__ApiKey'
  'GovernmentIdentity__ClientSecret'
]
var secretValues = [
  sessionSigningKey
  identityHashKey
  dataEncryptionKey
  weChatAppSecret
  weChatMiniProgramAppSecret
  smsApiKey
  identityVerificationApiKey
  provincialApiKey
  dataSharingApiKeys.?HouseholdRegistration ?? ''
  dataSharingApiKeys.?PropertyRegistration ?? ''
  dataSharingApiKeys.?SaleContract ?? ''
  dataSharingApiKeys.?RentalFiling ?? ''
  dataSharingApiKeys.?ResidencePermit ?? ''
  dataSharingApiKeys.?SocialInsurance ?? ''
  dataSharingApiKeys.?BusinessLicence ?? ''
  dataSharingApiKeys.?EnterpriseRegistration ?? ''
  governmentIdentityClientSecret
]
// Letters and digits only, so truncation can never leave a trailing hyphen (Key Vault refuses one).
var vaultName = take(replace('kv${suffix}${prefix}', '-', ''), 24)

module vault 'modules/keyvault.bicep' = {
  scope: group
  params: {
    name: vaultName
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    secrets: toObject(range(0, length(secretNames)), i => secretNames[i], i => secretValues[i])
  }
}

// Every setting the app reads, as the app names it (tests/Enrollment.Deployment.Tests checks the names).
var appSettings = union({
  // The worker's environment, as the Functions host names it (the isolated worker does not read ASPNETCORE_ENVIRONMENT).
  AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
  Storage__Cosmos__accountEndpoint: cosmos.outputs.endpoint
  Storage__Cosmos__credential: 'managedidentity'
  Storage__Cosmos__clientId: identity.outputs.clientId
  Storage__CosmosDatabase: databaseName
  Storage__Blob__serviceUri: storage.outputs.blobEndpoint
  Storage__Blob__credential: 'managedidentity'
  Storage__Blob__clientId: identity.outputs.clientId
  Storage__LotteryContainer: lotteryContainer
  Uploads__QuarantineContainer: quarantineContainer
  Uploads__DocumentsContainer: documentsContainer
  Enrollment__DefaultCountyId: defaultCountyId
  Enrollment__PublicBaseUrl: appAddress
  // The schedules the timer functions name (%Timers:…%), read by the Functions host; one home: the app's appsettings.json.
  Timers__StartReview: timerSchedules.StartReview
  Timers__RetryChecks: timerSchedules.RetryChecks
  Timers__SendNotifications: timerSchedules.SendNotifications
  Timers__CloseDrafts: timerSchedules.CloseDrafts
  Timers__RemindDrafts: timerSchedules.RemindDrafts
  Timers__RemindDeadlines: timerSchedules.RemindDeadlines
  Timers__ConfirmAdmissions: timerSchedules.ConfirmAdmissions
  Timers__RemindSchools: timerSchedules.RemindSchools
  Timers__ExpireOffers: timerSchedules.ExpireOffers
  Timers__ProvincialSync: timerSchedules.ProvincialSync
  SignIn__DevelopmentEnabled: 'false'
  WeChat__AppId: weChatAppId
  WeChat__DomainVerificationFile: weChatDomainVerificationFile
  WeChat__MiniProgram__AppId: weChatMiniProgramAppId
  Sms__BaseUrl: smsBaseUrl
  Sms__SignName: smsSignName
  IdentityVerification__BaseUrl: identityVerificationBaseUrl
  Provincial__BaseUrl: provincialBaseUrl
  DataSharing__Sources__HouseholdRegistration__BaseUrl: dataSharingBaseUrls.?HouseholdRegistration ?? ''
  DataSharing__Sources__PropertyRegistration__BaseUrl: dataSharingBaseUrls.?PropertyRegistration ?? ''
  DataSharing__Sources__SaleContract__BaseUrl: dataSharingBaseUrls.?SaleContract ?? ''
  DataSharing__Sources__RentalFiling__BaseUrl: dataSharingBaseUrls.?RentalFiling ?? ''
  DataSharing__Sources__ResidencePermit__BaseUrl: dataSharingBaseUrls.?ResidencePermit ?? ''
  DataSharing__Sources__SocialInsurance__BaseUrl: dataSharingBaseUrls.?SocialInsurance ?? ''
  DataSharing__Sources__BusinessLicence__BaseUrl: dataSharingBaseUrls.?BusinessLicence ?? ''
  DataSharing__Sources__EnterpriseRegistration__BaseUrl: dataSharingBaseUrls.?EnterpriseRegistration ?? ''
  GovernmentIdentity__Authority: governmentIdentityAuthority
  GovernmentIdentity__ClientId: governmentIdentityClientId
  StaffSignIn__Entra__Authority: staffEntraAuthority
  StaffSignIn__Entra__ClientId: staffEntraClientId
  Sms__Templates__SignInCode: smsTemplates.?SignInCode ?? ''
  Sms__Templates__ReturnedForCorrection: smsTemplates.?ReturnedForCorrection ?? ''
  Sms__Templates__ResultPublished: smsTemplates.?ResultPublished ?? ''
  Sms__Templates__DraftReminder: smsTemplates.?DraftReminder ?? ''
  Sms__Templates__ReviewBacklog: smsTemplates.?ReviewBacklog ?? ''
  Sms__Templates__DeadlineReminder: smsTemplates.?DeadlineReminder ?? ''
  WeChat__Templates__ReturnedForCorrection: weChatTemplates.?ReturnedForCorrection ?? ''
  WeChat__Templates__ResultPublished: weChatTemplates.?ResultPublished ?? ''
  WeChat__Templates__DeadlineReminder: weChatTemplates.?DeadlineReminder ?? ''
},
  toObject(range(0, length(secretNames)), i => secretNames[i], i => empty(secretValues[i]) ? '' : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${replace(secretNames[i], '__', '--')})'))

module app 'modules/functionapp.bicep' = {
  scope: group
  params: {
    name: appName
    location: location
    tags: tags
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: deploymentContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: appSettings
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
  }
  dependsOn: [ vault ]
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.name
output AZURE_STORAGE_ACCOUNT string = storage.outputs.name
output SERVICE_API_URI string = 'https://${app.outputs.defaultHostName}'
output PUBLIC_BASE_URL string = appAddress
