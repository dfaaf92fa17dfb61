namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>An SMS to send.</summary>
/// <param name="MessageId">
/// A stable idempotency key, derived by the caller from the orchestration step (so a retried
/// activity reuses it); Azure Communication Services gets it as the repeatability request id.
/// </param>
/// <param name="To">The recipient in E.164 form, e.g. <c>+4520000001</c>.</param>
/// <param name="Body">The text; never the CPR number or full name.</param>
internal sealed record OutgoingSms(string MessageId, string To, string Body);
