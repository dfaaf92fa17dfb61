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
        _loop = RenewAsync(queue, visibility, _stop.Token);
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

    private async Task RenewAsync(MessageQueue queue, TimeSpan visibility, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibility / 2, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                _current = await queue.ReleaseAsync(_current, visibility, cancellationToken).ConfigureAwait(false);
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
