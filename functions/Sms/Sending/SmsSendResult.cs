namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>What became of an <see cref="OutgoingSms"/>.</summary>
/// <param name="MessageId">The message's idempotency key.</param>
/// <param name="Accepted">True when the SMS was taken for delivery, now or by an earlier send of the same id.</param>
/// <param name="Error">Why it was not accepted; null when it was.</param>
internal sealed record SmsSendResult(string MessageId, bool Accepted, string? Error);
