using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.Replies;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>
/// One long-running instance per phone number (a nurse group's, the eHospital nurse's, ...): it
/// hands out 4-digit codes unique among the phone's open items, sends the items' SMS, and matches
/// the phone's replies to its items — so only the phone an item was sent to can answer it. A
/// reply that matches nothing gets a help SMS and is recorded; it changes nothing.
/// </summary>
internal sealed class PhoneLineOrchestrator : TaskOrchestrator<PhoneLineState, object?>
{
    public const string Name = nameof(PhoneLineOrchestrator);

    /// <summary>Signals handled per generation, which keeps each generation's history short.</summary>
    private const int SignalsPerGeneration = 25;

    /// <summary>History events (as the line counts them, <see cref="HistoryBudget"/>) after which a generation ends early: an SMS outage's retries make signals expensive.</summary>
    private const int EventBudget = 150;

    public override async Task<object?> RunAsync(TaskOrchestrationContext context, PhoneLineState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        var budget = new HistoryBudget(EventBudget);
        for (var handled = 0; handled < SignalsPerGeneration && !budget.IsSpent; handled++)
        {
            var signal = await context.WaitForExternalEvent<PhoneLineSignal>(PhoneLineSignal.EventName);
            budget.Add(HistoryBudget.PerWake);
            switch (signal)
            {
                case OpenItem open:
                    await OpenAsync(context, state, open, budget);
                    break;
                case CloseItem close:
                    state.OpenItems.RemoveAll(item => item.AdmissionId == close.AdmissionId && item.ItemId == close.ItemId);
                    break;
                case SmsReceived received:
                    await ReceiveAsync(context, state, received, budget);
                    break;
            }

            context.SetCustomStatus(new { openItems = state.OpenItems.Count, unmatched = state.Unmatched.Count });
        }

        context.ContinueAsNew(state);
        return null;
    }

    private static async Task OpenAsync(TaskOrchestrationContext context, PhoneLineState state, OpenItem open, HistoryBudget budget)
    {
        if (state.OpenItems.Any(item => item.AdmissionId == open.AdmissionId && item.ItemId == open.ItemId))
        {
            return;
        }

        var code = NewCode(context, state);
        state.OpenItems.Add(new OpenSmsItemRecord(code, open.AdmissionId, open.ItemId, context.Now()));
        await SendAsync(context, budget, new OutgoingSms($"{open.AdmissionId}:{open.ItemId}", state.Phone, open.Text.Replace(SmsItemCode.Placeholder, code, StringComparison.Ordinal)));
    }

    private static async Task ReceiveAsync(TaskOrchestrationContext context, PhoneLineState state, SmsReceived received, HistoryBudget budget)
    {
        if (state.RecentEventIds.Contains(received.EventId))
        {
            return;
        }

        state.RecentEventIds.Add(received.EventId);
        if (state.RecentEventIds.Count > PhoneLineState.RecentLimit)
        {
            state.RecentEventIds.RemoveAt(0);
        }

        var now = context.Now();
        var reply = SmsReplyParser.Parse(received.Text);
        var (item, problem) = Match(state, reply);
        if (item is null)
        {
            state.Unmatched.Add(new UnmatchedReply(received.ReceivedAt < now ? received.ReceivedAt : now, problem));
            if (state.Unmatched.Count > 20)
            {
                state.Unmatched.RemoveAt(0);
            }

            await SendAsync(context, budget, new OutgoingSms($"{received.EventId}:help", state.Phone, SmsTexts.Help()));
            return;
        }

        state.OpenItems.Remove(item);
        budget.Add(HistoryBudget.PerSentEvent);
        context.SendEvent(item.AdmissionId, AdmissionSignal.EventName, EventPayload.Of<AdmissionSignal>(new ItemReply(
            received.EventId, item.ItemId, reply.Kind == SmsReplyKind.Confirm, reply.Reason, ReceivedAt(received.ReceivedAt, item.OpenedAt, now), state.Phone)));
    }

    /// <summary>
    /// When a reply was written, as far as the gateway's stamp can be believed: a stamp after now
    /// (this step, the host's clock) is cut to now; a stamp before the item's SMS went out cannot be
    /// true at all — nobody answers a code before it is sent — so the reply counts as written when it
    /// arrived. A stamp in between is kept: Event Grid may deliver hours late, and the nurse's time is
    /// what decides whether a dose was on time.
    /// </summary>
    internal static DateTimeOffset ReceivedAt(DateTimeOffset stamped, DateTimeOffset openedAt, DateTimeOffset now) =>
        stamped > now || stamped < openedAt ? now : stamped;

    /// <summary>A code names its item; without one, the phone's only open item is meant.</summary>
    private static (OpenSmsItemRecord? Item, string Problem) Match(PhoneLineState state, SmsReply reply)
    {
        if (reply.Kind == SmsReplyKind.Unknown)
        {
            return (null, "not understood");
        }

        if (reply.Code is { } code)
        {
            var item = state.OpenItems.FirstOrDefault(open => open.Code == code);
            return item is null ? (null, "unknown code") : (item, "");
        }

        return state.OpenItems.Count == 1 ? (state.OpenItems[0], "") : (null, state.OpenItems.Count == 0 ? "no open items" : "code missing");
    }

    /// <summary>A code not in use on this phone, drawn from the deterministic GUIDs so replay repeats it.</summary>
    private static string NewCode(TaskOrchestrationContext context, PhoneLineState state)
    {
        // A phone has at most a few dozen open items among 9,000 codes: a free one comes within a few draws.
        for (var draw = 0; draw < 10_000; draw++)
        {
            var candidate = (1000 + (int)(BitConverter.ToUInt32(context.NewGuid().ToByteArray(), 0) % 9000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (state.OpenItems.All(open => open.Code != candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"This phone line has no free 4-digit code among its {state.OpenItems.Count} open items.");
    }

    /// <summary>
    /// Sends, and survives a send that failed for good (an SMS outage longer than the retries): the
    /// line must keep serving the phone's other items, and an item whose SMS never arrived is not
    /// answered, so the admission's escalation ladder takes over.
    /// </summary>
    private static async Task SendAsync(TaskOrchestrationContext context, HistoryBudget budget, OutgoingSms sms)
    {
        try
        {
            budget.Add(HistoryBudget.PerActivity);
            var result = await context.CallActivityAsync<SmsSendResult>(SendSmsActivity.Name, sms, budget.Retry(SmsRetry.Policy));
            if (!result.Accepted)
            {
                context.CreateReplaySafeLogger(typeof(PhoneLineOrchestrator).FullName!).SmsRefused(sms.MessageId, result.Error ?? "no reason given");
            }
        }
        catch (TaskFailedException failure)
        {
            context.CreateReplaySafeLogger(typeof(PhoneLineOrchestrator).FullName!).SmsNotSent(sms.MessageId, failure.Message);
        }
    }
}
