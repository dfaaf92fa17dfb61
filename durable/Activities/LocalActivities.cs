using System.Collections.Concurrent;

namespace HaH.Orchestration.Durable.Activities;

/// <summary>
/// The activity requests of a partition's outboxes that run in this process right now. While one
/// runs its request is not sent, even when its instance is read again with the request still in
/// its outbox.
/// </summary>
internal sealed class LocalActivities
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public void Started(string requestId) => _running[requestId] = 0;

    public void Ended(string requestId) => _running.TryRemove(requestId, out _);

    public bool IsRunning(string requestId) => _running.ContainsKey(requestId);
}
