namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>
/// Log messages of the command queue (event ids 410–419). Commands, message ids, admission ids and
/// reasons only, never bodies (they carry CPR numbers and names); values from outside are cleaned first.
/// </summary>
internal static partial class CommandQueueLogs
{
    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Reading admission commands from Service Bus queue {Queue} on {Namespace}, {MaxConcurrentCalls} at a time")]
    public static partial void CommandQueueStarted(this ILogger logger, string queue, string @namespace, int maxConcurrentCalls);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Stopped reading admission commands from Service Bus queue {Queue}")]
    public static partial void CommandQueueStopped(this ILogger logger, string queue);

    [LoggerMessage(EventId = 412, Level = LogLevel.Information, Message = "{Command} command {MessageId} for admission {AdmissionId} accepted and completed")]
    public static partial void CommandAccepted(this ILogger logger, string command, string messageId, string admissionId);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "{Command} command {MessageId} for admission {AdmissionId} refused ({Status}) and dead-lettered: {Reason}")]
    public static partial void CommandDeadLettered(this ILogger logger, string command, string messageId, string admissionId, string reason, int status);

    [LoggerMessage(EventId = 414, Level = LogLevel.Warning, Message = "{Command} command {MessageId} failed on delivery {DeliveryCount} and was abandoned; Service Bus delivers it again until its max delivery count, then dead-letters it")]
    public static partial void CommandAbandoned(this ILogger logger, string command, string messageId, int deliveryCount, Exception error);

    [LoggerMessage(EventId = 415, Level = LogLevel.Error, Message = "Service Bus queue {Queue}: {ErrorSource} failed ({Reason})")]
    public static partial void CommandQueueError(this ILogger logger, string queue, string errorSource, string reason, Exception error);
}
