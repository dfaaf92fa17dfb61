using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>The admission-day result as written to JSON; README.md says what each figure means.</summary>
internal sealed record AdmissionDayResult
{
    public string Workload { get; } = "admission-day";

    public required EngineKind Engine { get; init; }

    public required AdmissionDayParameters Parameters { get; init; }

    public required MachineInfo Machine { get; init; }

    public double[]? LoadAverageBefore { get; init; }

    public double[]? LoadAverageAfter { get; init; }

    /// <summary>From the first schedule to the last completion: the time <see cref="VisitsPerSecond"/> is measured over.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Of <see cref="WallSeconds"/>: until the last admission was scheduled (16 schedules at a time, while the worker already runs the first).</summary>
    public required double ScheduleSeconds { get; init; }

    public required double VisitsPerSecond { get; init; }

    public required double OrchestrationsPerSecond { get; init; }

    public required LatencySummary EventToStepMs { get; init; }

    public required LatencySummary CrossProcessEventToStepMs { get; init; }

    /// <summary><see cref="EventToStepMs"/> by visit number: the first visits meet the start-up of all admissions at once.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> EventToStepMsByVisit { get; init; }

    /// <summary><see cref="CrossProcessEventToStepMs"/> by visit number.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> CrossProcessEventToStepMsByVisit { get; init; }

    /// <summary>From the raise (this process) to the commit of the step that applied the event.</summary>
    public required LatencySummary EventToCommittedMs { get; init; }

    /// <summary>From the raise (the other process) to the commit of the step that applied the event.</summary>
    public required LatencySummary CrossProcessEventToCommittedMs { get; init; }

    /// <summary>From the raise (this process) to the start of the next activity: the next visit's SMS, or the summary.</summary>
    public required LatencySummary EventToNextActivityMs { get; init; }

    /// <summary>From the raise (the other process) to the start of the next activity.</summary>
    public required LatencySummary CrossProcessEventToNextActivityMs { get; init; }

    /// <summary>Events raised before the orchestrator had started waiting for them (the SMS activity's result was not applied yet).</summary>
    public required RaisedEarly RaisedBeforeOrchestrationWaited { get; init; }

    /// <summary>How long <c>RaiseEventAsync</c> itself took (until the event was durably stored).</summary>
    public required RaiseCalls RaiseCallMs { get; init; }

    public required double StorageRequestsPerVisit { get; init; }

    public required IReadOnlyDictionary<string, double> StorageRequestsPerVisitByOperation { get; init; }

    /// <summary>Every request of the run up to the last completion: this process (worker, client, set-up) and the raiser process.</summary>
    public required StorageFigures StorageRequests { get; init; }

    /// <summary>Of <see cref="StorageRequests"/>: creating the task hub and taking the leases, before the first admission.</summary>
    public required StorageFigures SetupRequests { get; init; }

    /// <summary>Of <see cref="StorageRequests"/>: the raiser process's.</summary>
    public required StorageFigures RaiserRequests { get; init; }

    public required double IdleRequestsPerMinute { get; init; }

    public required IdleFigures Idle { get; init; }

    public required double PeakWorkingSetMb { get; init; }

    public required CpuFigures Cpu { get; init; }

    public required RuntimeFigures Runtime { get; init; }

    public required AdmissionDayOutcome Outcome { get; init; }

    /// <summary>The progress every 5 s of the work: a flat stretch of <c>requests</c> is a stall (Azurite not answering).</summary>
    public required IReadOnlyList<ProgressPoint> Timeline { get; init; }
}

/// <summary>The workload's parameters and the engine's settings; for DTFx its defaults (<c>maxCachedInstances</c> 0: no extended sessions; <c>storageRequestsInFlight</c>: its MaxStorageOperationConcurrency).</summary>
internal sealed record AdmissionDayParameters(
    EngineKind Engine,
    int Admissions,
    int Visits,
    int IdleSeconds,
    int RemoteEvery,
    RaiseOn RaiseOn,
    int ConfirmationTimeoutSeconds,
    int PartitionCount,
    int MaxConcurrentSteps,
    int MaxConcurrentActivities,
    double? MinPollingIntervalMs,
    double MaxPollingIntervalMs,
    double LeaseRenewIntervalSeconds,
    int MaxCachedInstances,
    int StorageRequestsInFlight,
    double? WakeUpPollingIntervalMs)
{
    public static AdmissionDayParameters From(AdmissionDaySettings settings, EngineKind engine, EngineParameters options) => new(
        engine, settings.Admissions, settings.Visits, settings.IdleSeconds, settings.RemoteEvery, settings.RaiseOn, (int)AdmissionDaySettings.ConfirmationTimeout.TotalSeconds,
        options.PartitionCount, options.MaxConcurrentSteps, options.MaxConcurrentActivities, options.MinPollingIntervalMs, options.MaxPollingIntervalMs,
        options.LeaseRenewIntervalSeconds, options.MaxCachedInstances, options.StorageRequestsInFlight, options.WakeUpPollingIntervalMs);
}

internal sealed record RaisedEarly(int SameProcess, int OtherProcess);

internal sealed record RaiseCalls(LatencySummary SameProcess, LatencySummary OtherProcess);

internal sealed record IdleFigures(double Seconds, StorageFigures Requests, double? AzuriteCpuSeconds);

/// <summary>CPU seconds used during the work (first schedule to last completion).</summary>
internal sealed record CpuFigures(double WallSeconds, double BenchSeconds, double? AzuriteSeconds);

internal sealed record AdmissionDayOutcome(int Completed, int NotCompleted, int VisitsConfirmed, int VisitsObserved, int VisitsRaised, long SummariesWritten);
