namespace HaH.Orchestration.Bench.Engines;

/// <summary>The engine's settings that shape the figures (DTFx: its defaults, read from its settings object).</summary>
/// <param name="MinPollingIntervalMs">Null when the engine does not expose it.</param>
/// <param name="WakeUpPollingIntervalMs">How often an idle worker peeks for other processes' wake-up rings; null for an engine without them (DTFx).</param>
internal sealed record EngineParameters(
    int PartitionCount,
    int MaxConcurrentSteps,
    int MaxConcurrentActivities,
    double? MinPollingIntervalMs,
    double MaxPollingIntervalMs,
    double LeaseRenewIntervalSeconds,
    int MaxCachedInstances,
    int StorageRequestsInFlight,
    double? WakeUpPollingIntervalMs);
