using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.ColdEvents;

/// <summary>The cold-events result as written to JSON; README.md says what each figure means.</summary>
internal sealed record ColdEventsResult
{
    public string Workload { get; } = "cold-events";

    public required EngineKind Engine { get; init; }

    public required ColdEventsParameters Parameters { get; init; }

    public required MachineInfo Machine { get; init; }

    public double[]? LoadAverageBefore { get; init; }

    public double[]? LoadAverageAfter { get; init; }

    /// <summary>From the raise (the other process) to the commit of the step that applied the event: what the nurse's reply waits for.</summary>
    public required LatencySummary EventToCommittedMs { get; init; }

    /// <summary>Each event's <see cref="EventToCommittedMs"/>, in the order raised (null: not committed before the run ended).</summary>
    public required IReadOnlyList<double?> EventToCommittedEachMs { get; init; }

    /// <summary>From the raise to the orchestrator code observing the event.</summary>
    public required LatencySummary EventToStepMs { get; init; }

    /// <summary>From the raise to the start of the next visit's SMS activity.</summary>
    public required LatencySummary EventToNextActivityMs { get; init; }

    public required LatencySummary RaiseCallMs { get; init; }

    /// <summary>The idle worker's requests per minute over the whole idle window before the first event (its back-off ramp included).</summary>
    public required double IdleRequestsPerMinute { get; init; }

    /// <summary>The same over the window's last 30 s only: the steady state once polling has backed off.</summary>
    public required double? IdleRequestsPerMinuteLast30Seconds { get; init; }

    public required IdleFigures Idle { get; init; }

    public required StorageFigures IdleLast30Seconds { get; init; }

    /// <summary>This process's requests from the first event to the last commit (worker and client).</summary>
    public required StorageFigures EventRequests { get; init; }

    public required StorageFigures RaiserRequests { get; init; }

    public required double PeakWorkingSetMb { get; init; }
}

internal sealed record ColdEventsParameters(
    EngineKind Engine, int Admissions, int VisitsPerAdmission, int Events, int GapSeconds, int IdleBeforeSeconds, EngineParameters EngineSettings);
