// Optional: an Event Grid topic (CloudEvents 1.0) for the platform's own events (Mlops.ModelVersionRegistered,
// Mlops.AliasChanged, Mlops.PipelineCompleted, Mlops.PipelineFailed). With it the app publishes there (Events__TopicEndpoint)
// with its identity instead of keeping an outbox for webhooks; subscribers are yours to add. Key access is off.
param name string
param location string
param tags object
param publisherPrincipalId string

@description('Stable text that names the role assignment (see roles.bicep).')
param assignmentKey string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, assignmentKey, eventGridDataSender)
  scope: topic
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}

output endpoint string = topic.properties.endpoint
