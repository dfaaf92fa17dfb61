using System.Globalization;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The names of every table, queue and blob container of one task hub. The hub name prefixes
/// them all, so several hubs share an account.
/// </summary>
internal sealed record TaskHubNames
{
    public const int DefaultPartitionCount = 4;
    public const int MaxPartitionCount = 16;
    private const int MinHubLength = 3;

    // Queue names allow 63 characters; "-control-15" adds 11 and "Instances" 9 to the hub name.
    private const int MaxHubLength = 45;

    public TaskHubNames(string hubName, int partitionCount = DefaultPartitionCount)
    {
        Validate(hubName);
        if (partitionCount is < 1 or > MaxPartitionCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(partitionCount), partitionCount, $"A task hub has between 1 and {MaxPartitionCount} partitions (control queues); {partitionCount} was given.");
        }

        HubName = hubName;
        PartitionCount = partitionCount;
    }

    public string HubName { get; }

    public int PartitionCount { get; }

    /// <summary>Instance state, history and outbox rows: one partition per instance.</summary>
    public string HistoryTable => HubName + "History";

    /// <summary>The instance index: one row per instance, partitioned by runtime partition.</summary>
    public string InstancesTable => HubName + "Instances";

    /// <summary>Messages moved aside because they could not be processed.</summary>
    public string PoisonTable => HubName + "Poison";

    /// <summary>The shared queue of activity requests.</summary>
    public string WorkItemQueue => HubName + "-workitems";

    /// <summary>The queue processes ring to wake the owner of a partition they sent to (the wake-up queue).</summary>
    public string WakeUpQueue => HubName + "-wakeups";

    /// <summary>Large payloads of history rows, outbox rows, state and queue messages.</summary>
    public string PayloadsContainer => HubName + "-payloads";

    /// <summary>One blob per partition whose lease marks the partition's owner.</summary>
    public string LeasesContainer => HubName + "-leases";

    public IReadOnlyList<string> ControlQueues => Enumerable.Range(0, PartitionCount).Select(ControlQueue).ToArray();

    public IReadOnlyList<string> Tables => [HistoryTable, InstancesTable, PoisonTable];

    public IReadOnlyList<string> Queues => [.. ControlQueues, WorkItemQueue, WakeUpQueue];

    public IReadOnlyList<string> Containers => [PayloadsContainer, LeasesContainer];

    /// <summary>The control queue of one partition, e.g. <c>myhub-control-03</c>.</summary>
    public string ControlQueue(int partition) => $"{HubName}-control-{CheckPartition(partition):D2}";

    /// <summary>A partition's name in keys and blob names, e.g. <c>p03</c>.</summary>
    public static string PartitionName(int partition) => "p" + partition.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Throws a clear error unless <paramref name="hubName"/> can prefix every resource name.</summary>
    public static void Validate(string hubName)
    {
        ArgumentNullException.ThrowIfNull(hubName);
        var valid = hubName.Length is >= MinHubLength and <= MaxHubLength
            && char.IsAsciiLetterLower(hubName[0])
            && hubName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
        if (!valid)
        {
            throw new ArgumentException(
                $"The task hub name '{hubName}' is not valid: it must be {MinHubLength}–{MaxHubLength} characters, a lowercase letter " +
                "followed by lowercase letters or digits (no dashes, no uppercase), e.g. 'admissions2', because it prefixes table, queue and container names.",
                nameof(hubName));
        }
    }

    private int CheckPartition(int partition) =>
        partition >= 0 && partition < PartitionCount
            ? partition
            : throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The task hub '{HubName}' has partitions 0–{PartitionCount - 1}.");
}
