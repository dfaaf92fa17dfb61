namespace HaH.Orchestration.Functions;

/// <summary>
/// Every log message of the app, with stable event ids (1xx hosting, 2xx health, 3xx SMS,
/// 400–449 integration, 6xx management, 700–749 dashboard, 750–799 hardening). Never log a key, a CPR number, a patient's name, an SMS body
/// or a full phone number (<c>PhoneMask</c>); a value from outside goes through <c>FreeText.ForLog</c> so it cannot start a line.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Using the Azurite already listening at {Host}")]
    public static partial void UsingRunningEmulator(this ILogger logger, string host);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Storage is the local emulator at {Host} but nothing listens there and Azurite:AutoStart is false; start Azurite yourself")]
    public static partial void EmulatorNotStarting(this ILogger logger, string host);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Cannot start Azurite: some of its ports ({Ports}) are taken by another program and others are free")]
    public static partial void EmulatorPortsPartlyTaken(this ILogger logger, string ports);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Started Azurite, data in {Location}")]
    public static partial void EmulatorStarted(this ILogger logger, string location);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Azurite could not be started: {Reason}")]
    public static partial void EmulatorStartFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Stopped Azurite")]
    public static partial void EmulatorStopped(this ILogger logger);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Azurite did not shut down cleanly (exit code {ExitCode}): it failed or had to be killed, so its last changes may not be on disk")]
    public static partial void EmulatorStoppedUncleanly(this ILogger logger, int? exitCode);

    // The title only: the body may hold personal data, the headers a key.
    [LoggerMessage(EventId = 150, Level = LogLevel.Debug, Message = "Request rejected before its handler ran: {Status} {Title}")]
    public static partial void RequestRejected(this ILogger logger, int status, string title);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Storage is not reachable: {Reason}")]
    public static partial void StorageUnreachable(this ILogger logger, string reason);

    // SMS: message ids and statuses only. Bodies carry addresses and initials, numbers are personal data.
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "SMS {MessageId} stored in the local outbox")]
    public static partial void SmsStoredInLocalOutbox(this ILogger logger, string messageId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "SMS {MessageId} is already in the local outbox; the repeated send stored nothing")]
    public static partial void SmsAlreadyInLocalOutbox(this ILogger logger, string messageId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "SMS {MessageId} delivery state is now {Status}")]
    public static partial void SmsDeliveryRecorded(this ILogger logger, string messageId, string status);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Delivery report {Status} for SMS {MessageId} is not newer than the recorded one; ignored")]
    public static partial void SmsDeliveryReportOutdated(this ILogger logger, string messageId, string status);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "SMS {MessageId} accepted by Azure Communication Services as {AcsMessageId} (repeatability {Repeatability})")]
    public static partial void AcsSmsAccepted(this ILogger logger, string messageId, string acsMessageId, string repeatability);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "SMS {MessageId} was accepted before as {AcsMessageId}; the repeated send called nothing")]
    public static partial void AcsSmsAlreadyAccepted(this ILogger logger, string messageId, string acsMessageId);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Azure Communication Services answered {Status} to SMS {MessageId}; it will be retried")]
    public static partial void AcsSmsUnavailable(this ILogger logger, string messageId, int status);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Azure Communication Services did not accept SMS {MessageId} ({Status}); not retried")]
    public static partial void AcsSmsRefused(this ILogger logger, string messageId, int status);

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Event Grid subscription validated by event {EventId}")]
    public static partial void SmsWebhookValidated(this ILogger logger, string eventId);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "SMS event {EventId} ({Type}) was processed before; acknowledged and ignored")]
    public static partial void SmsEventDuplicate(this ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "SMS event {EventId} has the type {Type}, which the webhook does not handle; acknowledged and ignored")]
    public static partial void SmsEventIgnored(this ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "SMS webhook refused a delivery: {Reason}")]
    public static partial void SmsWebhookRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "SMS event {EventId}: reply handed to the sender's phone line")]
    public static partial void SmsReplyReceived(this ILogger logger, string eventId);

    [LoggerMessage(EventId = 315, Level = LogLevel.Information, Message = "SMS event {EventId}: ACS message {AcsMessageId} is {Status}")]
    public static partial void AcsDeliveryReportRecorded(this ILogger logger, string eventId, string acsMessageId, string status);

    [LoggerMessage(EventId = 316, Level = LogLevel.Debug, Message = "SMS event {EventId}: report {Status} for ACS message {AcsMessageId} is not newer than the recorded one; ignored")]
    public static partial void AcsDeliveryReportOutdated(this ILogger logger, string eventId, string acsMessageId, string status);

    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "SMS {MessageId} was not sent after every retry: {Reason}")]
    public static partial void SmsNotSent(this ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "SMS {MessageId} was refused: {Reason}")]
    public static partial void SmsRefused(this ILogger logger, string messageId, string reason);

    // 350–399: what the SMS side refuses or limits. Every value is cleaned (FreeText) and every number masked (PhoneMask).
    [LoggerMessage(EventId = 350, Level = LogLevel.Warning, Message = "SMS event {EventId} ({Type}) rejected and acknowledged: {Reason}, {Detail} (sender {Sender})")]
    public static partial void SmsEventRejected(this ILogger logger, string eventId, string type, string reason, string detail, string sender);

    [LoggerMessage(EventId = 351, Level = LogLevel.Information, Message = "SMS event {EventId}: {Sender} has no phone line; help SMS sent, nothing started")]
    public static partial void SmsHelpSentWithoutLine(this ILogger logger, string eventId, string sender);

    [LoggerMessage(EventId = 352, Level = LogLevel.Warning, Message = "SMS event {EventId}: {Sender} has no phone line and the help SMS rate limit is reached; nothing sent")]
    public static partial void SmsHelpLimited(this ILogger logger, string eventId, string sender);

    [LoggerMessage(EventId = 353, Level = LogLevel.Warning, Message = "SMS event {EventId}: the help SMS to {Sender} was not sent: {Reason}")]
    public static partial void SmsHelpNotSent(this ILogger logger, string eventId, string sender, string reason);

    [LoggerMessage(EventId = 354, Level = LogLevel.Warning, Message = "SMS event {EventId}: the sender is not a phone number in E.164; nothing done")]
    public static partial void SmsFromInvalidSender(this ILogger logger, string eventId);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Published {Type} message {MessageId} for admission {AdmissionId}")]
    public static partial void IntegrationMessagePublished(this ILogger logger, string type, string messageId, string admissionId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "{Type} message {MessageId} for admission {AdmissionId} was published before; not sent again")]
    public static partial void IntegrationMessageAlreadyPublished(this ILogger logger, string type, string messageId, string admissionId);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "{Type} message {MessageId} for admission {AdmissionId} was not published after every retry; it is an open alert for manual handling: {Reason}")]
    public static partial void IntegrationMessageNotPublished(this ILogger logger, string type, string messageId, string admissionId, string reason);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Sent {Type} message {MessageId} for admission {AdmissionId} to Service Bus entity {Entity}")]
    public static partial void IntegrationMessageSentToServiceBus(this ILogger logger, string type, string messageId, string admissionId, string entity);

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Instance {InstanceId} and its history were purged, requested by {RequestedBy}")]
    public static partial void InstancePurged(this ILogger logger, string instanceId, string requestedBy);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "{Count} ended instances created from {From} to {To} were purged, requested by {RequestedBy}")]
    public static partial void InstancesPurged(this ILogger logger, int count, DateTimeOffset? from, DateTimeOffset? to, string requestedBy);

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Dashboard sign-in with key {KeyName}")]
    public static partial void DashboardSignedIn(this ILogger logger, string keyName);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Dashboard sign-in refused: {Reason}")]
    public static partial void DashboardSignInRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Dashboard sign-out of key {KeyName}")]
    public static partial void DashboardSignedOut(this ILogger logger, string keyName);

    // 750–799: hardening (issue 13). Addresses, never the keys tried.
    [LoggerMessage(EventId = 750, Level = LogLevel.Warning, Message = "Client {Address} failed {Limit} keys or sign-ins within {WindowSeconds} s: its attempts are answered 429 until the oldest failure leaves the window")]
    public static partial void FailedAttemptsThrottled(this ILogger logger, string address, int limit, int windowSeconds);
}
