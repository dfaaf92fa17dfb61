using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Engines;

/// <summary>
/// One engine's worker and client in this process, on one task hub, running the admission-day
/// orchestration and activities; it tells the probe when steps commit, and counts instances that
/// finished without a storage request.
/// </summary>
internal interface IWorkloadEngine : IEngineClient
{
    EngineKind Kind { get; }

    /// <summary>Every storage request of this process's worker and client.</summary>
    StorageRequestCounter Counter { get; }

    /// <summary>Instances that reached a final status.</summary>
    long Finished { get; }

    /// <summary>Instances that ended in any status but Completed.</summary>
    long FinishedUnsuccessfully { get; }

    EngineParameters Parameters { get; }

    /// <summary>Creates the task hub if needed and starts the worker; returns once it can take work.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    Task<EngineOutcome> ReadOutcomeAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);
}
