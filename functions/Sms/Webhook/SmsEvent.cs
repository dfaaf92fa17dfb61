using HaH.Orchestration.Functions.Sms.Acs;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>One event of an Event Grid delivery to the SMS webhook, whichever schema it came in.</summary>
/// <param name="Id">The event's id: what makes a repeated delivery recognisable.</param>
/// <param name="Type">The event type, e.g. <c>Microsoft.Communication.SMSReceived</c>.</param>
internal abstract record SmsEvent(string Id, string Type)
{
    public const string SmsReceivedType = "Microsoft.Communication.SMSReceived";
    public const string DeliveryReportType = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string SubscriptionValidationType = "Microsoft.EventGrid.SubscriptionValidationEvent";
}

/// <summary>An SMS a phone sent to our number: a nurse's reply.</summary>
internal sealed record SmsReplyEvent(string Id, string From, string Text, DateTimeOffset ReceivedAt) : SmsEvent(Id, SmsReceivedType);

/// <summary>A delivery report of an SMS we sent.</summary>
internal sealed record SmsDeliveryReportEvent(string Id, SmsDeliveryReport Report) : SmsEvent(Id, DeliveryReportType);

/// <summary>Event Grid asks the webhook to prove it wants the subscription's events (Event Grid schema).</summary>
internal sealed record SubscriptionValidationEvent(string Id, string ValidationCode) : SmsEvent(Id, SubscriptionValidationType);

/// <summary>Any other event type: acknowledged and ignored.</summary>
internal sealed record OtherSmsEvent(string Id, string Type) : SmsEvent(Id, Type);
