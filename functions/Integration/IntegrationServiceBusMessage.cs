using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// An <see cref="IntegrationMessage"/> as a Service Bus message: the body is the CloudEvents 1.0
/// JSON event (structured mode, as on the storage queue); <c>MessageId</c> is the CloudEvent id, so
/// that duplicate detection on the entity drops a retried send; <c>Subject</c> and the application
/// property <c>type</c> are the event type, <c>admissionId</c> the admission — for subscription
/// filters and consumers that route without reading the body.
/// </summary>
internal static class IntegrationServiceBusMessage
{
    /// <summary>The message's content type: a structured-mode CloudEvent.</summary>
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    public const string TypeProperty = "type";
    public const string AdmissionIdProperty = "admissionId";

    public static ServiceBusMessage From(IntegrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Type);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.AdmissionId);
        ArgumentNullException.ThrowIfNull(message.Body);

        var cloudEvent = CloudEventEnvelope.Write(message, CloudEventEnvelope.SerializeBody(message.Body));
        return new ServiceBusMessage(cloudEvent)
        {
            MessageId = message.Id,
            ContentType = ContentType,
            Subject = message.Type,
            ApplicationProperties =
            {
                [TypeProperty] = message.Type,
                [AdmissionIdProperty] = message.AdmissionId,
            },
        };
    }
}
