using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Large payloads in the <c>{hub}-payloads</c> container, as UTF-8 text. Rows and queue messages
/// hold a blob's name instead of a payload that would not fit them.
/// </summary>
internal sealed class PayloadStore(BlobContainerClient container)
{
    /// <summary>
    /// The longest JSON kept inside a table row. A string property holds 32 K UTF-16 characters;
    /// the rest of the row needs room too.
    /// </summary>
    public const int MaxInlineChars = 30_000;

    public BlobContainerClient Container { get; } = container;

    /// <summary>
    /// A blob name for <paramref name="content"/> under <paramref name="stem"/>, ending with a hash
    /// of the content. Two writers (say a stale partition owner and the new one) can then never
    /// overwrite each other's payload with a different one under a name a committed row refers to.
    /// </summary>
    public static string ContentName(string stem, string content)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        return $"{stem}-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }

    public async Task UploadAsync(PayloadBlob blob, CancellationToken cancellationToken = default) =>
        await Container.GetBlobClient(blob.Name)
            .UploadAsync(BinaryData.FromString(blob.Content), overwrite: true, cancellationToken)
            .ConfigureAwait(false);

    public Task UploadAllAsync(IEnumerable<PayloadBlob> blobs, CancellationToken cancellationToken = default) =>
        Task.WhenAll(blobs.DistinctBy(blob => blob.Name).Select(blob => UploadAsync(blob, cancellationToken)));

    public async Task<string> DownloadAsync(string name, CancellationToken cancellationToken = default) =>
        await TryDownloadAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException(
            $"The payload blob '{Container.Name}/{name}' that a stored row or message refers to does not exist. " +
            "Likely cause: it was purged or deleted by hand while something still referred to it.");

    public async Task<string?> TryDownloadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToString();
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes every blob whose name starts with <paramref name="prefix"/>; returns how many.</summary>
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        await Task.WhenAll(names.Select(name =>
            Container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return names.Count;
    }
}
