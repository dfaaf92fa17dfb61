using System.Text.Json;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Writes an <see cref="IntegrationMessage"/> as a CloudEvents 1.0 JSON event (structured mode):
/// <c>specversion</c>, <c>id</c>, <c>source</c> <c>/hah/admissions/{admissionId}</c>,
/// <c>type</c>, <c>time</c>, <c>datacontenttype</c> (the message's, <c>application/json</c> by default),
/// <c>subject</c> (the admission id) and <c>data</c> (the body, as JSON: every content type the app
/// sends is JSON or ends in <c>+json</c>, which CloudEvents carries inline).
/// </summary>
internal static class CloudEventEnvelope
{
    public const string SpecVersion = "1.0";

    /// <summary>The default <c>datacontenttype</c>; a message may say otherwise (<see cref="IntegrationMessage.DataContentType"/>).</summary>
    public const string DataContentType = IntegrationMessage.JsonContentType;

    /// <summary>How bodies are serialized: the app's JSON style (camelCase).</summary>
    public static JsonSerializerOptions BodyOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The event's <c>source</c>: one per admission, so consumers can group by it.</summary>
    public static string Source(string admissionId) => "/hah/admissions/" + Uri.EscapeDataString(admissionId);

    /// <summary>The body as JSON, by its runtime type (the record's property is <see cref="object"/>).</summary>
    public static JsonElement SerializeBody(object body) => JsonSerializer.SerializeToElement(body, body.GetType(), BodyOptions);

    /// <summary>The event as UTF-8 JSON.</summary>
    public static byte[] Write(IntegrationMessage message, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", SpecVersion);
            writer.WriteString("id", message.Id);
            writer.WriteString("source", Source(message.AdmissionId));
            writer.WriteString("type", message.Type);

            // RFC 3339, as CloudEvents requires; UTC so that every consumer reads the same text.
            writer.WriteString("time", message.Time.ToUniversalTime());
            writer.WriteString("datacontenttype", message.DataContentType);
            writer.WriteString("subject", message.AdmissionId);
            writer.WritePropertyName("data");
            data.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
