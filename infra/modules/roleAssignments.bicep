// What the app's identity may do, by identity rather than by key: storage data, the two Service Bus
// queues, the vault's secrets; and the Event Grid topic's identity may write dead-lettered events.
// Names are guid(scope, principal, role): the same deployment always yields the same assignment.

@description('The app\'s system-assigned identity.')
param appPrincipalId string

@description('functions: the Functions host and Durable Functions (which need Blob Data Owner for the host\'s storage); standalone: the project\'s own host.')
@allowed(['functions', 'standalone'])
param hosting string

@description('Storage account name.')
param storageAccountName string

@description('Service Bus namespace name.')
param serviceBusName string

@description('Outbound queue: the app sends.')
param outboundQueueName string

@description('Command queue: the app receives.')
param commandQueueName string

@description('Key Vault name.')
param keyVaultName string

@description('Event Grid system topic identity (dead-lettering to blobs); empty: none.')
param eventGridPrincipalId string

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

// The Functions host keeps its own blob leases and Flex reads its package container with the
// identity: Microsoft documents Blob Data Owner for AzureWebJobsStorage. The standalone host only
// reads and writes blobs (leases, payloads, data protection keys): Blob Data Contributor.
var storageRoles = [
  hosting == 'functions' ? roles.storageBlobDataOwner : roles.storageBlobDataContributor
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusName
}

resource outboundQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: serviceBus
  name: outboundQueueName
}

resource commandQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: serviceBus
  name: commandQueueName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName
}

resource storageData 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, appPrincipalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(outboundQueue.id, appPrincipalId, roles.serviceBusDataSender)
  scope: outboundQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(commandQueue.id, appPrincipalId, roles.serviceBusDataReceiver)
  scope: commandQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(eventGridPrincipalId)) {
  name: guid(storage.id, eventGridPrincipalId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: eventGridPrincipalId
    principalType: 'ServicePrincipal'
  }
}
