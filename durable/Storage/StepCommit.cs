using Azure;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Everything one orchestration step writes, committed atomically by <see cref="InstanceStore.CommitAsync"/>.
/// </summary>
/// <param name="State">The instance's new state. Its <see cref="InstanceState.HistoryLength"/> covers <paramref name="NewHistory"/>
/// and its <see cref="InstanceState.OutboxIds"/> lists <paramref name="NewOutbox"/>.</param>
/// <param name="ExpectedETag">The ETag of the state the step started from; null when the step creates the instance.</param>
/// <param name="NewHistory">The events the step appends.</param>
/// <param name="NewOutbox">The messages the step sends, delivered after the commit.</param>
/// <param name="DeliveredOutboxIds">Outbox messages of earlier steps now delivered: their rows are deleted.</param>
/// <param name="ConsumedInboxIds">Messages of the instance's inbox rows the step applied or dropped: their rows are
/// deleted in the transaction that makes the step visible, so a message is never gone before its effect is durable.</param>
internal sealed record StepCommit(
    InstanceState State,
    ETag? ExpectedETag,
    IReadOnlyList<HistoryRecord> NewHistory,
    IReadOnlyList<WorkMessage> NewOutbox,
    IReadOnlyList<string> DeliveredOutboxIds,
    IReadOnlyList<string>? ConsumedInboxIds = null);
