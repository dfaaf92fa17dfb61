using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>The replay engine's log messages (event ids 2000–2099).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Instance {InstanceId}: ignored {EventKind} (EventId {EventId}): {Reason}")]
    public static partial void IgnoredEvent(this ILogger logger, string instanceId, string eventKind, int eventId, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Instance {InstanceId}: {ErrorType}: {ErrorMessage}")]
    public static partial void RuntimeFailure(this ILogger logger, string instanceId, string errorType, string errorMessage);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Instance {InstanceId}: orchestration {Name} finished as {Status}")]
    public static partial void Finished(this ILogger logger, string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Instance {InstanceId}: the generation has already finished; the step's {Count} new events are dropped")]
    public static partial void StepAfterFinish(this ILogger logger, string instanceId, int count);
}
