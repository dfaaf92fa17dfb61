using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>
/// The plan ahead (api.md: <c>visits</c> lists every planned visit from the start, state
/// <c>scheduled</c> until its reminder), on the pure workflow: what is planned, how far, and how
/// plan changes, pauses and discharge change it.
/// </summary>
public sealed class AdmissionEnginePlanningTests
{
    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void BeforeTheFirstReminderTheViewShowsTheWeeksVisitsScheduledWithAssigneesAndDanishTimes()
    {
        // Started two hours before the first dose: nothing is sent yet.
        var run = new EngineHarness(EngineHarness.Plan(days: 10));

        var view = AdmissionView.From(run.State);

        Assert.Empty(run.Opened);
        // Three a day from 14:00 for the week ahead of now (12:00): 21 visits, 14:00 / 22:00 / 06:00.
        Assert.Equal(21, view.Visits.Count);
        Assert.All(view.Visits, v => Assert.Equal("scheduled", v.State));
        Assert.Equal(Enumerable.Range(1, 21), view.Visits.Select(v => v.Number));
        Assert.Equal([FirstDose, FirstDose.AddHours(8), FirstDose.AddHours(16)], view.Visits.Take(3).Select(v => v.DueAt));
        Assert.All(view.Visits, v => Assert.Equal(TimeSpan.FromHours(1), v.DueAt.Offset));
        Assert.Equal("mobileUnit", view.Visits[0].Assignee);
        Assert.All(view.Visits.Skip(1), v => Assert.Equal("homeNursing", v.Assignee));
        // The week ends at 12:00 on 9/3; the other 9 of the 30 doses follow.
        Assert.Equal(FirstDose.AddDays(7).AddHours(-2), view.Planning.PlannedUntil);
        Assert.Equal(9, view.Planning.DosesAfter);
    }

