// Logs, traces and metrics in one workspace, and the alerts an on-call officer acts on.
param namePrefix string
param location string
param tags object
param identityPrincipalId string
@description('Where alerts are mailed; none, and the alerts still show in the portal.')
param alertEmail string
@description('Days logs are kept (PIPL: no longer than needed; the app logs no personal data).')
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Only Entra-authenticated telemetry (the app's identity) is accepted.
    DisableLocalAuth: true
  }
}

// Monitoring Metrics Publisher: lets the identity send telemetry with local auth off.
resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identityPrincipalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: insights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-oncall'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'enrollment'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      { name: 'oncall', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

// Log alerts over the workspace: what the app and the Functions host report.
var logAlerts = [
  {
    name: 'server-errors'
    description: 'More than 1% of requests answered 5xx in 5 minutes (at least 20 of them).'
    severity: 1
    query: 'AppRequests | summarize total = count(), failed = countif(toint(ResultCode) >= 500) | where failed >= 20 and failed * 100.0 / total > 1'
  }
  {
    name: 'cosmos-throttled'
    description: 'Cosmos DB answered 429 (throttled) more than 50 times in 5 minutes: raise throughput or the autoscale maximum.'
    severity: 2
    query: 'AppDependencies | where Type has "Azure DocumentDB" or Target has "documents.azure" | where ResultCode == "429" | summarize throttled = count() | where throttled > 50'
  }
  {
    name: 'timer-failures'
    description: 'A timer function (review start, retries, notifications, reminders, offers, provincial sync) failed.'
    severity: 2
    // The invocations as the Functions worker reports them, and the app's own "timer <name>" span around each run.
    query: 'union (AppRequests | where Name in ("StartReview", "RetryChecks", "SendNotifications", "CloseDrafts", "RemindDrafts", "RemindSchools", "RemindDeadlines", "ConfirmAdmissions", "ExpireOffers", "ProvincialSync") and Success == false), (AppDependencies | where Name startswith "timer " and Success == false) | summarize failures = count() | where failures > 0'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in logAlerts: {
  name: '${namePrefix}-${alert.name}'
  location: location
  tags: tags
  properties: {
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [ workspace.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ actionGroup.id ] }
  }
}]

output connectionString string = insights.properties.ConnectionString
output workspaceId string = workspace.id
