// The Flex Consumption plan and the Functions app (.NET 10 isolated worker). The app reaches storage, its deployment
// package and Application Insights with the user-assigned identity; its settings hold endpoints and ids, never a key.
param planName string
param appName string
param location string
param tags object

@description('azd service name: azd deploys the service of this name to the resource tagged with it.')
param serviceName string

param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param maximumInstanceCount int
param instanceMemoryMB int
param taskHubName string

@description('Event Grid topic for the platform events; empty: events go to the outbox and its webhooks.')
param eventsTopicEndpoint string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      // Host and platform storage by identity (Mlops.Core reads the same keys; see StorageServiceCollectionExtensions).
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: account.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: account.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: account.properties.primaryEndpoints.table
      // For any DefaultAzureCredential in the app (an Event Grid topic publisher, for one): use the app's identity.
      AZURE_CLIENT_ID: identityClientId
      // The connection string names the ingestion endpoint; with local auth off it grants nothing without the token
      // that the authentication string tells the SDK to get with the identity.
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // Durable Functions' task hub (host.json: "hubName": "%TASKHUB_NAME%").
      TASKHUB_NAME: taskHubName
      // Durable Functions runs the workflows; the Functions host checks keys (Program.cs sets the same defaults).
      // Storage__Prefix stays unset: the blob triggers' paths name the containers without a prefix.
      Workflows__Engine: 'None'
      Security__RequireKeys: 'false'
      // Timer schedules (six-field NCRONTAB), read by the timer triggers as %Pipelines__Scheduler__Tick% and so on.
      Pipelines__Scheduler__Tick: '0 * * * * *'
      Events__DeliverySchedule: '30 * * * * *'
      // Platform events go to this Event Grid topic when set; empty binds to none (the outbox and its webhooks).
      Events__TopicEndpoint: eventsTopicEndpoint
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
