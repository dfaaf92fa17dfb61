using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.Acs;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// Reads an Event Grid delivery in either schema Event Grid can use for a subscription: its own
/// (a JSON array of events with <c>eventType</c>) or CloudEvents 1.0 (<c>application/cloudevents+json</c>,
/// <c>application/cloudevents-batch+json</c>, or JSON whose events have <c>specversion</c>).
/// </summary>
/// <remarks>
/// Each event is read and checked on its own, because Event Grid delivers batches and redelivers a
/// whole batch that is not acknowledged: an event that is not usable — not an event, no usable id,
/// a sender that is not a phone number, a text or value beyond its bounds — becomes a
/// <see cref="RejectedSmsEvent"/> in its place, and the others are read as usual. Only a body that
/// is not a delivery at all (empty, not JSON, neither an event nor an array) is refused whole.
/// </remarks>
internal static class SmsEventParser
{
    /// <summary>The longest event id taken (Event Grid's own ids are GUIDs; ACS's are about 60 characters).</summary>
    public const int MaxIdLength = 512;

    /// <summary>The longest SMS text taken: far beyond what a nurse writes, far below what could burden a phone line.</summary>
    public const int MaxTextLength = 2048;

    /// <summary>The longest type, message id, status or recipient taken.</summary>
    public const int MaxValueLength = 256;

    /// <summary>How much of a rejected event's id and type is shown to administrators.</summary>
    private const int ShownLength = 80;

    /// <summary>The delivery's events, in order, each usable or rejected.</summary>
    /// <exception cref="FormatException">The body is not a delivery; the message says what.</exception>
    public static IReadOnlyList<SmsEvent> Parse(BinaryData body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ToMemory().IsEmpty)
        {
            throw new FormatException("The body is empty; expected a JSON array of Event Grid events, or CloudEvents.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToMemory());
        }
        catch (JsonException error)
        {
            throw new FormatException($"The body is not JSON ({error.Message}); expected a JSON array of Event Grid events, or CloudEvents.", error);
        }

        using (document)
        {
            var root = document.RootElement;
            IReadOnlyList<JsonElement> events = root.ValueKind switch
            {
                JsonValueKind.Array => [.. root.EnumerateArray()],
                JsonValueKind.Object => [root],
                _ => throw new FormatException($"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}; expected a JSON array of Event Grid events, or CloudEvents."),
            };
            var cloudEvents = IsCloudEventsMediaType(contentType);
            return [.. events.Select(element => ParseEvent(element, cloudEvents))];
        }
    }

    private static bool IsCloudEventsMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType is "application/cloudevents+json" or "application/cloudevents-batch+json";

    private static SmsEvent ParseEvent(JsonElement element, bool cloudEvents)
    {
        var isObject = element.ValueKind == JsonValueKind.Object;
        var id = isObject ? Text(element, "id") : "";
        var type = isObject ? Text(element, "eventType", "type") : "";
        var usableId = IsUsableId(id);
        var key = usableId ? SmsEventKey.Of(id) : SmsEventKey.OfContent(element.GetRawText());
        RejectedSmsEvent Reject(string reason, string detail, string? sender = null) =>
            new(FreeText.Clean(id, ShownLength), FreeText.Clean(type, ShownLength), reason, FreeText.Clean(detail, FreeText.MaxLogValue), sender, key);

        if (!isObject)
        {
            return Reject(SmsRejection.Malformed, $"The event is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object.");
        }

        if (!usableId)
        {
            return Reject(SmsRejection.InvalidId, id.Length == 0 ? "The event has no id."
                : id.Length > MaxIdLength ? $"The id has {id.Length} characters; at most {MaxIdLength} are taken."
                : "The id holds control characters or spaces around it.");
        }

        if (!IsUsableValue(type))
        {
            return Reject(SmsRejection.InvalidData, $"The type has {type.Length} characters or control characters; at most {MaxValueLength} characters are taken.");
        }

        try
        {
            var json = BinaryData.FromString(element.GetRawText());
            return cloudEvents || element.TryGetProperty("specversion", out _)
                ? FromCloudEvent(CloudEvent.Parse(json) ?? throw new JsonException("The event is null."), Reject)
                : FromEventGridEvent(EventGridEvent.Parse(json), Reject);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or NotSupportedException or FormatException)
        {
            return Reject(SmsRejection.Malformed, $"Not an Event Grid or CloudEvents event: {error.Message}");
        }
    }

    private static SmsEvent FromEventGridEvent(EventGridEvent gridEvent, Rejecter reject) =>
        FromSystemData(gridEvent.Id, gridEvent.EventType, gridEvent.TryGetSystemEventData(out var data) ? data : null, gridEvent.EventTime, reject);

