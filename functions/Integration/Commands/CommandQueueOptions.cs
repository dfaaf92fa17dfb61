namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>
/// Settings <c>Integration:Commands:*</c>: the Service Bus queue other systems send admission
/// commands to. Off unless <see cref="Queue"/> is set; the namespace is the one of
/// <c>Integration:ServiceBus:*</c> (one client per process).
/// </summary>
internal sealed class CommandQueueOptions
{
    // Not "Section": these settings are a part of IntegrationOptions, bound and validated with it, not options of their own.
    public const string Prefix = IntegrationOptions.Section + ":Commands";
    public const string QueueSetting = Prefix + ":" + nameof(Queue);
    public const string MaxConcurrentCallsSetting = Prefix + ":" + nameof(MaxConcurrentCalls);

    /// <summary>The most <see cref="MaxConcurrentCalls"/> may be: each call holds a storage round trip or two, and the machine is small.</summary>
    public const int MaxConcurrentCallsLimit = 32;

    /// <summary>The queue to read commands from; empty (the default): no command queue.</summary>
    public string? Queue { get; set; }

    /// <summary>How many messages are handled at once (1–32); default 4.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Queue);

    /// <summary>The queue's name as Service Bus knows it.</summary>
    public string QueueName => Queue?.Trim('/', ' ') ?? "";
}
