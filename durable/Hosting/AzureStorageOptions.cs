namespace HaH.Orchestration.Durable.Hosting;

/// <summary>
/// Settings of the Azure Storage backend (section <c>Durable</c> in a host's configuration),
/// shared by the worker and the client of a process.
/// </summary>
public sealed class AzureStorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Durable";

    /// <summary>
    /// The task hub: prefixes every table, queue and container, so several hubs share one
    /// account. A letter, then letters and digits, 3–45 characters. Default <c>DurableHub</c>.
    /// </summary>
    public string TaskHub { get; set; } = "DurableHub";

    /// <summary>
    /// Partitions (control queues) instances hash to; fixed for a task hub's lifetime. The most
    /// workers that share orchestration work. Default 4, at most 16.
    /// </summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>This worker's name in leases and logs. Default: machine, process id and a random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Orchestration steps run at once per partition. Default 32.</summary>
    public int MaxConcurrentSteps { get; set; } = 32;

    /// <summary>Activities run at once by this worker. Default 16.</summary>
    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>
    /// Deliveries of one message before it is treated as poison: moved to the poison table and
    /// its instance (or the awaiting orchestration, for an activity) failed visibly. Default 5.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a partition lease lasts without renewal (15–60 s). Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often owned leases are renewed and free partitions looked for. Default 10 s.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a received message stays invisible while it is processed; after a crash it
    /// reappears this much later. An activity running longer keeps its request invisible by
    /// extending it every half time-out. Default 1 minute (1 second – 7 days).
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Polling interval while messages keep arriving; while steps run, polls are at most twice this apart. Default 50 ms.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Longest polling interval of an idle queue. A message another process sends rings the wake-up
    /// queue (peeked every <see cref="WakeUpPollingInterval"/>), so this bounds only the delay of
    /// messages nobody announced — one that reappears after a crashed worker's visibility time-out,
    /// or whose ring failed — and the idle cost: one request per queue per interval. Default 60 s.
    /// </summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a worker peeks the wake-up queue, where other processes ring when they send to a
    /// partition: the delay of their message to an idle worker, at one request per interval.
    /// Default 800 ms (75 requests a minute; an idle worker makes about 115 in all).
    /// </summary>
    public TimeSpan WakeUpPollingInterval { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Instances kept in memory between steps, so a hot instance is not replayed from storage. Default 10,000.</summary>
    public int MaxCachedInstances { get; set; } = 10_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(TaskHub) || TaskHub.Length is < 3 or > 45 || !char.IsAsciiLetter(TaskHub[0]) || !TaskHub.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"Durable:TaskHub '{TaskHub}' must be 3–45 characters, a letter then letters and digits.");
        }

        if (PartitionCount is < 1 or > 16)
        {
            problems.Add($"Durable:PartitionCount {PartitionCount} must be 1–16.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(15) || LeaseDuration > TimeSpan.FromSeconds(60))
        {
            problems.Add($"Durable:LeaseDuration {LeaseDuration} must be 15–60 seconds (blob lease limits).");
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval >= LeaseDuration)
        {
            problems.Add($"Durable:LeaseRenewInterval {LeaseRenewInterval} must be positive and shorter than the lease duration.");
        }

        if (MaxConcurrentSteps < 1 || MaxConcurrentActivities < 1 || MaxDequeueCount < 1 || MaxCachedInstances < 0)
        {
            problems.Add("Durable:MaxConcurrentSteps, MaxConcurrentActivities and MaxDequeueCount must be at least 1, MaxCachedInstances at least 0.");
        }

        if (MessageVisibilityTimeout < TimeSpan.FromSeconds(1) || MessageVisibilityTimeout > Storage.MessageQueue.MaxVisibilityDelay)
        {
            problems.Add($"Durable:MessageVisibilityTimeout {MessageVisibilityTimeout} must be 1 second – 7 days (queue limits).");
        }

        if (MinPollingInterval <= TimeSpan.Zero || MaxPollingInterval < MinPollingInterval)
        {
            problems.Add("Durable:MinPollingInterval must be positive and no longer than MaxPollingInterval.");
        }

        if (WakeUpPollingInterval < TimeSpan.FromMilliseconds(50) || WakeUpPollingInterval >= Storage.WakeUpQueue.TimeToLive)
        {
            problems.Add($"Durable:WakeUpPollingInterval {WakeUpPollingInterval} must be at least 50 ms and shorter than a wake-up note lives ({Storage.WakeUpQueue.TimeToLive.TotalSeconds} s).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }
}
