using HaH.Orchestration.Functions.Sms.Acs;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// Does what an SMS event asks: a reply goes to the sender's phone line, a delivery report updates the
/// sent message's state. Event Grid delivers at least once and in any order; an event id processed
/// before is acknowledged and ignored.
/// </summary>
/// <remarks>
/// An event is marked seen only after it has been processed. Marking it first would lose it for good
/// if the host stopped in between (Event Grid's redelivery would be taken for a duplicate). Processing
/// first means a stop in between processes it twice, which is harmless because both kinds are
/// idempotent on their own: the phone line ignores a reply whose event id it has seen, and a delivery
/// report only replaces a state with an older report time. The seen table is what makes a duplicate
/// cheap and certain beyond those (the phone line keeps only its latest event ids), and two
/// concurrent deliveries of one event are the same harmless repeat.
/// </remarks>
internal sealed class SmsEventProcessor(SeenSmsEvents seen, SmsInbound inbound, SmsMessageLog messages, ILogger<SmsEventProcessor> logger)
{
    public async Task ProcessAsync(SmsEvent smsEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(smsEvent);
        if (smsEvent is OtherSmsEvent or SubscriptionValidationEvent)
        {
            logger.SmsEventIgnored(smsEvent.Id, smsEvent.Type);
            return;
        }

        if (await seen.ContainsAsync(smsEvent.Id, ct).ConfigureAwait(false))
        {
            logger.SmsEventDuplicate(smsEvent.Id, smsEvent.Type);
            return;
        }

        switch (smsEvent)
        {
            case SmsReplyEvent reply:
                await inbound.ReceiveAsync(reply.From, reply.Text, reply.Id, reply.ReceivedAt, ct).ConfigureAwait(false);
                logger.SmsReplyReceived(reply.Id);
                break;
            case SmsDeliveryReportEvent { Report: var report }:
                if (await messages.RecordReportAsync(report, ct).ConfigureAwait(false))
                {
                    logger.AcsDeliveryReportRecorded(smsEvent.Id, report.AcsMessageId, report.Status);
                }
                else
                {
                    logger.AcsDeliveryReportOutdated(smsEvent.Id, report.AcsMessageId, report.Status);
                }

                break;
        }

        await seen.AddAsync(smsEvent.Id, smsEvent.Type, ct).ConfigureAwait(false);
    }
}
