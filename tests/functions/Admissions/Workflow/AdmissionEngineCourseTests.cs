using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using NodaTime;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>The course of an admission: medicine, plan changes, pauses, discharge, long admissions and DST.</summary>
public sealed class AdmissionEngineCourseTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, Cet);

    private static EngineHarness ConfirmingEverything(AdmissionPlan plan) => new(plan)
    {
        Responder = (item, at) => item.ItemId.Contains("-e", StringComparison.Ordinal) ? null : (at + TimeSpan.FromMinutes(70), true, null),
    };

    [Fact]
    public void MedicineIsOrderedAt10LocalTwoDaysBeforeTheSupplyRunsOut()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10, suppliedDays: 7));

        run.RunUntil(FirstDose.AddDays(6));

        var order = Assert.Single(run.Published, m => m.Type == AdmissionEngine.MedicineOrderType);
        // Supply runs out 2026-03-09 14:00; two days before at 10:00 local is 2026-03-07 10:00.
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 10, 0, 0, Cet), run.Commands.Single(c => c.Command == order).At);
        Assert.Equal(9, run.State.Orders[0].Doses);
        Assert.Equal(FirstDose.AddDays(7), run.State.Orders[0].DeliverBy);
    }

    [Fact]
    public void NoOrderWhenTheWardsSupplyLastsTheWholeTreatment()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 5, suppliedDays: 7));

        run.RunToEnd();

        Assert.DoesNotContain(run.Published, m => m.Type == AdmissionEngine.MedicineOrderType);
    }

    [Fact]
    public void MissingDeliveryTwelveHoursBeforeTheSupplyRunsOutEscalates()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10, suppliedDays: 7));

        run.RunUntil(FirstDose.AddDays(7) - TimeSpan.FromHours(11));

        var escalation = Assert.Single(run.Opened, item => item.ItemId.StartsWith("m1-e1", StringComparison.Ordinal));
        Assert.Equal(FirstDose.AddDays(7) - TimeSpan.FromHours(12), run.Commands.Single(c => c.Command == escalation).At);
        Assert.Contains("medicin", escalation.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ADeliveryAfterTheEscalationResolvesItAndTellsThoseEscalated()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10, suppliedDays: 7));
        run.RunUntil(FirstDose.AddDays(7) - TimeSpan.FromHours(11));

        run.Signal(id => new MedicationDelivered(id, null, null), FirstDose.AddDays(7) - TimeSpan.FromHours(10));

        var ladder = run.State.Orders[0].Escalation!;
        Assert.NotNull(ladder.ResolvedAt);
        Assert.Contains(run.Commands.Select(c => c.Command).OfType<CloseSmsItem>(), c => c.ItemId.StartsWith("m1-e", StringComparison.Ordinal));
        Assert.Contains(run.Texts, sms => sms.Key.Contains(":resolved:", StringComparison.Ordinal));
        Assert.Empty(AdmissionView.From(run.State).OpenAlerts);
    }

    [Fact]
    public void DeliveryBeforeTheCheckMeansNoEscalationAndExtendsTheSupply()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10, suppliedDays: 7));
        run.RunUntil(FirstDose.AddDays(6));

        run.Signal(id => new MedicationDelivered(id, null, null), FirstDose.AddDays(6));
        run.RunToEnd();

        Assert.DoesNotContain(run.Opened, item => item.ItemId.StartsWith("m1-e", StringComparison.Ordinal));
        Assert.Equal(FirstDose.AddDays(10), run.State.SuppliedUntil);
        Assert.Equal(FirstDose.AddDays(6), run.State.Orders[0].DeliveredAt);
    }

    [Fact]
    public void PlanChangeToMoreDosesAndALongerTreatmentTakesEffectFromTheNextVisitAndOrdersAgain()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10, suppliedDays: 7));
        run.RunUntil(FirstDose.AddDays(6));
        run.Signal(id => new MedicationDelivered(id, null, null), FirstDose.AddDays(6));

        // On day 8 (after the delivery): 4 a day, and treatment until 2026-03-16 inclusive.
        var changedAt = FirstDose.AddDays(8).AddHours(1);
        run.Signal(id => new ChangePlan(id, 4, "4,5 g", null, new DateOnly(2026, 3, 16)), changedAt);
        run.RunUntil(new DateTimeOffset(2026, 3, 17, 0, 0, 0, Cet));

        var given = run.State.Visits.Where(v => v.WasReminded).OrderBy(v => v.DueAt).ToList();
        var after = given.Where(v => v.DueAt > changedAt).ToList();
        Assert.Equal(TimeSpan.FromHours(6), after[2].DueAt - after[1].DueAt);
        Assert.Equal(TimeSpan.FromHours(8), after[0].DueAt - given.Last(v => v.DueAt <= changedAt).DueAt);
        Assert.All(after, v => Assert.Equal("4,5 g", v.Dose));
        Assert.Equal(2, run.Published.Count(m => m.Type == AdmissionEngine.MedicineOrderType));
        Assert.True(given[^1].DueAt < new DateTimeOffset(2026, 3, 17, 0, 0, 0, Cet));
        Assert.DoesNotContain(run.State.Visits, v => v.State == VisitState.Scheduled);
    }

    [Fact]
    public void RoundsPastTenOnOneDanishDateAreDroppedSoTheStateStaysBounded()
    {
        var run = ConfirmingEverything(EngineHarness.Plan());

        for (var round = 0; round < 12; round++)
        {
            run.Signal(id => new RoundRecorded(id, FirstDose.AddMinutes(round), null), FirstDose.AddMinutes(round));
        }

        run.Signal(id => new RoundRecorded(id, FirstDose.AddDays(1), null), FirstDose.AddDays(1));

        Assert.Equal(AdmissionEngine.RoundsPerDay + 1, run.State.Rounds.Count);
    }

    [Fact]
    public void PauseStopsVisitsAndResumeRestartsFromTheNextSlot()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 5));
        // Visit 2 (due +8 h) has had its reminder at +7 h when the patient is readmitted at +7 h 30.
        run.Signal(id => new PauseAdmission(id, "indlagt på afdeling"), FirstDose.AddHours(7).AddMinutes(30));
        run.RunUntil(FirstDose.AddHours(40));
        Assert.Equal(AdmissionPhase.Paused, run.State.Phase);
        var visitsWhilePaused = run.State.Visits.Count(v => v.DueAt > FirstDose.AddHours(7) && v.State != VisitState.Cancelled);

        run.Signal(id => new ResumeAdmission(id, null), FirstDose.AddHours(41));
        run.RunUntil(FirstDose.AddHours(60));

        Assert.Equal(0, visitsWhilePaused);
        Assert.Equal(VisitState.Cancelled, run.Visit(2).State);
        Assert.Contains(run.Commands.Select(c => c.Command).OfType<CloseSmsItem>(), c => c.ItemId == "v2");
        var resumedVisit = run.State.Visits.First(v => v.DueAt > FirstDose.AddHours(41));
        Assert.Equal(FirstDose.AddHours(48), resumedVisit.DueAt);
        Assert.NotNull(run.State.Pauses.Single().Until);
    }

    [Fact]
    public void EarlyDischargeCancelsWhatIsOpenAndSendsTheLetterAndThePatientSms()
    {
        var run = ConfirmingEverything(EngineHarness.Plan(days: 10));
        run.RunUntil(FirstDose.AddHours(7).AddMinutes(30));

        run.Signal(id => new DischargeNow(id, "Klinisk rask"), FirstDose.AddHours(7).AddMinutes(30));

        Assert.Equal(AdmissionPhase.Discharged, run.State.Phase);
        Assert.Equal(VisitState.Cancelled, run.Visit(2).State);
        Assert.Contains(run.Commands.Select(c => c.Command).OfType<CloseSmsItem>(), c => c.ItemId == "v2");
        var letter = Assert.Single(run.Published, m => m.Type == AdmissionEngine.DischargeLetterType);
        Assert.Contains(run.Texts, sms => sms.To == "+4520000001");
        Assert.Null(run.Engine.NextWakeUp());
        Assert.Equal(DischargeKind.Early, DischargeSummaries.From(run.State).Kind);
        Assert.NotNull(letter);
    }

    [Fact]
    public void EarlyDischargeAtTheInstantAWindowClosesStartsNoEscalation()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));
        run.RunUntil(FirstDose.AddMinutes(59));

        // The signal is handled before the window's own deadline at the same instant.
        run.Engine.Handle(new DischargeNow("discharge", null), FirstDose.AddMinutes(60));

        Assert.Equal(AdmissionPhase.Discharged, run.State.Phase);
        Assert.Null(run.Visit(1).Escalation);
        Assert.DoesNotContain(run.Engine.TakeCommands().OfType<OpenSmsItem>(), item => item.ItemId.Contains("-e", StringComparison.Ordinal));
        Assert.Equal(DoseOutcome.Missed, Assert.Single(DischargeSummaries.From(run.State).Doses).Outcome);
    }

    [Fact]
    public void ThirtyDaysAtFourADayGivesOneHundredAndTwentyVisitsAndACorrectLetter()
    {
        var plan = EngineHarness.Plan(timesPerDay: 4, days: 30, suppliedDays: 30);
        var run = ConfirmingEverything(plan);

        run.RunToEnd();

        Assert.Equal(120, run.State.Visits.Count);
        Assert.All(run.State.Visits, v => Assert.Equal(VisitState.Confirmed, v.State));
        Assert.Equal(AdmissionPhase.Discharged, run.State.Phase);
        var summary = DischargeSummaries.From(run.State);
        Assert.Equal(120, summary.Doses.Count(d => d.Outcome == DoseOutcome.OnTime));
        Assert.Equal(DischargeKind.Completed, summary.Kind);
        var letter = DischargeLetter.Compose(summary);
        Assert.Contains("120", letter.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SpringForwardKeepsEightElapsedHoursForAnIntervalSchedule()
    {
        // 2026-03-29 02:00 CET becomes 03:00 CEST.
        var first = new DateTimeOffset(2026, 3, 28, 22, 0, 0, Cet);
        var run = ConfirmingEverything(EngineHarness.Plan(firstDose: first, days: 2));

        run.RunUntil(first.AddHours(17));

        Assert.Equal(TimeSpan.FromHours(8), run.Visit(2).DueAt - run.Visit(1).DueAt);
        Assert.Equal(TimeSpan.FromHours(2), run.Visit(2).DueAt.Offset);
        Assert.Equal(7, run.Visit(2).DueAt.Hour);
    }

    [Fact]
    public void AutumnBackKeepsEightElapsedHoursAcrossTheRepeatedHour()
    {
        // 2026-10-25 03:00 CEST becomes 02:00 CET.
        var first = new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.FromHours(2));
        var run = ConfirmingEverything(EngineHarness.Plan(firstDose: first, days: 2));

        run.RunUntil(first.AddHours(17));

        Assert.Equal(TimeSpan.FromHours(8), run.Visit(2).DueAt - run.Visit(1).DueAt);
        Assert.Equal(5, run.Visit(2).DueAt.Hour);
    }

    [Fact]
    public void ClockScheduleKeepsLocalTimesAcrossSpringForward()
    {
        var first = new DateTimeOffset(2026, 3, 28, 8, 0, 0, Cet);
        var plan = EngineHarness.Plan(timesPerDay: 2, firstDose: first, days: 3, schedule: ScheduleKind.Clock, clockTimes: [new LocalTime(8, 0), new LocalTime(20, 0)]);
        var run = ConfirmingEverything(plan);

        run.RunUntil(first.AddDays(2));

        Assert.All(run.State.Visits, v => Assert.Contains(DanishTime.ToZoned(v.DueAt).Hour, new[] { 8, 20 }));
        Assert.Equal(TimeSpan.FromHours(11), run.Visit(3).DueAt - run.Visit(2).DueAt);
    }

    [Fact]
    public void ClockScheduleUsesTheFirstOccurrenceOfTheRepeatedAutumnHour()
    {
        // 2026-10-25: 02:30 happens twice; the dose is at the first (CEST, +02:00).
        var first = new DateTimeOffset(2026, 10, 24, 2, 30, 0, TimeSpan.FromHours(2));
        var plan = EngineHarness.Plan(timesPerDay: 1, firstDose: first, days: 3, schedule: ScheduleKind.Clock, clockTimes: [new LocalTime(2, 30)]);
        var run = ConfirmingEverything(plan);

        run.RunUntil(first.AddDays(2));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), run.Visit(2).DueAt);
        Assert.Equal(TimeSpan.FromHours(25), run.Visit(3).DueAt - run.Visit(2).DueAt);
    }

    [Fact]
    public void TheLetterCountsDosesOnTimeLateNotGivenAndMissedWithEscalationsAndDeliveries()
    {
        var run = new EngineHarness(EngineHarness.Plan(timesPerDay: 2, days: 9, suppliedDays: 7));
        run.Responder = (item, at) => item.ItemId switch
        {
            "v2" => (at + TimeSpan.FromMinutes(150), true, null),          // late: after the window, escalated first
            "v3" => (at + TimeSpan.FromMinutes(10), false, "sov"),          // not given
            "v4" => null,                                                   // never confirmed
            var id when id.StartsWith("v4-e1", StringComparison.Ordinal) => (at + TimeSpan.FromMinutes(5), true, null), // acknowledged: missed
            var id when id.Contains("-e", StringComparison.Ordinal) => null,
            _ => (at + TimeSpan.FromMinutes(60), true, null),               // on time
        };
        run.RunUntil(FirstDose.AddDays(6));
        run.Signal(id => new MedicationDelivered(id, null, null), FirstDose.AddDays(6));

        run.RunToEnd();

        var summary = DischargeSummaries.From(run.State);
        Assert.Equal(18, summary.Doses.Count);
        Assert.Equal(DoseOutcome.Late, summary.Doses[1].Outcome);
        Assert.Equal(DoseOutcome.NotGiven, summary.Doses[2].Outcome);
        Assert.Equal(DoseOutcome.Missed, summary.Doses[3].Outcome);
        Assert.Equal(15, summary.Doses.Count(d => d.Outcome == DoseOutcome.OnTime));
        Assert.Equal(
            [EscalationOutcome.ResolvedByConfirmation, EscalationOutcome.Unresolved, EscalationOutcome.Acknowledged],
            summary.Escalations.Select(e => e.Outcome));
        Assert.Single(summary.Deliveries, d => d.DeliveredAt is not null);
        var letter = DischargeLetter.Compose(summary);
        Assert.Contains("sov", letter.Text, StringComparison.Ordinal);
        Assert.Contains("Karen Jensen", letter.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Karen", letter.Subject, StringComparison.Ordinal);
    }
}
