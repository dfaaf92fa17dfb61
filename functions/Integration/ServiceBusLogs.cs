namespace HaH.Orchestration.Functions.Integration;

/// <summary>Log messages of the outbound Service Bus channel (event ids 405–409). Ids, types and entities only, never bodies.</summary>
internal static partial class ServiceBusLogs
{
    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "{Type} message {MessageId} for admission {AdmissionId} was not sent to Service Bus entity {Entity}: {Cause}; retrying helps: {RetryHelps}")]
    public static partial void ServiceBusSendFailed(this ILogger logger, string type, string messageId, string admissionId, string entity, string cause, bool retryHelps);
}
