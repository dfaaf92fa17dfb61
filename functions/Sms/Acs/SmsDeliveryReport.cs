namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>A delivery report from Event Grid's <c>SMSDeliveryReportReceived</c>.</summary>
/// <param name="AcsMessageId">The id ACS gave the message when it accepted it.</param>
/// <param name="To">The recipient (stored masked only).</param>
/// <param name="Status">ACS's delivery status, <c>Delivered</c> or <c>Failed</c>.</param>
/// <param name="StatusDetails">ACS's explanation, e.g. <c>No error.</c></param>
/// <param name="DeliveryAttempts">How many delivery attempts the report lists.</param>
/// <param name="ReportedAt">When ACS received the report: what orders two reports of one message.</param>
internal sealed record SmsDeliveryReport(string AcsMessageId, string? To, string Status, string? StatusDetails, int DeliveryAttempts, DateTimeOffset ReportedAt);
