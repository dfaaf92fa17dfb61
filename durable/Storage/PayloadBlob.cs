namespace HaH.Orchestration.Durable.Storage;

/// <summary>A payload to write to the payloads container before the row or message that names it.</summary>
internal sealed record PayloadBlob(string Name, string Content);
