using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Peeks the wake-up queue every <c>WakeUpPollingInterval</c> while this worker owns partitions, and
/// wakes each owned partition a note names that it has not seen: that partition polls its control
/// queue at once. A peek shows only the oldest <see cref="WakeUpQueue.PeekLimit"/> notes; when it
/// comes back full with a note not seen before, newer notes may hide behind them, so every owned
/// partition polls — the hub is busy then, and its partitions poll often anyway. Notes are never
/// taken, so any number of workers see every note, each acting for its own partitions.
/// </summary>
internal sealed class WakeUpListener(WakeUpQueue queue, OwnedPartitions owned, TimeSpan interval, ILogger logger)
{
    // Notes live WakeUpQueue.TimeToLive in storage; remembered locally twice that (clocks differ).
    private static readonly TimeSpan RememberFor = WakeUpQueue.TimeToLive * 2;

    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, TimeProvider.System, stopping).ConfigureAwait(false);
                if (owned.All.Count > 0)
                {
                    Wake(await queue.PeekAsync(stopping).ConfigureAwait(false), TimeProvider.System.GetUtcNow());
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
            {
                logger.WakeUpPeekFailed(ex.Message.Split('\n', 2)[0]);
            }
        }
    }

    /// <summary>Wakes the owned partitions <paramref name="notes"/> name for the first time (all of them after a full page of news).</summary>
    internal void Wake(IReadOnlyList<WakeUp> notes, DateTimeOffset now)
    {
        foreach (var (id, _) in _seen.Where(pair => now - pair.Value > RememberFor).ToList())
        {
            _seen.Remove(id);
        }

        var news = notes.Where(note => _seen.TryAdd(note.Id, now)).ToList();
        if (news.Count == 0)
        {
            return;
        }

        if (notes.Count >= WakeUpQueue.PeekLimit)
        {
            foreach (var partition in owned.All)
            {
                partition.Inbox.Wake();
            }

            return;
        }

        foreach (var partition in news.Select(note => note.Partition).OfType<int>().Distinct())
        {
            owned.Get(partition)?.Inbox.Wake();
        }
    }
}
