namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>
/// Sends SMS: through Azure Communication Services when it is configured, otherwise into the
/// <see cref="LocalSmsOutbox"/>. Sending the same <see cref="OutgoingSms.MessageId"/> again
/// does not send a second SMS, so an activity may be retried freely.
/// </summary>
internal interface ISmsSender
{
    Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct);
}