    [Fact]
    public void ThePlanRollsForwardAWeekAheadAndAVisitKeepsItsNumberFromPlanToReminder()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));

        run.RunUntil(FirstDose.AddDays(2));

        Assert.Equal(VisitState.Reminded, run.Visit(7).State);
        Assert.Equal(FirstDose.AddDays(2), run.Visit(7).DueAt);
        Assert.Contains(run.Opened, item => item.ItemId == "v7");
        var scheduled = run.State.Visits.Where(v => v.State == VisitState.Scheduled).ToList();
        Assert.All(scheduled, v => Assert.True(v.DueAt < run.Now + AdmissionEngine.PlanningHorizon));
        Assert.Equal(FirstDose.AddDays(9) - TimeSpan.FromHours(8), scheduled.Max(v => v.DueAt));
    }

    [Fact]
    public void ALongAdmissionPlansOnlyAWeekAhead()
    {
        var run = new EngineHarness(EngineHarness.Plan(timesPerDay: 4, days: 60));

        Assert.Equal(28, run.State.Visits.Count);
        Assert.Equal(60 * 4 - 28, AdmissionView.From(run.State).Planning.DosesAfter);
    }

    [Fact]
    public void MoreDosesADayCallOffTheScheduledVisitsOffTheNewGridAndPlanNewOnesTheNextVisitKeepsItsTimeAndNumber()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));
        run.Reply("v1", FirstDose.AddMinutes(5));

        // At 15:00 on day 1: four a day from the next visit (22:00) on.
        run.Signal(id => new ChangePlan(id, 4, null, null, null), FirstDose.AddHours(1));

        var view = AdmissionView.From(run.State);
        Assert.Equal(VisitState.Scheduled, run.Visit(2).State);
        Assert.Equal(FirstDose.AddHours(8), run.Visit(2).DueAt);
        // 06:00 the next morning is not on the new grid (22:00, 04:00, 10:00, 16:00): called off.
        Assert.Equal(VisitState.Cancelled, run.Visit(3).State);
        var scheduled = view.Visits.Where(v => v.State == "scheduled").ToList();
        Assert.Equal([FirstDose.AddHours(8), FirstDose.AddHours(14), FirstDose.AddHours(20)], scheduled.Take(3).Select(v => v.DueAt));
        Assert.All(scheduled.Zip(scheduled.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(6), pair.Second.DueAt - pair.First.DueAt));
        Assert.True(scheduled[1].Number > 21, "a new dose gets a new number");
        // The view is in time order whatever the numbers.
        Assert.Equal(view.Visits.Select(v => v.DueAt).Order(), view.Visits.Select(v => v.DueAt));
    }

    [Fact]
    public void ANewDoseChangesTheScheduledVisitsWithoutCallingThemOff()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));

        run.Signal(id => new ChangePlan(id, null, "4,5 g", null, null), FirstDose.AddHours(-1).AddMinutes(30));

        Assert.Equal("4 g", run.Visit(1).Dose);
        Assert.All(run.State.Visits.Where(v => v.Number > 1), v => Assert.Equal(("4,5 g", VisitState.Scheduled), (v.Dose, v.State)));
    }

    [Fact]
    public void AnEarlierEndDateCallsOffTheVisitsAfterIt()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));

        // The last day becomes 3/3: the doses of 4/3 on are called off.
        run.Signal(id => new ChangePlan(id, null, null, null, new DateOnly(2026, 3, 3)), FirstDose.AddHours(1));

        var lastDay = new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.FromHours(1));
        Assert.All(run.State.Visits.Where(v => v.DueAt >= lastDay), v => Assert.Equal(VisitState.Cancelled, v.State));
        Assert.All(run.State.Visits.Where(v => v.DueAt < lastDay && v.Number > 1), v => Assert.Equal(VisitState.Scheduled, v.State));
        Assert.Equal(0, AdmissionView.From(run.State).Planning.DosesAfter);
    }

    [Fact]
    public void APauseCallsOffThePlanAndResumingBringsBackTheDosesStillAheadUnderTheirNumbers()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));
        run.Reply("v1", FirstDose.AddMinutes(5));

        run.Signal(id => new PauseAdmission(id, "indlagt"), FirstDose.AddHours(2));
        Assert.All(run.State.Visits.Where(v => v.Number > 1), v => Assert.Equal(VisitState.Cancelled, v.State));
        Assert.Null(run.State.PlannedUntil);
        var numbersWhilePaused = run.State.Visits.Count;

        // Resumed at 10:00 the next day: 22:00 and 06:00 fell in the pause; 14:00 on is due again.
        run.Signal(id => new ResumeAdmission(id, null), FirstDose.AddHours(20));

        Assert.Equal(VisitState.Cancelled, run.Visit(2).State);
        Assert.Equal(VisitState.Cancelled, run.Visit(3).State);
        Assert.Equal((VisitState.Scheduled, FirstDose.AddDays(1)), (run.Visit(4).State, run.Visit(4).DueAt));
        Assert.Equal(CareRole.HomeNursing, run.Visit(4).Assignee);
        // Only the doses the horizon moved on to are new (22:00 on 9/3 and 06:00 on 10/3).
        Assert.Equal(numbersWhilePaused + 2, run.State.Visits.Count);
    }

    [Fact]
    public void PausedBeforeTheFirstDoseTheFirstDoseAfterResumingIsStillTheMobileUnits()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));

        run.Signal(id => new PauseAdmission(id, "indlagt"), FirstDose.AddHours(-1).AddMinutes(30));
        run.Signal(id => new ResumeAdmission(id, null), FirstDose.AddHours(1));
        run.RunUntil(FirstDose.AddHours(8));

        var given = run.State.Visits.Where(v => v.WasReminded).ToList();
        Assert.Equal(VisitState.Cancelled, run.Visit(1).State);
        Assert.Equal((FirstDose.AddHours(8), CareRole.MobileUnit, "+4520000003"), (given[^1].DueAt, given[^1].Assignee, given[^1].AssigneePhone));
        Assert.Contains(run.Opened, item => item.ItemId == $"v{given[^1].Number}" && item.Phone == "+4520000003");
    }

    [Fact]
    public void EarlyDischargeCallsOffThePlanAndTheLetterCountsOnlyTheVisitsThatFellDue()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10));
        run.Reply("v1", FirstDose.AddMinutes(5));

        run.Signal(id => new DischargeNow(id, "Rask"), FirstDose.AddHours(2));

        Assert.Equal(AdmissionPhase.Discharged, run.State.Phase);
        Assert.All(run.State.Visits.Where(v => v.Number > 1), v => Assert.Equal(VisitState.Cancelled, v.State));
        Assert.Equal([DoseOutcome.OnTime], DischargeSummaries.From(run.State).Doses.Select(d => d.Outcome));
        Assert.Equal(new ViewPlanning(null, 0), AdmissionView.From(run.State).Planning);
    }
}
