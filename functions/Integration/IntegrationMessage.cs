namespace HaH.Orchestration.Functions.Integration;

/// <summary>A message to another system.</summary>
/// <param name="Id">Stable per logical message (a retried activity reuses it); consumers de-duplicate by it.</param>
/// <param name="Type">What it is, versioned, e.g. <c>dk.ehospital.medicine-order.v1</c> or <c>dk.ehospital.discharge-letter.v1</c>.</param>
/// <param name="AdmissionId">The admission it is about.</param>
/// <param name="Time">When it happened, by the orchestration's clock.</param>
/// <param name="Body">The content, serialized as JSON with camelCase names.</param>
internal sealed record IntegrationMessage(string Id, string Type, string AdmissionId, DateTimeOffset Time, object Body);
