namespace HaH.Orchestration.Functions.Sms.Acs;

// The JSON of ACS's "Sms - Send" operation (POST {endpoint}/sms?api-version=2021-03-07), camelCase.

/// <summary>The request body: one message to one or more recipients.</summary>
internal sealed record AcsSendRequest(string From, IReadOnlyList<AcsRecipient> SmsRecipients, string Message, AcsSendOptions SmsSendOptions);

/// <summary>
/// A recipient. <paramref name="RepeatabilityRequestId"/> with <paramref name="RepeatabilityFirstSent"/>
/// (an HTTP date) make a repeated request return the first one's result instead of texting again.
/// </summary>
internal sealed record AcsRecipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

/// <summary>Send options; delivery reports arrive through Event Grid as <c>SMSDeliveryReportReceived</c>.</summary>
internal sealed record AcsSendOptions(bool EnableDeliveryReport, string? Tag = null);

/// <summary>The 202 answer: one item per recipient.</summary>
internal sealed record AcsSendResponse(IReadOnlyList<AcsSendResponseItem>? Value);

/// <summary>What became of one recipient; <paramref name="MessageId"/> is ACS's id, which delivery reports name.</summary>
internal sealed record AcsSendResponseItem(
    string? To, string? MessageId, int HttpStatusCode, string? RepeatabilityResult, bool Successful, string? ErrorMessage);
