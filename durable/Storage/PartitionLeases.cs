using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Partition ownership as blob leases in <c>{hub}-leases</c>: one empty blob <c>p{NN}</c> per
/// partition; its lease holder owns the partition and writes its id into the blob's metadata.
/// Running workers announce themselves with a heartbeat blob <c>workers/{id}</c> in the same
/// container, so that one listing shows both who holds what and who wants a share.
/// Correctness never rests on the lease alone: the state row's ETag rejects a stale owner's commit.
/// </summary>
internal sealed class PartitionLeases(BlobContainerClient container, TimeProvider clock)
{
    /// <summary>The shortest lease blob storage grants.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(15);

    /// <summary>The longest finite lease blob storage grants.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    private const string OwnerKey = "owner";
    private const string AcquiredAtKey = "acquiredat";
    private const string WorkersPrefix = "workers/";

    /// <summary>Creates the lease blob of each partition that has none. Idempotent.</summary>
    public Task CreateBlobsAsync(int partitionCount, CancellationToken cancellationToken = default) =>
        Task.WhenAll(Enumerable.Range(0, partitionCount).Select(partition => CreateBlobAsync(partition, cancellationToken)));

    /// <summary>
    /// Takes the partition's lease for <paramref name="ownerId"/>; returns the lease id, or null
    /// when another owner holds it. Two requests: acquire, then record the owner in metadata.
    /// </summary>
    public async Task<string?> TryAcquireAsync(int partition, string ownerId, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (duration < MinDuration || duration > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A partition lease lasts 15–60 seconds (blob lease limits).");
        }

        var blob = Blob(partition);
        BlobLease lease;
        try
        {
            lease = await blob.GetBlobLeaseClient().AcquireAsync(duration, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            await CreateBlobAsync(partition, cancellationToken).ConfigureAwait(false);
            return await TryAcquireAsync(partition, ownerId, duration, cancellationToken).ConfigureAwait(false);
        }

        var metadata = new Dictionary<string, string>
        {
            [OwnerKey] = ownerId,
            [AcquiredAtKey] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        await blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken).ConfigureAwait(false);
        return lease.LeaseId;
    }

    /// <summary>Extends a held lease; false when it was lost (expired and taken, or released). One request.</summary>
    public async Task<bool> RenewAsync(int partition, string leaseId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Blob(partition).GetBlobLeaseClient(leaseId).RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Gives the lease up so another worker can take the partition at once. A lease already lost is not an error.</summary>
    public async Task ReleaseAsync(int partition, string leaseId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Blob(partition).GetBlobLeaseClient(leaseId).ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412 or 404)
        {
            // Lost already: someone else holds it, or nobody does.
        }
    }

    /// <summary>The holder of every partition's lease (one list request).</summary>
    public async Task<IReadOnlyList<PartitionOwner>> ReadOwnersAsync(CancellationToken cancellationToken = default) =>
        (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Partitions;

    /// <summary>
    /// Announces (or re-announces) <paramref name="workerId"/> as a running worker: writes the
    /// empty blob <c>workers/{id}</c>, whose last-modified time is the heartbeat. One request.
    /// </summary>
    public async Task HeartbeatAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        await container.GetBlobClient(WorkerBlobName(workerId)).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes a worker's heartbeat (a stopping worker, or a long-dead one). With
    /// <paramref name="ifNotBeatSince"/>, only when it has not beaten since then. One request.
    /// </summary>
    public async Task RemoveHeartbeatAsync(string workerId, DateTimeOffset? ifNotBeatSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        try
        {
            await container.GetBlobClient(WorkerBlobName(workerId)).DeleteIfExistsAsync(
                conditions: ifNotBeatSince is { } since ? new BlobRequestConditions { IfUnmodifiedSince = since } : null,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 412)
        {
            // It beat again meanwhile: alive after all.
        }
    }

    /// <summary>
    /// Every partition's lease and every worker heartbeat, in one list request (the container
    /// holds one blob per partition and one per worker).
    /// </summary>
    public async Task<LeaseSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var owners = new List<PartitionOwner>();
        var workers = new List<WorkerHeartbeat>();
        DateTimeOffset? readAt = null;
        await foreach (var page in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken).AsPages().ConfigureAwait(false))
        {
            readAt ??= page.GetRawResponse().Headers.Date;
            foreach (var item in page.Values)
            {
                if (item.Name.StartsWith(WorkersPrefix, StringComparison.Ordinal))
                {
                    workers.Add(new WorkerHeartbeat(TableKey.Decode(item.Name[WorkersPrefix.Length..]), item.Properties.LastModified ?? DateTimeOffset.MinValue));
                }
                else if (item.Name.StartsWith('p') && int.TryParse(item.Name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
                {
                    var held = item.Properties.LeaseState == LeaseState.Leased;
                    var last = item.Metadata.TryGetValue(OwnerKey, out var owner) ? owner : null;
                    owners.Add(new PartitionOwner(
                        partition,
                        held ? last : null,
                        held && item.Metadata.TryGetValue(AcquiredAtKey, out var at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : null,
                        last));
                }
            }
        }

        return new LeaseSnapshot(readAt ?? clock.GetUtcNow(), [.. owners.OrderBy(owner => owner.Partition)], workers);
    }

    private static string WorkerBlobName(string workerId) => WorkersPrefix + TableKey.Encode(workerId);

    private BlobClient Blob(int partition) => container.GetBlobClient(TaskHubNames.PartitionName(partition));

    private async Task CreateBlobAsync(int partition, CancellationToken cancellationToken)
    {
        try
        {
            await Blob(partition).UploadAsync(
                BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412)
        {
            // It exists (and may be leased): that is all this wanted.
        }
    }
}
