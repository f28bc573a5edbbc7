// The platform in Azure, for azd: one resource group with a Flex Consumption Functions app, its storage (which is also
// the platform's storage and Durable Functions' task hub), a user-assigned identity, monitoring and an Event Grid system
// topic on the storage account. Every connection is by identity: no keys or connection strings in any setting.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names and tags the resources.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan.')
param location string

@description('Object id of the principal running azd (azd fills AZURE_PRINCIPAL_ID). It gets the same data roles as the app, so the app runs locally against the provisioned storage. Empty: no roles.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principalId: User from a workstation, ServicePrincipal from a pipeline.')
param principalType string = 'User'

@minValue(40)
@maxValue(1000)
@description('Most instances the app scales out to (Flex Consumption: 40 to 1000).')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Memory per instance in MB. ONNX sessions and training sweeps live in memory: 2048 is the default, 4096 for large models.')
param instanceMemoryMB int = 2048

@minLength(3)
@maxLength(45)
@description('Durable Functions task hub (TASKHUB_NAME): letters and digits, starting with a letter.')
param taskHubName string = 'mlops'

@description('Also create an Event Grid topic for the platform events and publish them there (Events__TopicEndpoint) instead of to the webhook outbox.')
param publishEventsToEventGrid bool = false

var tags = {
  'azd-env-name': environmentName
}

// Short, stable and unique per subscription, environment and region: storage account names are global.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

// Names are computed here, not read from module outputs, so What-If can predict every resource before deployment.
var names = {
  resourceGroup: 'rg-${environmentName}'
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  systemTopic: 'evgt-${resourceToken}'
  eventsTopic: 'evgt-events-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  deploymentContainer: 'app-package-${take(resourceToken, 7)}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module appRoles 'modules/roles.bicep' = {
  name: 'roles-app'
  scope: rg
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    assignmentKey: resourceId(subscription().subscriptionId, names.resourceGroup, 'Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)
  }
  // Modules below reach resources by their computed names, so their order is stated, not inferred.
  dependsOn: [
    storage
    monitoring
  ]
}

module developerRoles 'modules/roles.bicep' = if (!empty(principalId)) {
  name: 'roles-developer'
  scope: rg
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    principalId: principalId
    principalType: principalType
    assignmentKey: principalId
  }
  dependsOn: [
    storage
    monitoring
  ]
}

module events 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    name: names.systemTopic
    location: location
    tags: tags
    storageAccountName: names.storage
  }
  dependsOn: [
    storage
  ]
}

module platformEvents 'modules/platform-events.bicep' = if (publishEventsToEventGrid) {
  name: 'platform-events'
  scope: rg
  params: {
    name: names.eventsTopic
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
    assignmentKey: resourceId(subscription().subscriptionId, names.resourceGroup, 'Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: names.plan
    appName: names.functionApp
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    taskHubName: taskHubName
    eventsTopicEndpoint: publishEventsToEventGrid ? platformEvents!.outputs.endpoint : ''
  }
  // The host reads its storage by identity at startup: roles first, or the first start fails.
  dependsOn: [
    appRoles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output TASKHUB_NAME string = taskHubName
