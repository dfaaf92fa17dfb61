using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// Where an incoming SMS goes, whichever way it arrived (Event Grid's SMSReceived, or the
/// Development phone simulator): to the sender's phone line, which matches it to the sender's open
/// items. Only the workflow starts phone lines, when it texts a number; an SMS from a number
/// without one gets the rate-limited help of <see cref="UnknownSenderHelp"/> and starts nothing,
/// and a sender that is not a phone number gets nothing. The event key makes a repeated delivery harmless.
/// </summary>
/// <remarks>
/// The text is cleaned here, before any orchestration sees it: one line without control characters,
/// CPR-shaped numbers masked, at most <see cref="MaxText"/> characters (the admission removes the
/// patient's name from a NEJ reason, the one name it knows).
/// </remarks>
internal sealed class SmsInbound(DurableTaskClient client, PhoneLineIds lines, UnknownSenderHelp help, ILogger<SmsInbound> logger)
{
    /// <summary>How much of an SMS a phone line gets to read: a keyword, a code and a reason fit many times over.</summary>
    public const int MaxText = 320;

    public async Task ReceiveAsync(string from, string text, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(eventId);
        var key = SmsEventKey.Of(eventId);
        if (!PhoneNumber.IsValid(from))
        {
            logger.SmsFromInvalidSender(key);
            return;
        }

        var line = lines.For(from);
        if (await client.GetInstanceAsync(line, cancellation: cancellationToken) is not { IsCompleted: false })
        {
            await help.AnswerAsync(from, key, cancellationToken);
            return;
        }

        await client.RaiseEventAsync(
            line,
            PhoneLineSignal.EventName,
            EventPayload.Of<PhoneLineSignal>(new SmsReceived(key, FreeText.Clean(text, MaxText), receivedAt)),
            cancellationToken);
        logger.SmsReplyReceived(key);
    }
}
