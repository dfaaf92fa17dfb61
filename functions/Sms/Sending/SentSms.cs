namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>An SMS in the local outbox, as <c>GET /api/dev/sms</c> shows it.</summary>
/// <param name="Id">The message id it was sent with.</param>
/// <param name="To">The recipient.</param>
/// <param name="Body">The text.</param>
/// <param name="SentAt">When it was first sent, by the host's clock (virtual in simulations).</param>
internal sealed record SentSms(string Id, string To, string Body, DateTimeOffset SentAt);
