using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>What reaches a phone line: items to open or close, and the SMS its phone sends back.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OpenItem), "open")]
[JsonDerivedType(typeof(CloseItem), "close")]
[JsonDerivedType(typeof(SmsReceived), "received")]
internal abstract record PhoneLineSignal
{
    /// <summary>The external event name every phone line signal travels under.</summary>
    public const string EventName = "PhoneLineSignal";
}

/// <summary>Text this phone <paramref name="Text"/> with a fresh code in place of <c>{code}</c>; its answer goes to <paramref name="AdmissionId"/>.</summary>
internal sealed record OpenItem(string AdmissionId, string ItemId, string Text) : PhoneLineSignal;

/// <summary>The item needs no answer any more.</summary>
internal sealed record CloseItem(string AdmissionId, string ItemId) : PhoneLineSignal;

/// <summary>An SMS from this phone; <paramref name="EventId"/> is the delivery's id, so a repeat is ignored.</summary>
internal sealed record SmsReceived(string EventId, string Text, DateTimeOffset ReceivedAt) : PhoneLineSignal;
