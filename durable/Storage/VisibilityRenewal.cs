using Azure;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Keeps a received message invisible while work on it outlasts its visibility time-out: every
/// half time-out it extends the message's invisibility (one request), so a long activity is not
/// taken and run a second time by another worker, while a worker that dies lets its messages
/// reappear after one short time-out. Each extension changes the pop receipt:
/// <see cref="StopAsync"/> returns the message with the current one, to delete it by.
/// </summary>
internal sealed class VisibilityRenewal
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private ReceivedMessage _current;

    private VisibilityRenewal(MessageQueue queue, ReceivedMessage message, TimeSpan visibility, CancellationToken stopping)
    {
        _current = message;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = RenewAsync(queue, visibility, stopping);
    }

    public static VisibilityRenewal Start(MessageQueue queue, ReceivedMessage message, TimeSpan visibility, CancellationToken stopping) =>
        new(queue, message, visibility, stopping);

    /// <summary>Stops renewing; the message with its current pop receipt.</summary>
    public async Task<ReceivedMessage> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        return _current;
    }

    // StopAsync cancels only the wait between extensions. An extension already sent is awaited:
    // cancelling it on the client would not stop the server changing the receipt, and the work's
    // delete would then fail with the old one (and the message run again). Only the worker's own
    // shutdown (stopping) abandons a request in flight.
    private async Task RenewAsync(MessageQueue queue, TimeSpan visibility, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibility / 2, TimeProvider.System, _stop.Token).ConfigureAwait(false);
                _current = await queue.ReleaseAsync(_current, visibility, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the work is done, or the worker is stopping.
        }
        catch (Exception error) when (error is RequestFailedException or HttpRequestException)
        {
            // Gone or taken over (its receipt outdated), or storage unavailable: the message may
            // reappear and run again elsewhere, which at-least-once activities allow.
        }
    }
}
