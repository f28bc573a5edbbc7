// Data-plane roles of one principal on the platform's storage account and Application Insights. Used for the app's
// identity and, when azd knows who is deploying, for that developer (to run the app locally against this storage).
param storageAccountName string
param applicationInsightsName string
param principalId string

@description('Stable text that names the assignments (guid of it): known before deployment, unlike a new identity\'s principal id.')
param assignmentKey string

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string

// Built-in role definition ids (the same in every tenant).
var storageRoles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(storageRoles): {
    name: guid(account.id, assignmentKey, role.value)
    scope: account
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, assignmentKey, monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}
