using System.Globalization;
using Azure.Storage.Queues;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The task hub's wake-up queue: short-lived notes "partition p has a new message", rung by a process
/// after it sent to a control queue it does not process itself, and peeked — never received or
/// deleted — by every worker, each waking the partitions it owns. Peeking one queue is what lets an
/// idle worker poll its control queues rarely and still take another process's message within a
/// second. Notes expire by themselves (<see cref="TimeToLive"/>), so ringing costs one request and
/// the queue stays short.
/// </summary>
internal sealed class WakeUpQueue(QueueClient queue)
{
    /// <summary>Long enough for every worker to peek a note several times, short enough that a quiet hub's queue is nearly empty.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(10);

    /// <summary>The most notes one peek returns (the storage service's limit).</summary>
    public const int PeekLimit = 32;

    /// <summary>Rings for <paramref name="partition"/>. One request.</summary>
    public async Task RingAsync(int partition, CancellationToken cancellationToken = default) =>
        await queue.SendMessageAsync(partition.ToString(CultureInfo.InvariantCulture), visibilityTimeout: null, TimeToLive, cancellationToken).ConfigureAwait(false);

    /// <summary>The oldest notes that have not expired, up to <see cref="PeekLimit"/>; they stay in the queue. One request.</summary>
    public async Task<IReadOnlyList<WakeUp>> PeekAsync(CancellationToken cancellationToken = default)
    {
        var peeked = await queue.PeekMessagesAsync(PeekLimit, cancellationToken).ConfigureAwait(false);
        return peeked.Value
            .Select(note => new WakeUp(note.MessageId, int.TryParse(note.Body.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var partition) ? partition : null))
            .ToList();
    }
}

/// <summary>One note of the <see cref="WakeUpQueue"/>: its id, and the partition it names (null when it names none this runtime reads).</summary>
internal sealed record WakeUp(string Id, int? Partition);
