using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// Where an incoming SMS goes, whichever way it arrived (Event Grid's SMSReceived, or the
/// Development phone simulator): to the sender's phone line, started if it was not running, which
/// matches it to the sender's open items. The event id makes a repeated delivery harmless.
/// </summary>
internal sealed class SmsInbound(DurableTaskClient client)
{
    public async Task ReceiveAsync(string from, string text, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await PhoneLineStarter.EnsureStartedAsync(client, from, cancellationToken);
        await client.RaiseEventAsync(
            PhoneLineIds.For(from),
            PhoneLineSignal.EventName,
            EventPayload.Of<PhoneLineSignal>(new SmsReceived(eventId, text, receivedAt)),
            cancellationToken);
    }
}
