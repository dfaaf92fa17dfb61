using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>A row ready to write, and the payload blob it refers to, which must be written first.</summary>
internal sealed record PreparedRow(TableEntity Entity, PayloadBlob? Blob);
