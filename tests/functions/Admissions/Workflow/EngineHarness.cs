using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using NodaTime;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>
/// Drives the pure admission workflow on a pretend clock: jumps from deadline to deadline,
/// records every command, and lets a test answer SMS items as a nurse would.
/// </summary>
internal sealed class EngineHarness
{
    public static readonly AdmissionSettings Settings = new("+4570000001", "+4570000002", new TimeOnly(7, 30), new TimeOnly(19, 30), TimeSpan.FromMinutes(60));

    private int _signals;

    public EngineHarness(AdmissionPlan plan)
    {
        State = AdmissionStart.From(plan, Settings);
        Engine = new AdmissionEngine(State);
        Now = plan.Treatment.FirstDoseAt - TimeSpan.FromHours(2);
        Engine.Advance(Now);
        Collect();
    }

    public AdmissionState State { get; }

    public AdmissionEngine Engine { get; }

    public DateTimeOffset Now { get; private set; }

    public List<(DateTimeOffset At, AdmissionCommand Command)> Commands { get; } = [];

    /// <summary>Called for every item opened; return a reply to send at a time, or null to stay silent.</summary>
    public Func<OpenSmsItem, DateTimeOffset, (DateTimeOffset At, bool Confirmed, string? Reason)?>? Responder { get; set; }

    private readonly List<(DateTimeOffset At, ItemReply Reply)> _pendingReplies = [];

    public IEnumerable<OpenSmsItem> Opened => Commands.Select(c => c.Command).OfType<OpenSmsItem>();

    public IEnumerable<SendSms> Texts => Commands.Select(c => c.Command).OfType<SendSms>();

    public IEnumerable<PublishMessage> Published => Commands.Select(c => c.Command).OfType<PublishMessage>();

    /// <summary>Runs every deadline and scheduled reply up to <paramref name="until"/>, in time order.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        while (true)
        {
            var wake = Engine.NextWakeUp();
            var reply = _pendingReplies.OrderBy(r => r.At).FirstOrDefault();
            var next = new[] { wake, reply.Reply is null ? null : reply.At }.Where(t => t is not null).Min();
            if (next is not { } at || at > until)
            {
                Now = until > Now ? until : Now;
                return;
            }

            Now = at > Now ? at : Now;
            if (reply.Reply is not null && reply.At == at)
            {
                _pendingReplies.Remove(reply);
                Engine.Handle(reply.Reply, Now);
            }
            else
            {
                Engine.Advance(Now);
            }

            Collect();
        }
    }

    public void RunToEnd() => RunUntil(State.Plan.Treatment.EndsAt + TimeSpan.FromDays(3));

    /// <summary>Sends a signal now (after running everything due before it).</summary>
    public void Signal(Func<string, AdmissionSignal> signal, DateTimeOffset at)
    {
        RunUntil(at);
        Engine.Handle(signal($"signal-{++_signals}"), at);
        Collect();
    }

    /// <summary>The nurse (or anyone) answers an item at a time.</summary>
    public void Reply(string itemId, DateTimeOffset at, bool confirmed = true, string? reason = null, string from = "+4520000002")
    {
        RunUntil(at);
        Engine.Handle(new ItemReply($"reply-{++_signals}", itemId, confirmed, reason, at, from), at);
        Collect();
    }

    public Visit Visit(int number) => State.Visits.Single(v => v.Number == number);

    private void Collect()
    {
        foreach (var command in Engine.TakeCommands())
        {
            Commands.Add((Now, command));
            if (command is OpenSmsItem open && Responder?.Invoke(open, Now) is { } answer)
            {
                _pendingReplies.Add((answer.At, new ItemReply($"auto-{++_signals}", open.ItemId, answer.Confirmed, answer.Reason, answer.At, open.Phone)));
            }
        }
    }

    /// <summary>A plan for tests: Copenhagen times, 3 a day from 14:00 on 2026-03-02 for 10 days unless told otherwise.</summary>
    public static AdmissionPlan Plan(
        int timesPerDay = 3,
        DateTimeOffset? firstDose = null,
        int days = 10,
        int suppliedDays = 7,
        ScheduleKind schedule = ScheduleKind.Interval,
        IReadOnlyList<LocalTime>? clockTimes = null)
    {
        var first = firstDose ?? new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));
        return new AdmissionPlan(
            "ADM-TEST-1",
            new PatientDetails("0101801234", "Karen Jensen", "+4520000001", "Algade 1, 4700 Næstved", "Næstved"),
            new GpDetails("Lægerne Algade", "5790000123456", "123456789012345", "+4555550000"),
            "Pneumoni",
            "Anna Holm",
            new TreatmentPlan("Piperacillin/Tazobactam", "4 g", "IV", "PICC", timesPerDay, first, first + TimeSpan.FromDays(days), days, null, suppliedDays, schedule, clockTimes ?? []),
            new CareTeam(new CareContact("Hjemmesygeplejen Syd", "+4520000002"), new CareContact("MBE Næstved", "+4520000003")));
    }
}
