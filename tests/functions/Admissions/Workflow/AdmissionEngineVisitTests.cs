using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>The visit rules of admission.md, one test per rule, on the pure workflow.</summary>
public sealed class AdmissionEngineVisitTests
{
    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void ReminderGoesAnHourBeforeEachDoseToTheMobileUnitFirstThenHomeNursing()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddHours(8) - TimeSpan.FromMinutes(60));

        var opened = run.Opened.Where(item => !item.ItemId.Contains("-e", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, opened.Count);
        Assert.Equal(("+4520000003", "v1"), (opened[0].Phone, opened[0].ItemId));
        Assert.Equal(("+4520000002", "v2"), (opened[1].Phone, opened[1].ItemId));
        Assert.Equal(FirstDose - TimeSpan.FromMinutes(60), run.Commands.First(c => c.Command == opened[0]).At);
        Assert.Contains("kl. 14:00", opened[0].Text, StringComparison.Ordinal);
        Assert.Contains("KJ", opened[0].Text, StringComparison.Ordinal);
        Assert.Contains(SmsItemCode.Placeholder, opened[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Karen", opened[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0101801234", opened[0].Text, StringComparison.Ordinal);
        Assert.Equal(VisitState.Reminded, run.Visit(2).State);
    }

    [Fact]
    public void ConfirmationInsideTheWindowIsOnTimeWithAReceiptAndNoEscalation()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.Reply("v1", FirstDose.AddMinutes(55));
        run.RunUntil(FirstDose.AddHours(3));

        Assert.Equal(VisitState.Confirmed, run.Visit(1).State);
        Assert.Single(run.Texts, sms => sms.To == "+4520000003");
        Assert.DoesNotContain(run.Opened, item => item.ItemId.StartsWith("v1-e", StringComparison.Ordinal));
    }

    [Fact]
    public void AConfirmationAtTheInstantTheWindowClosesIsLateLikeTheEscalationThatStartsThen()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.Reply("v1", FirstDose.AddMinutes(60));

        Assert.Equal(VisitState.ConfirmedLate, run.Visit(1).State);
        Assert.NotNull(run.Visit(1).Escalation?.ResolvedAt);
    }

    [Fact]
    public void OnceADayTheWindowIsTwoHours()
    {
        var run = new EngineHarness(EngineHarness.Plan(timesPerDay: 1));

        run.Reply("v1", FirstDose.AddMinutes(110));

        Assert.Equal(VisitState.Confirmed, run.Visit(1).State);
        Assert.DoesNotContain(run.Opened, item => item.ItemId.StartsWith("v1-e", StringComparison.Ordinal));
    }

    [Fact]
    public void NoConfirmationWhenTheWindowClosesEscalatesToTheENurseByDay()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddMinutes(61));

        var escalation = Assert.Single(run.Opened, item => item.ItemId.StartsWith("v1-e1", StringComparison.Ordinal));
        Assert.Equal(EngineHarness.Settings.NursePhone, escalation.Phone);
        Assert.Equal(FirstDose.AddMinutes(60), run.Commands.First(c => c.Command == escalation).At);
        Assert.Contains(SmsItemCode.Placeholder, escalation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AtNightLevelOneIsTheEDoctor()
    {
        // 22:00 local: outside the nurse's 07:30–19:30.
        var run = new EngineHarness(EngineHarness.Plan(firstDose: new DateTimeOffset(2026, 3, 2, 21, 0, 0, TimeSpan.FromHours(1))));

        run.RunUntil(new DateTimeOffset(2026, 3, 2, 22, 1, 0, TimeSpan.FromHours(1)));

        Assert.Equal(EngineHarness.Settings.DoctorPhone, Assert.Single(run.Opened, item => item.ItemId.StartsWith("v1-e1", StringComparison.Ordinal)).Phone);
    }

    [Fact]
    public void LevelTwoFifteenMinutesLaterIsTheEDoctor()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddMinutes(76));

        var levelTwo = Assert.Single(run.Opened, item => item.ItemId.StartsWith("v1-e2", StringComparison.Ordinal));
        Assert.Equal(EngineHarness.Settings.DoctorPhone, levelTwo.Phone);
        Assert.Equal(FirstDose.AddMinutes(75), run.Commands.First(c => c.Command == levelTwo).At);
    }

    [Fact]
    public void LevelTwoAtNightAlsoCallsTheMobileUnitBecauseLevelOneWasTheDoctor()
    {
        var night = new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.FromHours(1));
        var run = new EngineHarness(EngineHarness.Plan(firstDose: night));

        run.RunUntil(night.AddMinutes(76));

        var levelTwo = run.Opened.Where(item => item.ItemId.StartsWith("v1-e2", StringComparison.Ordinal)).Select(item => item.Phone).Order().ToList();
        Assert.Equal(new[] { EngineHarness.Settings.DoctorPhone, "+4520000003" }.Order(), levelTwo);
    }

    [Fact]
    public void UnacknowledgedAfterLevelTwoBecomesUnresolvedWithAnOpenAlertAndNoMoreSms()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddMinutes(91));
        var before = run.Commands.Count(c => c.Command is OpenSmsItem or SendSms && c.At <= FirstDose.AddHours(4));
        run.RunUntil(FirstDose.AddHours(4));

        Assert.Equal(VisitState.Unresolved, run.Visit(1).State);
        var alert = Assert.Single(AdmissionView.From(run.State).OpenAlerts);
        Assert.Equal(1, alert.Visit);
        // Nothing more about visit 1: only the next visit's reminder (due 22:00, reminded at 21:00) may come later.
        Assert.DoesNotContain(run.Commands, c => c.At > FirstDose.AddMinutes(90) && c.Command is OpenSmsItem { ItemId: var id } && id.StartsWith("v1", StringComparison.Ordinal));
        Assert.True(before >= 3);
    }

    [Fact]
    public void LateConfirmationClosesTheEscalationAndTellsEveryoneEscalated()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddMinutes(80));
        run.Reply("v1", FirstDose.AddMinutes(82), from: "+4520000003");

        Assert.Equal(VisitState.ConfirmedLate, run.Visit(1).State);
        Assert.False(run.Visit(1).Escalation!.IsActive);
        var closed = run.Commands.Select(c => c.Command).OfType<CloseSmsItem>().Select(c => c.ItemId).ToList();
        Assert.Contains(closed, id => id.StartsWith("v1-e1", StringComparison.Ordinal));
        Assert.Contains(closed, id => id.StartsWith("v1-e2", StringComparison.Ordinal));
        var resolved = run.Texts.Where(t => t.Key.Contains(":resolved:", StringComparison.Ordinal)).Select(t => t.To).Order().ToList();
        Assert.Equal(new[] { EngineHarness.Settings.NursePhone, EngineHarness.Settings.DoctorPhone }.Order(), resolved);
        run.RunUntil(FirstDose.AddHours(3));
        Assert.Empty(AdmissionView.From(run.State).OpenAlerts);
    }

    [Fact]
    public void NejMarksNotGivenAndEscalatesAtOnceWithTheReason()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.Reply("v1", FirstDose.AddMinutes(5), confirmed: false, reason: "kanyle ude");

        Assert.Equal(VisitState.NotGiven, run.Visit(1).State);
        Assert.Equal("kanyle ude", run.Visit(1).NotGivenReason);
        var escalation = Assert.Single(run.Opened, item => item.ItemId.StartsWith("v1-e1", StringComparison.Ordinal));
        Assert.Equal(FirstDose.AddMinutes(5), run.Commands.First(c => c.Command == escalation).At);
        Assert.Contains(run.Texts, sms => sms.To == "+4520000003");
    }

    [Fact]
    public void AcknowledgedEscalationStopsTheLadderAndTheVisitIsMissed()
    {
        var run = new EngineHarness(EngineHarness.Plan());
        run.RunUntil(FirstDose.AddMinutes(62));
        var levelOne = run.Opened.Single(item => item.ItemId.StartsWith("v1-e1", StringComparison.Ordinal));

        run.Reply(levelOne.ItemId, FirstDose.AddMinutes(65), from: levelOne.Phone);
        run.RunUntil(FirstDose.AddHours(3));

        Assert.Equal(VisitState.Missed, run.Visit(1).State);
        Assert.DoesNotContain(run.Opened, item => item.ItemId.StartsWith("v1-e2", StringComparison.Ordinal));
        Assert.Empty(AdmissionView.From(run.State).OpenAlerts);
    }

    [Fact]
    public void LaterVisitsKeepTheirScheduleWhateverHappensToAnEarlierOne()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.RunUntil(FirstDose.AddHours(17));

        Assert.Equal([FirstDose, FirstDose.AddHours(8), FirstDose.AddHours(16)], run.State.Visits.Where(v => v.WasReminded).Select(v => v.DueAt));
    }

    [Fact]
    public void TheSameSignalTwiceChangesNothingTheSecondTime()
    {
        var run = new EngineHarness(EngineHarness.Plan());
        run.RunUntil(FirstDose);
        var reply = new ItemReply("same", "v1", false, "first", FirstDose, "+4520000003");

        run.Engine.Handle(reply, FirstDose);
        var commands = run.Engine.TakeCommands().Count;
        run.Engine.Handle(reply with { Confirmed = true }, FirstDose.AddMinutes(1));

        Assert.True(commands > 0);
        Assert.Empty(run.Engine.TakeCommands());
        Assert.Equal(VisitState.NotGiven, run.Visit(1).State);
    }
}
