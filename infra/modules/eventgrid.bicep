// The storage account's Event Grid system topic. Its subscriptions (one per blob-triggered function) are created after
// the code is deployed, by infra/hooks/postdeploy: their endpoints carry the host's blobs_extension key, which exists only
// once the app runs.
param name string
param location string
param tags object
param storageAccountName string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
