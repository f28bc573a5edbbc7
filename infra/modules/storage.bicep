// The one storage account: Functions host state, Durable Functions' task hub (queues and tables), the platform's tables
// and blobs, and the deployment package. Shared-key access is off, so every caller authenticates with Entra ID.
param name string
param location string
param tags object

@description('Blob container that holds the app package for Flex Consumption deployments.')
param deploymentContainerName string

// The platform's containers (see ARCHITECTURE.md, Containers). The app also creates at startup every container and table
// its areas declare, so a container added later needs no change here; these exist so data can be dropped before the
// first start.
var platformContainers = [
  'training-data'
  'scoring-input'
  'scoring-output'
  'feature-sources'
  'models'
  'datasets'
  'features'
  'predictions'
  'reports'
  'runs'
]

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in concat(platformContainers, [deploymentContainerName]): {
    parent: blobs
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

// Durable Functions' Azure Storage backend keeps work items in queues and history in tables.
resource queues 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
