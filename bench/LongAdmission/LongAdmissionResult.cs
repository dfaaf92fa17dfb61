using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.LongAdmission;

/// <summary>The long-admission result as written to JSON; README.md says what each figure means.</summary>
internal sealed record LongAdmissionResult
{
    public string Workload { get; } = "long-admission";

    public required LongAdmissionParameters Parameters { get; init; }

    public required MachineInfo Machine { get; init; }

    public double[]? LoadAverageBefore { get; init; }

    public double[]? LoadAverageAfter { get; init; }

    /// <summary>From scheduling the admission to its completion, wall clock.</summary>
    public required double WallSeconds { get; init; }

    public required string Status { get; init; }

    public required int Visits { get; init; }

    public required int VisitsConfirmed { get; init; }

    /// <summary>The admission's generations (ContinueAsNew).</summary>
    public required int Generations { get; init; }

    /// <summary>
    /// The most events in any one generation of any instance of the run (the admission and the
    /// phone lines): an upper bound of the history one step replays.
    /// </summary>
    public required int LargestHistoryReplayedInOneStep { get; init; }

    /// <summary>Steps of every instance of the run, from their histories.</summary>
    public required int Steps { get; init; }

    /// <summary>
    /// Of <see cref="Steps"/>: those that only applied timers and decided nothing — timers the code
    /// had stopped awaiting (the SDK does not cancel them), each costing a commit (<see cref="StepCensus"/>).
    /// </summary>
    public required int TimerOnlySteps { get; init; }

    public required IReadOnlyList<InstanceHistory> Instances { get; init; }

    /// <summary>
    /// Every request of the app's storage account, the driver's included: it reads the view, the SMS
    /// outbox and the pending timers at every stop and polls the queues while waiting for idle, so
    /// this is not a cost per visit (admission-day measures that).
    /// </summary>
    public required StorageFigures StorageRequestsIncludingDriver { get; init; }

    public required double PeakWorkingSetMb { get; init; }
}

internal sealed record LongAdmissionParameters(int Days, int VisitsPerDay, DateTimeOffset FirstDoseAt, int SuppliedDays, int ReplyAfterMinutes);

/// <summary>One instance's history at the end of the run.</summary>
internal sealed record InstanceHistory(string InstanceId, string Name, string Status, int Generations, int LargestGeneration, int TotalEvents, int Steps, int TimerOnlySteps);
