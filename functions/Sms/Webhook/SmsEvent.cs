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

/// <summary>
/// An event of the delivery that is not usable: acknowledged with the others, recorded for
/// administrators and counted, never processed.
/// </summary>
/// <param name="Id">The event's id as shown to administrators: cleaned and clipped, possibly empty.</param>
/// <param name="Type">The event type as shown: cleaned and clipped, possibly empty.</param>
/// <param name="Reason">Why, one of <see cref="SmsRejection"/>'s codes.</param>
/// <param name="Detail">What exactly, for a person; holds no value of the event but its id.</param>
/// <param name="Sender">The sender of an SMS masked (<c>+45******09</c>), or null when there is none that is a phone number.</param>
/// <param name="Key">What makes a repeated delivery of the same event recognisable.</param>
internal sealed record RejectedSmsEvent(string Id, string Type, string Reason, string Detail, string? Sender, string Key) : SmsEvent(Id, Type);
