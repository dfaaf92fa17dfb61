using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using HaH.Orchestration.Functions.Sms.Acs;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// Reads an Event Grid delivery in either schema Event Grid can use for a subscription: its own
/// (a JSON array of events with <c>eventType</c>) or CloudEvents 1.0 (<c>application/cloudevents+json</c>,
/// <c>application/cloudevents-batch+json</c>, or JSON whose events have <c>specversion</c>). A delivery
/// is read whole before anything is done with it, so a bad event refuses the delivery without half of
/// it having been processed.
/// </summary>
internal static class SmsEventParser
{
    /// <summary>The delivery's events, in order.</summary>
    /// <exception cref="FormatException">The body is not a delivery, or one of its SMS events lacks what it needs; the message says what.</exception>
    public static IReadOnlyList<SmsEvent> Parse(BinaryData body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ToMemory().IsEmpty)
        {
            throw new FormatException("The body is empty; expected a JSON array of Event Grid events, or CloudEvents.");
        }

        try
        {
            return IsCloudEvents(body, contentType)
                ? CloudEvent.ParseMany(body).Select(FromCloudEvent).ToList()
                : EventGridEvent.ParseMany(body).Select(FromEventGridEvent).ToList();
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or NotSupportedException)
        {
            throw new FormatException($"The body is not an Event Grid delivery: {error.Message}", error);
        }
    }

    private static bool IsCloudEvents(BinaryData body, string? contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.MediaType is "application/cloudevents+json" or "application/cloudevents-batch+json")
        {
            return true;
        }

        using var document = JsonDocument.Parse(body.ToMemory());
        var first = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().FirstOrDefault()
            : document.RootElement;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

    private static SmsEvent FromEventGridEvent(EventGridEvent gridEvent) =>
        FromSystemData(gridEvent.Id, gridEvent.EventType, gridEvent.TryGetSystemEventData(out var data) ? data : null, gridEvent.EventTime);

    private static SmsEvent FromCloudEvent(CloudEvent cloudEvent) =>
        FromSystemData(cloudEvent.Id, cloudEvent.Type, cloudEvent.TryGetSystemEventData(out var data) ? data : null, cloudEvent.Time);

    private static SmsEvent FromSystemData(string id, string type, object? data, DateTimeOffset? eventTime)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new FormatException($"An event of type {type} has no id.");
        }

        switch (data)
        {
            case SubscriptionValidationEventData validation:
                return new SubscriptionValidationEvent(id, Require(validation.ValidationCode, id, "validationCode"));
            case AcsSmsReceivedEventData received:
                return new SmsReplyEvent(
                    id,
                    E164(Require(received.From, id, "from")),
                    received.Message ?? throw Missing(id, "message"),
                    received.ReceivedTimestamp ?? eventTime ?? throw Missing(id, "receivedTimestamp"));
            case AcsSmsDeliveryReportReceivedEventData report:
                var attempts = report.DeliveryAttempts ?? [];
                var reportedAt = report.ReceivedTimestamp
                    ?? attempts.Select(attempt => attempt.Timestamp).Max()
                    ?? eventTime
                    ?? throw Missing(id, "receivedTimestamp");
                return new SmsDeliveryReportEvent(id, new SmsDeliveryReport(
                    Require(report.MessageId, id, "messageId"),
                    report.To,
                    Require(report.DeliveryStatus, id, "deliveryStatus"),
                    report.DeliveryStatusDetails,
                    attempts.Count,
                    reportedAt));
            default:
                // One of ours without its data would otherwise pass as an unknown type and be lost.
                return type is SmsEvent.SmsReceivedType or SmsEvent.DeliveryReportType or SmsEvent.SubscriptionValidationType
                    ? throw Missing(id, "")
                    : new OtherSmsEvent(id, type);
        }
    }

    // ACS's documented samples show numbers without '+'; phone lines are named by the E.164 form we text.
    private static string E164(string phone) =>
        phone.Length > 0 && phone.All(char.IsAsciiDigit) ? "+" + phone : phone;

    private static string Require(string? value, string id, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw Missing(id, name) : value;

    private static FormatException Missing(string id, string name) =>
        new(name.Length == 0 ? $"Event {id} has no data." : $"Event {id} has no data.{name}.");
}
