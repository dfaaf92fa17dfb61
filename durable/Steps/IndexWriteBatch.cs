using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Writes one partition's index updates that need not be waited for (Pending to Running) together:
/// one transaction in flight at a time, and what arrives meanwhile goes into the next, up to
/// <see cref="InstanceIndex.MaxRowsPerTransaction"/> rows. Alone, a row is written at once; when many
/// instances start together, their rows share a request. Each row is the instance's status when its
/// transaction is built (a later step may have changed it), skipped when the index already has it.
/// A failed transaction fails the writes in it, as a failed single write did: the index lags until
/// the partition's next owner repairs it.
/// </summary>
internal sealed class IndexWriteBatch(InstanceIndex index)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CachedInstance Cached, TaskCompletionSource Written)> _waiting = new(StringComparer.Ordinal);
    private bool _flushing;

    /// <summary>Completes when a transaction with the instance's row (or one found unnecessary) has ended.</summary>
    public Task WriteAsync(CachedInstance cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cached);
        TaskCompletionSource written;
        lock (_gate)
        {
            if (_waiting.TryGetValue(cached.State.InstanceId, out var queued))
            {
                return queued.Written.Task;
            }

            written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[cached.State.InstanceId] = (cached, written);
            if (_flushing)
            {
                return written.Task;
            }

            _flushing = true;
        }

        _ = Task.Run(() => FlushAsync(cancellationToken), CancellationToken.None);
        return written.Task;
    }

    // Never throws: every outcome goes to the writes' tasks.
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (TakeNext() is { Count: > 0 } batch)
        {
            try
            {
                var due = batch.Where(row => row.Cached.IndexedStatus != row.Cached.State.RuntimeStatus)
                    .Select(row => (row.Cached, Entry: IndexEntry.From(row.Cached.State)))
                    .ToList();
                await index.UpsertAllAsync(due.Select(row => row.Entry).ToList(), cancellationToken).ConfigureAwait(false);
                foreach (var (cached, entry) in due)
                {
                    cached.IndexedStatus = entry.RuntimeStatus;
                }

                batch.ForEach(row => row.Written.TrySetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(row => row.Written.TrySetException(ex));
            }
        }
    }

    private List<(CachedInstance Cached, TaskCompletionSource Written)> TakeNext()
    {
        lock (_gate)
        {
            var batch = _waiting.Take(InstanceIndex.MaxRowsPerTransaction).ToList();
            foreach (var (instanceId, _) in batch)
            {
                _waiting.Remove(instanceId);
            }

            _flushing = batch.Count > 0;
            return batch.Select(pair => pair.Value).ToList();
        }
    }
}
