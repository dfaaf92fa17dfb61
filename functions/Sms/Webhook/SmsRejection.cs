namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>Why an event of a webhook delivery was rejected: the <c>reason</c> of a rejected event and of its counter.</summary>
internal static class SmsRejection
{
    /// <summary>Not an Event Grid or CloudEvents event at all.</summary>
    public const string Malformed = "malformed";

    /// <summary>No id, an id longer than <see cref="SmsEventParser.MaxIdLength"/>, or one with control characters.</summary>
    public const string InvalidId = "invalidId";

    /// <summary>An SMS event without the data it needs (sender, message, message id, status, time).</summary>
    public const string MissingData = "missingData";

    /// <summary>An SMS from something that is not a phone number in E.164.</summary>
    public const string InvalidSender = "invalidSender";

    /// <summary>An SMS longer than <see cref="SmsEventParser.MaxTextLength"/>.</summary>
    public const string InvalidText = "invalidText";

    /// <summary>Another value (type, message id, status, recipient) too long or with control characters.</summary>
    public const string InvalidData = "invalidData";
}
