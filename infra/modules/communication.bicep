// Azure Communication Services (SMS only, data kept in Europe) and the Event Grid system topic
// its SMS events are published on. The subscription to the app's webhook is in smsEvents.bicep,
// deployed once the app answers Event Grid's validation.

@description('Communication Services resource name.')
param name string

@description('Tags for every resource.')
param tags object

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: 'Europe'
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-${name}'
  location: 'global'
  tags: tags
  // Dead-letters undeliverable SMS events to blob storage with this identity (no account key).
  identity: { type: 'SystemAssigned' }
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

@description('Communication Services resource name.')
output name string = communication.name

@description('Communication Services host name, e.g. {name}.europe.communication.azure.com.')
output hostName string = communication.properties.hostName

@description('Event Grid system topic name.')
output topicName string = topic.name

@description('The system topic\'s managed identity (dead-lettering writes blobs with it).')
output topicPrincipalId string = topic.identity.principalId
