using System.Text.Json;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>A published integration message, as <c>GET /api/dev/outbox</c> shows it.</summary>
/// <param name="Id">The message (and CloudEvent) id.</param>
/// <param name="Type">The message (and CloudEvent) type.</param>
/// <param name="AdmissionId">The admission it is about.</param>
/// <param name="SentAt">When it was first published, by the host's clock.</param>
/// <param name="Body">The CloudEvent's data; null unless the channel keeps bodies (Development).</param>
internal sealed record PublishedMessage(string Id, string Type, string AdmissionId, DateTimeOffset SentAt, JsonElement? Body)
{
    /// <summary>The CloudEvent's <c>datacontenttype</c>, e.g. <c>application/fhir+json</c> for the discharge letter.</summary>
    public string DataContentType { get; init; } = IntegrationMessage.JsonContentType;
}
