using System.Collections.Concurrent;
using System.Diagnostics;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// Rings the wake-up queue for a partition this process sent a message to but does not process: its
/// owner, wherever it runs, then polls that control queue within a peek interval instead of after its
/// idle back-off. Once per partition per <see cref="QuietPeriod"/>, so a burst of sends needs
/// one ring, not one each: the woken partition polls again within <see cref="ControlQueue.ControlQueuePolling.AfterWakeUp"/>,
/// which covers what this process sent in the quiet period. Ringing follows the send, so a worker that sees the note finds the message.
/// A ring that fails costs latency, not the message: the owner still polls it at its longest interval.
/// </summary>
internal sealed class WakeUpBell(WakeUpQueue queue, ILogger logger)
{
    /// <summary>How long after ringing for a partition this process does not ring for it again.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<int, long> _rungAt = new();

    public async Task RingAsync(int partition, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var last = _rungAt.GetValueOrDefault(partition, long.MinValue);
        if (last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < QuietPeriod)
        {
            return;
        }

        if (!_rungAt.TryUpdate(partition, now, last) && !_rungAt.TryAdd(partition, now))
        {
            return; // Another send rang for this partition just now.
        }

        try
        {
            await queue.RingAsync(partition, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
        {
            _rungAt.TryRemove(new KeyValuePair<int, long>(partition, now));
            logger.WakeUpNotRung(partition, ex.Message.Split('\n', 2)[0]);
        }
    }
}
