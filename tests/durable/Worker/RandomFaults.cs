using System.Collections.Concurrent;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Crashes at fault points at random, at most <paramref name="maxPerInstanceAndPoint"/> times per
/// instance and point so that every instance still gets through; counts what it injected.
/// </summary>
internal sealed class RandomFaults(int seed, double probability, int maxPerInstanceAndPoint) : IFaultInjector
{
    private readonly Random _random = new(seed);
    private readonly ConcurrentDictionary<(string, FaultPoint), int> _perInstance = new();
    private readonly ConcurrentDictionary<FaultPoint, int> _injected = new();

    public IReadOnlyDictionary<FaultPoint, int> Injected => _injected;

    public void At(FaultPoint point, string instanceId)
    {
        bool crash;
        lock (_random)
        {
            crash = _random.NextDouble() < probability;
        }

        if (crash && _perInstance.AddOrUpdate((instanceId, point), 1, (_, n) => n + 1) <= maxPerInstanceAndPoint)
        {
            _injected.AddOrUpdate(point, 1, (_, n) => n + 1);
            throw new InjectedFaultException(point, instanceId);
        }
    }
}
