// The Event Grid subscription that delivers incoming SMS and delivery reports to the app's webhook,
// POST /api/sms/events?code={sms key}. Event Grid validates the endpoint when the subscription is
// created (the app answers the validation event), so deploy this only once the code runs.

@description('Event Grid system topic of the Communication Services resource.')
param topicName string

@description('https://{app}/api/sms/events?code={sms key}: Event Grid sends the sms role\'s key as code= (it counts there only).')
@secure()
param endpointUrl string

@description('Storage account that receives undeliverable events.')
param deadLetterStorageId string

@description('Blob container that receives undeliverable events.')
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'sms-to-app'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
      }
    }
    // A nurse's reply matters for a day at most; after that it is dead-lettered, not dropped.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

@description('Event subscription name.')
output name string = subscription.name
