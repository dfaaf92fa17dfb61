namespace HaH.Orchestration.Durable.Storage;

/// <summary>A worker's announcement in the leases container: it is running and wants its share of partitions.</summary>
/// <param name="WorkerId">The worker.</param>
/// <param name="BeatAt">When it last announced itself, by the storage service's clock.</param>
internal sealed record WorkerHeartbeat(string WorkerId, DateTimeOffset BeatAt);
