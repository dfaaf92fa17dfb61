namespace HaH.Orchestration.Functions.Tests.Sms.Webhook;

/// <summary>
/// Event Grid deliveries as Azure Communication Services sends them, in the shapes of the Azure docs
/// ("Azure Communication Services - SMS events", "Event Grid event schema", "CloudEvents v1.0 schema"),
/// with made-up values.
/// </summary>
internal static class SmsEventPayloads
{
    private const string Topic = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/hah-test/providers/microsoft.communication/communicationservices/hah-acs-test";

    public const string OurNumber = "+4512345678";

    public static string SubscriptionValidation(string id, string code) => $$"""
        [{
          "id": "{{id}}",
          "topic": "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/hah-test/providers/Microsoft.Communication/CommunicationServices/hah-acs-test",
          "subject": "",
          "data": {
            "validationCode": "{{code}}",
            "validationUrl": "https://rp-westeurope.eventgrid.azure.net:553/eventsubscriptions/hah-sms/validate?id={{code}}&t=2026-03-02T09:00:00.0000000Z&apiVersion=2018-05-01-preview&token=made-up"
          },
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2026-03-02T09:00:00.1234567Z",
          "metadataVersion": "1",
          "dataVersion": "1"
        }]
        """;

    public static string SmsReceived(string id, string from, string message, string receivedTimestamp = "2026-03-02T11:05:00.12Z") => $$"""
        [{
          "id": "{{id}}",
          "topic": "{{Topic}}",
          "subject": "/phonenumber/{{from.TrimStart('+')}}",
          "data": {
            "messageId": "{{id}}",
            "from": "{{from}}",
            "to": "{{OurNumber}}",
            "message": "{{message}}",
            "receivedTimestamp": "{{receivedTimestamp}}",
            "segmentCount": 1
          },
          "eventType": "Microsoft.Communication.SMSReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "2026-03-02T11:05:02Z"
        }]
        """;

    public static string DeliveryReport(string id, string acsMessageId, string to, string status, string receivedTimestamp, string details = "No error.") => $$"""
        [{
          "id": "{{id}}",
          "topic": "{{Topic}}",
          "subject": "/phonenumber/{{OurNumber.TrimStart('+')}}",
          "data": {
            "messageId": "{{acsMessageId}}",
            "from": "{{OurNumber}}",
            "to": "{{to}}",
            "deliveryStatus": "{{status}}",
            "deliveryStatusDetails": "{{details}}",
            "receivedTimestamp": "{{receivedTimestamp}}",
            "deliveryAttempts": [
              {
                "timestamp": "{{receivedTimestamp}}",
                "segmentsSucceeded": {{(status == "Delivered" ? 1 : 0)}},
                "segmentsFailed": {{(status == "Delivered" ? 0 : 1)}}
              }
            ],
            "tag": "hah"
          },
          "eventType": "Microsoft.Communication.SMSDeliveryReportReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "2026-03-02T11:05:03Z"
        }]
        """;

    public static string OtherEvent(string id) => $$"""
        [{
          "id": "{{id}}",
          "topic": "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/hah-test/providers/Microsoft.Storage/storageAccounts/hahtest",
          "subject": "/blobServices/default/containers/letters/blobs/letter.pdf",
          "data": { "api": "PutBlob", "contentType": "application/pdf", "contentLength": 524288, "blobType": "BlockBlob", "url": "https://hahtest.blob.core.windows.net/letters/letter.pdf" },
          "eventType": "Microsoft.Storage.BlobCreated",
          "dataVersion": "",
          "metadataVersion": "1",
          "eventTime": "2026-03-02T11:05:03Z"
        },
        {
          "id": "{{id}}-custom",
          "topic": "{{Topic}}",
          "subject": "/chat/threads/1",
          "data": { "anything": true },
          "eventType": "Contoso.Something.Else",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "2026-03-02T11:05:03Z"
        }]
        """;

    /// <summary>One CloudEvent (structured mode, <c>application/cloudevents+json</c>).</summary>
    public static string CloudEventSmsReceived(string id, string from, string message) => $$"""
        {
          "id": "{{id}}",
          "source": "{{Topic}}",
          "subject": "/phonenumber/{{from.TrimStart('+')}}",
          "data": {
            "messageId": "{{id}}",
            "from": "{{from}}",
            "to": "{{OurNumber}}",
            "message": "{{message}}",
            "receivedTimestamp": "2026-03-02T11:06:00.5Z",
            "segmentCount": 1
          },
          "type": "Microsoft.Communication.SMSReceived",
          "time": "2026-03-02T11:06:01Z",
          "specversion": "1.0"
        }
        """;

    /// <summary>One Event Grid delivery of the events of several single-event deliveries above, in order.</summary>
    public static string Batch(params string[] deliveries) =>
        "[" + string.Join(",", deliveries.Select(delivery => delivery.Trim()[1..^1])) + "]";

    /// <summary>A CloudEvents batch (<c>application/cloudevents-batch+json</c>).</summary>
    public static string CloudEventsBatch(params string[] events) => "[" + string.Join(",", events) + "]";
}