    private static SmsEvent FromCloudEvent(CloudEvent cloudEvent, Rejecter reject) =>
        FromSystemData(cloudEvent.Id, cloudEvent.Type, cloudEvent.TryGetSystemEventData(out var data) ? data : null, cloudEvent.Time, reject);

    private static SmsEvent FromSystemData(string id, string type, object? data, DateTimeOffset? eventTime, Rejecter reject)
    {
        switch (data)
        {
            case SubscriptionValidationEventData validation:
                return string.IsNullOrWhiteSpace(validation.ValidationCode)
                    ? Missing(reject, "validationCode")
                    : new SubscriptionValidationEvent(id, validation.ValidationCode);
            case AcsSmsReceivedEventData received:
                return FromReceived(id, received, eventTime, reject);
            case AcsSmsDeliveryReportReceivedEventData report:
                return FromReport(id, report, eventTime, reject);
            default:
                // One of ours without its data would otherwise pass as an unknown type and be lost.
                return type is SmsEvent.SmsReceivedType or SmsEvent.DeliveryReportType or SmsEvent.SubscriptionValidationType
                    ? reject(SmsRejection.MissingData, "The event has no data.")
                    : new OtherSmsEvent(id, type);
        }
    }

    private static SmsEvent FromReceived(string id, AcsSmsReceivedEventData received, DateTimeOffset? eventTime, Rejecter reject)
    {
        if (string.IsNullOrWhiteSpace(received.From))
        {
            return Missing(reject, "from");
        }

        var from = E164(received.From);
        if (!PhoneNumber.IsValid(from))
        {
            // The value is not shown: it is whatever the sender made it, a number or not.
            return reject(SmsRejection.InvalidSender, $"The sender ({from.Length} characters) is not a phone number in E.164.");
        }

        if (received.Message is null)
        {
            return Missing(reject, "message", from);
        }

        if (received.Message.Length > MaxTextLength)
        {
            return reject(SmsRejection.InvalidText, $"The text has {received.Message.Length} characters; at most {MaxTextLength} are taken.", PhoneMask.Mask(from));
        }

        return (received.ReceivedTimestamp ?? eventTime) is { } at
            ? new SmsReplyEvent(id, from, received.Message, at)
            : Missing(reject, "receivedTimestamp", from);
    }

    private static SmsEvent FromReport(string id, AcsSmsDeliveryReportReceivedEventData report, DateTimeOffset? eventTime, Rejecter reject)
    {
        if (string.IsNullOrWhiteSpace(report.MessageId))
        {
            return Missing(reject, "messageId");
        }

        if (string.IsNullOrWhiteSpace(report.DeliveryStatus))
        {
            return Missing(reject, "deliveryStatus");
        }

        if (!IsUsableValue(report.MessageId) || !IsUsableValue(report.DeliveryStatus) || !IsUsableValue(report.To ?? ""))
        {
            return reject(SmsRejection.InvalidData, $"The message id, status or recipient has control characters or more than {MaxValueLength} characters.");
        }

        var attempts = report.DeliveryAttempts ?? [];
        var reportedAt = report.ReceivedTimestamp ?? attempts.Select(attempt => attempt.Timestamp).Max() ?? eventTime;
        return reportedAt is { } at
            ? new SmsDeliveryReportEvent(id, new SmsDeliveryReport(
                report.MessageId,
                report.To,
                report.DeliveryStatus,
                report.DeliveryStatusDetails is null ? null : FreeText.Clean(report.DeliveryStatusDetails, MaxValueLength),
                attempts.Count,
                at))
            : Missing(reject, "receivedTimestamp");
    }

    // ACS's documented samples show numbers without '+'; phone lines are named by the E.164 form we text.
    private static string E164(string phone) =>
        phone.Length > 0 && phone.All(char.IsAsciiDigit) ? "+" + phone : phone;

    private static bool IsUsableId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !FreeText.HasControlCharacters(id) && id.Trim() == id;

    private static bool IsUsableValue(string value) =>
        value.Length <= MaxValueLength && !FreeText.HasControlCharacters(value);

    private static RejectedSmsEvent Missing(Rejecter reject, string name, string? from = null) =>
        reject(SmsRejection.MissingData, $"The event has no data.{name}.", from is null ? null : PhoneMask.Mask(from));

    /// <summary>A string property of the envelope, the first of <paramref name="names"/> present; empty when none is a string.</summary>
    private static string Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString() ?? "";
            }
        }

        return "";
    }

    private delegate RejectedSmsEvent Rejecter(string reason, string detail, string? sender = null);
}
