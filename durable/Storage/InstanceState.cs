using DurableTask.Core;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The whole durable state of one orchestration instance besides its history and outbox: the
/// state row of the instance's partition in <c>{hub}History</c>. Committed only together with
/// the history events and messages of the step that produced it.
/// </summary>
internal sealed record InstanceState
{
    /// <summary>How many message ids <see cref="RecentMessageIds"/> keeps.</summary>
    public const int RecentMessageIdLimit = 100;

    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public string Version { get; init; } = "";

    /// <summary>The id of the current generation's execution.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>0 for the first generation, then +1 per <c>ContinueAsNew</c>.</summary>
    public int Generation { get; init; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>JSON text set by the orchestration.</summary>
    public string? CustomStatus { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public FailureDetails? Failure { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public ParentInstance? Parent { get; init; }

    /// <summary>Events committed in the current generation; rows at or past it are not (yet) history.</summary>
    public int HistoryLength { get; init; }

    public IReadOnlyList<PendingTimer> PendingTimers { get; init; } = [];

    /// <summary>Outbox messages committed but not yet known to be delivered.</summary>
    public IReadOnlyList<string> OutboxIds { get; init; } = [];

    /// <summary>The ids of the last <see cref="RecentMessageIdLimit"/> messages applied, oldest first, across generations.</summary>
    public IReadOnlyList<string> RecentMessageIds { get; init; } = [];

    /// <summary>The runtime partition (control queue) of the instance.</summary>
    public int Partition { get; init; }

    /// <summary>The status last written to the instance index; differs from <see cref="RuntimeStatus"/> while the index lags.</summary>
    public OrchestrationRuntimeStatus? IndexedStatus { get; init; }

    /// <summary>True once the instance has finished (completed, failed or terminated).</summary>
    public bool IsTerminal => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>This state with <paramref name="messageIds"/> appended to <see cref="RecentMessageIds"/>, keeping the newest ones.</summary>
    public InstanceState RememberMessages(IEnumerable<string> messageIds)
    {
        var all = RecentMessageIds.Concat(messageIds).ToList();
        return this with { RecentMessageIds = all.Skip(Math.Max(0, all.Count - RecentMessageIdLimit)).ToArray() };
    }
}
