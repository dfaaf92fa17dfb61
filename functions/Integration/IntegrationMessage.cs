namespace HaH.Orchestration.Functions.Integration;

/// <summary>A message to another system.</summary>
/// <param name="Id">Stable per logical message (a retried activity reuses it); consumers de-duplicate by it.</param>
/// <param name="Type">What it is, versioned, e.g. <c>dk.ehospital.medicine-order.v1</c> or <c>dk.ehospital.discharge-letter.v2</c>.</param>
/// <param name="AdmissionId">The admission it is about.</param>
/// <param name="Time">When it happened, by the orchestration's clock.</param>
/// <param name="Body">The content, serialized as JSON with camelCase names (a <see cref="System.Text.Json.JsonElement"/> is written as it is).</param>
internal sealed record IntegrationMessage(string Id, string Type, string AdmissionId, DateTimeOffset Time, object Body)
{
    /// <summary>The content type of plain JSON bodies, the default.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>
    /// The media type of <see cref="Body"/>, written as the CloudEvent's <c>datacontenttype</c>:
    /// <see cref="JsonContentType"/> (the default), or e.g. <c>application/fhir+json</c> for a FHIR message.
    /// </summary>
    public string DataContentType { get; init; } = JsonContentType;
}
