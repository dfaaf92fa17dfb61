using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HaH.Orchestration.Durable.Diagnostics;

/// <summary>
/// The runtime's OpenTelemetry sources: spans for orchestration steps and activities, and
/// metrics for throughput, latency and queue depth. Subscribe with
/// <c>AddSource(DurableTelemetry.Name)</c> and <c>AddMeter(DurableTelemetry.Name)</c>.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "HaH.Orchestration.Durable";

    /// <summary>The name of the span of one orchestration step.</summary>
    public const string StepSpanName = "orchestration step";

    /// <summary>Tag of the step and activity spans: the instance they ran for.</summary>
    public const string InstanceIdTag = "durable.instance_id";

    /// <summary>The event on a <see cref="StepSpanName"/> span at the moment its commit succeeded.</summary>
    public const string StepCommittedEvent = "committed";

    /// <summary>Tag of <see cref="StepCommittedEvent"/>: the names of the external events the step applied, in order (<c>string[]</c>).</summary>
    public const string EventsRaisedTag = "durable.events_raised";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> StepsCompleted =
        Meter.CreateCounter<long>("durable.orchestration.steps", "{step}", "Orchestration steps committed.");

    internal static readonly Counter<long> StepConflicts =
        Meter.CreateCounter<long>("durable.orchestration.step_conflicts", "{step}", "Steps whose commit lost an ETag race and were retried.");

    internal static readonly Histogram<double> StepDuration =
        Meter.CreateHistogram<double>("durable.orchestration.step.duration", "ms", "Time from picking up an instance's messages to its commit.");

    internal static readonly Histogram<double> MessageLatency =
        Meter.CreateHistogram<double>("durable.message.latency", "ms", "Time from sending a message to the step that applied it.");

    internal static readonly Histogram<double> StorageGateWait =
        Meter.CreateHistogram<double>("durable.storage.gate.wait", "ms", "Time a storage request waited for one of the process's request slots, by urgency (First, Normal, Last): where the queue forms when storage is the bottleneck.");

    internal static readonly Counter<long> ActivitiesCompleted =
        Meter.CreateCounter<long>("durable.activity.executions", "{activity}", "Activity executions, by outcome.");

    internal static readonly Histogram<double> ActivityDuration =
        Meter.CreateHistogram<double>("durable.activity.duration", "ms", "Activity run time.");

    internal static readonly Counter<long> InstancesFinished =
        Meter.CreateCounter<long>("durable.orchestration.finished", "{instance}", "Instances that reached a final status, by status.");

    internal static readonly Counter<long> PoisonMessages =
        Meter.CreateCounter<long>("durable.message.poison", "{message}", "Messages moved aside after failing too often.");

    internal static readonly UpDownCounter<long> OwnedPartitions =
        Meter.CreateUpDownCounter<long>("durable.partitions.owned", "{partition}", "Partitions this worker owns.");

    internal static readonly Counter<long> PartitionChanges =
        Meter.CreateCounter<long>("durable.partitions.changes", "{partition}", "Partitions acquired, handed over, released at shutdown or lost, by change.");
}
