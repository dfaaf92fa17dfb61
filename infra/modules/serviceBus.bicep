// Service Bus (Standard): the outbound queue for medicine orders and discharge letters and the
// inbound queue for admission commands (docs/integration-servicebus.md).

@description('Azure region.')
param location string

@description('Namespace name (6-50 characters).')
param name string

@description('Tags for every resource.')
param tags object

@description('Queue medicine orders and discharge letters go to (Integration:ServiceBus:Entity).')
param outboundQueueName string

@description('Queue other systems send admission commands to (Integration:Commands:Queue).')
param commandQueueName string

@description('Duplicate detection history window, ISO 8601. Must outlast the publish activity\'s retries (about 75 minutes).')
param duplicateDetectionWindow string

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    minimumTlsVersion: '1.2'
    // Identity only: the host signs in with its managed identity (Integration:ServiceBus:FullyQualifiedNamespace).
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource outbound 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: outboundQueueName
  properties: {
    // A retried send carries the same MessageId (the CloudEvent id): Service Bus drops the repeat.
    // Cannot be turned on later: the queue would have to be created again.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    maxSizeInMegabytes: 1024
  }
}

resource commands 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: commandQueueName
  properties: {
    // Drops a sender's retried send before the host sees it; the host is idempotent by MessageId too.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    // Failures are abandoned and redelivered; after 10 deliveries Service Bus dead-letters the
    // message itself (MaxDeliveryCountExceeded), so nothing is retried forever.
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    // The host renews locks for up to 5 minutes while a command is handled.
    lockDuration: 'PT1M'
    maxSizeInMegabytes: 1024
  }
}

@description('Namespace name.')
output name string = namespace.name

@description('The namespace host name, e.g. hah.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Outbound queue name.')
output outboundQueueName string = outbound.name

@description('Command queue name.')
output commandQueueName string = commands.name
