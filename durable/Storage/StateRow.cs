using Azure.Data.Tables;
using DurableTask.Core;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The state row (RowKey <c>state.{tag}</c>, see <see cref="RowKeyTag"/>) of an instance's partition in <c>{hub}History</c>. Payloads
/// (input, output, custom status, failure) longer than a row allows go to content-named blobs;
/// the lists (pending timers, outbox ids, recent message ids) are split over several columns
/// instead, so that reading the state stays one point read.
/// </summary>
internal static class StateRow
{
    public static string RowKey(string partitionKey) => "state." + RowKeyTag.Of(partitionKey);

    /// <summary>
    /// A token unique to each commit attempt, written with every write of the state row: it tells
    /// a commit whether a refused retry of its own transaction had in fact been applied.
    /// </summary>
    public const string CommitTokenColumn = "CommitToken";

    private const string InstanceIdColumn = "InstanceId";

    public static (TableEntity Entity, IReadOnlyList<PayloadBlob> Blobs) Create(InstanceState state, string commitToken)
    {
        var partitionKey = TableKey.Encode(state.InstanceId);
        var entity = new TableEntity(partitionKey, RowKey(partitionKey))
        {
            [InstanceIdColumn] = state.InstanceId,
            ["Name"] = state.Name,
            ["Version"] = state.Version,
            ["ExecutionId"] = state.ExecutionId,
            ["Generation"] = state.Generation,
            ["RuntimeStatus"] = state.RuntimeStatus.ToString(),
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["HistoryLength"] = state.HistoryLength,
            ["Partition"] = state.Partition,
            [CommitTokenColumn] = commitToken,
        };
        SetIfNotNull(entity, "CompletedAt", state.CompletedAt);
        SetIfNotNull(entity, "ScheduledStartAt", state.ScheduledStartAt);
        SetIfNotNull(entity, "IndexedStatus", state.IndexedStatus?.ToString());
        SetIfNotNull(entity, "Parent", state.Parent is null ? null : StorageJson.Serialize(state.Parent));
        ChunkedColumn.Set(entity, "PendingTimers", StorageJson.Serialize(state.PendingTimers));
        ChunkedColumn.Set(entity, "OutboxIds", StorageJson.Serialize(state.OutboxIds));
        ChunkedColumn.Set(entity, "RecentMessageIds", StorageJson.Serialize(state.RecentMessageIds));

        var stem = $"state/{partitionKey}/";
        PayloadBlob?[] blobs =
        [
            PayloadColumn.Set(entity, "Input", state.Input, stem + "input"),
            PayloadColumn.Set(entity, "Output", state.Output, stem + "output"),
            PayloadColumn.Set(entity, "CustomStatus", state.CustomStatus, stem + "customstatus"),
            PayloadColumn.Set(entity, "Failure", state.Failure is null ? null : StorageJson.Serialize(state.Failure), stem + "failure"),
        ];
        return (entity, blobs.OfType<PayloadBlob>().ToArray());
    }

    /// <summary>
    /// What the earlier batches of a multi-batch commit write to the state row: merged into an
    /// existing state it changes only the row's ETag; inserted for a new instance it is a
    /// placeholder that reserves the id but is no state yet (<see cref="IsPlaceholder"/>).
    /// </summary>
    public static TableEntity CommitMarker(string partitionKey, string commitToken) =>
        new(partitionKey, RowKey(partitionKey)) { [CommitTokenColumn] = commitToken };

    public static bool IsPlaceholder(TableEntity entity) => !entity.ContainsKey(InstanceIdColumn);

    public static async ValueTask<InstanceState> ReadAsync(TableEntity entity, PayloadStore payloads, bool withInputAndOutput, CancellationToken cancellationToken)
    {
        var failure = await PayloadColumn.ReadAsync(entity, "Failure", payloads, cancellationToken).ConfigureAwait(false);
        return new InstanceState
        {
            InstanceId = Required(entity, InstanceIdColumn),
            Name = Required(entity, "Name"),
            Version = entity.GetString("Version") ?? "",
            ExecutionId = Required(entity, "ExecutionId"),
            Generation = entity.GetInt32("Generation") ?? 0,
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(Required(entity, "RuntimeStatus")),
            CustomStatus = await PayloadColumn.ReadAsync(entity, "CustomStatus", payloads, cancellationToken).ConfigureAwait(false),
            Input = withInputAndOutput ? await PayloadColumn.ReadAsync(entity, "Input", payloads, cancellationToken).ConfigureAwait(false) : null,
            Output = withInputAndOutput ? await PayloadColumn.ReadAsync(entity, "Output", payloads, cancellationToken).ConfigureAwait(false) : null,
            Failure = failure is null ? null : StorageJson.Deserialize<FailureDetails>(failure),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            LastUpdatedAt = entity.GetDateTimeOffset("LastUpdatedAt") ?? default,
            CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
            ScheduledStartAt = entity.GetDateTimeOffset("ScheduledStartAt"),
            Parent = entity.GetString("Parent") is { } parent ? StorageJson.Deserialize<ParentInstance>(parent) : null,
            HistoryLength = entity.GetInt32("HistoryLength") ?? 0,
            PendingTimers = ReadList<PendingTimer>(entity, "PendingTimers"),
            OutboxIds = ReadList<string>(entity, "OutboxIds"),
            RecentMessageIds = ReadList<string>(entity, "RecentMessageIds"),
            Partition = entity.GetInt32("Partition") ?? 0,
            IndexedStatus = entity.GetString("IndexedStatus") is { } indexed ? Enum.Parse<OrchestrationRuntimeStatus>(indexed) : null,
        };
    }

    private static T[] ReadList<T>(TableEntity entity, string column) =>
        ChunkedColumn.Get(entity, column) is { } json ? StorageJson.Deserialize<T[]>(json) : [];

    private static string Required(TableEntity entity, string column) =>
        entity.GetString(column)
        ?? throw new InvalidOperationException(
            $"The state row of instance partition '{entity.PartitionKey}' has no '{column}' column: the row was not written by this runtime or is damaged.");

    private static void SetIfNotNull(TableEntity entity, string column, object? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }
}
