namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>The latest delivery report of an SMS.</summary>
/// <param name="MessageId">The message the report is about.</param>
/// <param name="To">The recipient.</param>
/// <param name="Status">The carrier's status as reported, e.g. <c>Delivered</c> or <c>Failed</c>.</param>
/// <param name="At">When the status was reached, as the report says.</param>
internal sealed record SmsDelivery(string MessageId, string To, string Status, DateTimeOffset At);
