using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>
/// An alarm acknowledged on the dashboard's today board (<see cref="AcknowledgeAlarm"/>): the
/// ladder stops as if an escalated person had answered OK, and everyone it texted hears so.
/// </summary>
public sealed class AdmissionEngineAcknowledgementTests
{
    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void AnOpenAlarmAcknowledgedOnTheDashboardStopsTheLadderClosesItsCodesAndTellsWhoWasTexted()
    {
        var run = new EngineHarness(EngineHarness.Plan());
        run.RunUntil(FirstDose.AddMinutes(62));

        run.Signal(id => new AcknowledgeAlarm(id, "v1", "key:anna"), FirstDose.AddMinutes(65));
        run.RunUntil(FirstDose.AddHours(3));

        Assert.Equal(VisitState.Missed, run.Visit(1).State);
        Assert.DoesNotContain(run.Opened, item => item.ItemId.StartsWith("v1-e2", StringComparison.Ordinal));
        Assert.Contains(run.Commands.Select(c => c.Command).OfType<CloseSmsItem>(), c => c.ItemId.StartsWith("v1-e1", StringComparison.Ordinal));
        var told = Assert.Single(run.Texts, sms => sms.Key.Contains(":acknowledged:", StringComparison.Ordinal));
        Assert.Equal(EngineHarness.Settings.NursePhone, told.To);
        Assert.Equal("eHospital: Alarmen for dosis kl. 14:00 (KJ) er kvitteret af eHospital. Intet at gøre.", told.Text);
        var alarm = AdmissionView.From(run.State).Visits.Single(v => v.Number == 1).Alarm!;
        Assert.Equal(("v1", "acknowledged", FirstDose.AddMinutes(65), "key:anna"), (alarm.Id, alarm.State, alarm.AcknowledgedAt, alarm.AcknowledgedBy));
        Assert.Empty(AdmissionView.From(run.State).OpenAlerts);
    }

    [Fact]
    public void AnUnresolvedAlarmAcknowledgedOnTheDashboardLeavesTheOpenAlertsAndTellsBothLevels()
    {
        var run = new EngineHarness(EngineHarness.Plan());
        run.RunUntil(FirstDose.AddMinutes(95));
        Assert.Equal("unresolved", AdmissionView.From(run.State).Visits.Single(v => v.Number == 1).Alarm!.State);

        run.Signal(id => new AcknowledgeAlarm(id, "v1", "key:anna"), FirstDose.AddHours(2));

        Assert.Equal(VisitState.Missed, run.Visit(1).State);
        Assert.Empty(AdmissionView.From(run.State).OpenAlerts);
        Assert.Equal(
            new[] { EngineHarness.Settings.NursePhone, EngineHarness.Settings.DoctorPhone }.Order(),
            run.Texts.Where(sms => sms.Key.Contains(":acknowledged:", StringComparison.Ordinal)).Select(sms => sms.To).Order());
    }

    [Fact]
    public void AnAlarmAlreadyAcknowledgedBySmsStaysAsItWasAndNobodyIsTextedAgain()
    {
        var run = new EngineHarness(EngineHarness.Plan());
        run.RunUntil(FirstDose.AddMinutes(62));
        var levelOne = run.Opened.Single(item => item.ItemId.StartsWith("v1-e1", StringComparison.Ordinal));
        run.Reply(levelOne.ItemId, FirstDose.AddMinutes(64), from: levelOne.Phone);

        run.Signal(id => new AcknowledgeAlarm(id, "v1", "key:anna"), FirstDose.AddMinutes(66));

        var alarm = run.Visit(1).Escalation!;
        Assert.Equal((FirstDose.AddMinutes(64), "sms:eNurse"), (alarm.AcknowledgedAt, alarm.AcknowledgedBy));
        Assert.DoesNotContain(run.Texts, sms => sms.Key.Contains(":acknowledged:", StringComparison.Ordinal));
    }

    [Fact]
    public void AMedicineAlarmIsAcknowledgedOnTheDashboardTooAndAnUnknownAlarmChangesNothing()
    {
        var run = new EngineHarness(EngineHarness.Plan(days: 10, suppliedDays: 7)) { Responder = (item, at) => item.ItemId.Contains("-e", StringComparison.Ordinal) ? null : (at.AddMinutes(65), true, null) };
        run.RunUntil(FirstDose.AddDays(7) - TimeSpan.FromHours(11));
        var before = run.Commands.Count;

        run.Signal(id => new AcknowledgeAlarm(id, "v999", "key:anna"), FirstDose.AddDays(7) - TimeSpan.FromHours(11));
        Assert.Equal(before, run.Commands.Count);
        run.Signal(id => new AcknowledgeAlarm(id, "m1", "key:anna"), FirstDose.AddDays(7) - TimeSpan.FromHours(11));

        var order = Assert.Single(AdmissionView.From(run.State).Medication.Alarms);
        Assert.Equal((1, "m1", "acknowledged"), (order.Order, order.Alarm.Id, order.Alarm.State));
        Assert.Contains(run.Texts, sms => sms.Key.Contains(":acknowledged:", StringComparison.Ordinal) && sms.To == EngineHarness.Settings.DoctorPhone);
    }
}
