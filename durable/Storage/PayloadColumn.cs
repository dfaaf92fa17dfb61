using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A JSON text column that moves to a blob when it is too long for a row: the row then holds the
/// blob's name in the column <c>{name}Blob</c> instead, and reads resolve it.
/// </summary>
internal static class PayloadColumn
{
    private const string BlobSuffix = "Blob";

    /// <summary>Sets the column, or returns the blob to write when <paramref name="text"/> is too long.</summary>
    public static PayloadBlob? Set(TableEntity entity, string column, string? text, string blobStem)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length <= PayloadStore.MaxInlineChars)
        {
            entity[column] = text;
            return null;
        }

        var blob = new PayloadBlob(PayloadStore.ContentName(blobStem, text), text);
        entity[column + BlobSuffix] = blob.Name;
        return blob;
    }

    public static bool IsInBlob(TableEntity entity, string column) => entity.ContainsKey(column + BlobSuffix);

    public static async ValueTask<string?> ReadAsync(TableEntity entity, string column, PayloadStore payloads, CancellationToken cancellationToken)
    {
        if (entity.GetString(column + BlobSuffix) is { } blobName)
        {
            return await payloads.DownloadAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        return entity.GetString(column);
    }
}
