namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>An SMS sent through ACS and what its latest delivery report says.</summary>
/// <param name="MessageId">Our message id (the orchestration's idempotency key).</param>
/// <param name="AcsMessageId">ACS's id for it.</param>
/// <param name="To">The recipient, masked (<c>+45******01</c>).</param>
/// <param name="AcceptedAt">When ACS accepted it (wall clock).</param>
/// <param name="Status">The latest report's status (<c>Delivered</c>, <c>Failed</c>); null until a report arrives.</param>
/// <param name="StatusDetails">The latest report's explanation.</param>
/// <param name="DeliveryAttempts">Delivery attempts the latest report lists; 0 before any report.</param>
/// <param name="LastReportAt">When ACS received the latest report; null before any.</param>
internal sealed record SmsDeliveryState(
    string MessageId,
    string AcsMessageId,
    string To,
    DateTimeOffset? AcceptedAt,
    string? Status,
    string? StatusDetails,
    int DeliveryAttempts,
    DateTimeOffset? LastReportAt);
