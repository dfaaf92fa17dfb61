using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.Acs;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// Does what an SMS event asks: a reply goes to <see cref="SmsInbound"/>, a delivery report updates
/// the sent message's state, a rejected event is recorded for administrators and counted. Event Grid
/// delivers at least once and in any order; an event processed (or rejected) before is acknowledged
/// and ignored.
/// </summary>
/// <remarks>
/// An event is marked seen only after it has been processed. Marking it first would lose it for good
/// if the host stopped in between (Event Grid's redelivery would be taken for a duplicate). Processing
/// first means a stop in between processes it twice, which is harmless because both kinds are
/// idempotent on their own: the phone line ignores a reply whose event id it has seen, and a delivery
/// report only replaces a state with an older report time. The seen table is what makes a duplicate
/// cheap and certain beyond those (the phone line keeps only its latest event ids), and two
/// concurrent deliveries of one event are the same harmless repeat. Events are known by their
/// <see cref="SmsEventKey"/>; every value logged is cleaned, so no event can write a log line of its own.
/// </remarks>
internal sealed class SmsEventProcessor(
    SeenSmsEvents seen, SmsInbound inbound, SmsMessageLog messages, RejectedSmsEvents rejections, SmsMetrics metrics, ILogger<SmsEventProcessor> logger)
{
    public async Task ProcessAsync(SmsEvent smsEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(smsEvent);
        if (smsEvent is OtherSmsEvent or SubscriptionValidationEvent)
        {
            logger.SmsEventIgnored(FreeText.ForLog(smsEvent.Id), FreeText.ForLog(smsEvent.Type));
            return;
        }

        var key = smsEvent is RejectedSmsEvent { Key: var rejectedKey } ? rejectedKey : SmsEventKey.Of(smsEvent.Id);
        if (await seen.ContainsAsync(key, ct).ConfigureAwait(false))
        {
            logger.SmsEventDuplicate(key, FreeText.ForLog(smsEvent.Type));
            return;
        }

        switch (smsEvent)
        {
            case RejectedSmsEvent rejected:
                await rejections.AddAsync(rejected, ct).ConfigureAwait(false);
                metrics.Rejected(rejected.Reason);
                logger.SmsEventRejected(rejected.Id, rejected.Type, rejected.Reason, rejected.Detail, rejected.Sender ?? "none");
                break;
            case SmsReplyEvent reply:
                await inbound.ReceiveAsync(reply.From, reply.Text, reply.Id, reply.ReceivedAt, ct).ConfigureAwait(false);
                break;
            case SmsDeliveryReportEvent { Report: var report }:
                if (await messages.RecordReportAsync(report, ct).ConfigureAwait(false))
                {
                    logger.AcsDeliveryReportRecorded(key, report.AcsMessageId, report.Status);
                }
                else
                {
                    logger.AcsDeliveryReportOutdated(key, report.AcsMessageId, report.Status);
                }

                break;
        }

        await seen.AddAsync(key, FreeText.Clean(smsEvent.Type, SmsEventParser.MaxValueLength), ct).ConfigureAwait(false);
    }
}
