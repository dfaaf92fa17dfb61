using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Escalation": the ladder by day and by night, acknowledgement, and no alarm storm — on the runtime.</summary>
public sealed class EscalationLadderTests
{
    private static readonly DateTimeOffset DayDose = AdmissionRun.Local(2026, 3, 2, 14, 0);

    [Fact]
    public async Task AnUnconfirmedDayVisitEscalatesToTheENurseThenTheEDoctorThenBecomesAnOpenAlertWithoutMoreSms()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: DayDose));

        // Until just before visit 2's reminder (21:00): the ladder has run out long before.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 20, 59));

        var all = await run.AllSmsAsync();
        Assert.Equal(3, all.Count);
        var nurse = Assert.Single(all, sms => sms.To == AdmissionRun.NursePhone);
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 15, 0), nurse.SentAt);
        Assert.StartsWith("eHospital ALARM (niveau 1): IV Piperacillin/Tazobactam kl. 14:00 ikke bekræftet (KJ, Næstved).", nurse.Body, StringComparison.Ordinal);
        var doctor = Assert.Single(all, sms => sms.To == AdmissionRun.DoctorPhone);
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 15, 15), doctor.SentAt);
        Assert.StartsWith("eHospital ALARM (niveau 2):", doctor.Body, StringComparison.Ordinal);
        var view = await run.ViewAsync();
        var visit = view.Visits[0];
        Assert.Equal("unresolved", visit.State);
        Assert.Equal([(1, "eNurse"), (2, "eDoctor")], visit.Escalations.Select(e => (e.Level, e.Role)));
        var alert = Assert.Single(view.OpenAlerts);
        Assert.Equal(("visitUnresolved", (int?)1, AdmissionRun.Local(2026, 3, 2, 15, 30)), (alert.Kind, alert.Visit, alert.Since));
    }

    [Fact]
    public async Task AWindowClosingAt1930LocalEscalatesToTheEDoctorThenTheEDoctorAndTheMobileUnit()
    {
        var dose = AdmissionRun.Local(2026, 3, 2, 18, 30);
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: dose));

        // Visit 2 (02:30) is reminded at 01:30; stop before it.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 1, 0));

        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        var doctor = await run.SmsToAsync(AdmissionRun.DoctorPhone);
        Assert.Equal([AdmissionRun.Local(2026, 3, 2, 19, 30), AdmissionRun.Local(2026, 3, 2, 19, 45)], doctor.Select(sms => sms.SentAt));
        Assert.StartsWith("eHospital ALARM (niveau 1):", doctor[0].Body, StringComparison.Ordinal);
        var mobileUnit = await run.SmsToAsync(run.MobileUnitPhone);
        Assert.Equal(2, mobileUnit.Count);
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 19, 45), mobileUnit[1].SentAt);
        Assert.StartsWith("eHospital ALARM (niveau 2):", mobileUnit[1].Body, StringComparison.Ordinal);
        var view = await run.ViewAsync();
        Assert.Equal([(1, "eDoctor"), (2, "eDoctor"), (2, "mobileUnit")], view.Visits[0].Escalations.Select(e => (e.Level, e.Role)));
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 20, 0), Assert.Single(view.OpenAlerts).Since);
    }

    [Fact]
    public async Task TheENursesOkAcknowledgesTheAlarmStopsTheLadderAndRecordsTheVisitAsMissed()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: DayDose));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 15, 5));

        var alarm = await run.ItemSmsAsync("v1-e1-enurse");
        await run.SmsAsync(AdmissionRun.NursePhone, $"OK {AdmissionRun.CodeIn(alarm)}");
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 20, 59));

        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        var toNurse = await run.SmsToAsync(AdmissionRun.NursePhone);
        Assert.Equal(2, toNurse.Count);
        Assert.Equal(SmsTexts.ReceiptAcknowledged(DayDose, "KJ", AdmissionRun.Local(2026, 3, 2, 15, 5)), toNurse[1].Body);
        var view = await run.ViewAsync();
        Assert.Equal("missed", view.Visits[0].State);
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 15, 5), Assert.Single(view.Visits[0].Escalations).AcknowledgedAt);
        Assert.Empty(view.OpenAlerts);
    }

    [Fact]
    public async Task AnAcknowledgementAfterTheLadderRanOutClosesTheOpenAlert()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: DayDose));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 16, 0));
        Assert.Single((await run.ViewAsync()).OpenAlerts);

        await run.SmsAsync(AdmissionRun.DoctorPhone, $"ok {AdmissionRun.CodeIn(await run.ItemSmsAsync("v1-e2-edoctor"))}");

        var view = await run.ViewAsync();
        Assert.Empty(view.OpenAlerts);
        Assert.Equal("missed", view.Visits[0].State);
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 16, 0), view.Visits[0].Escalations.Single(e => e.Level == 2).AcknowledgedAt);
    }

    [Fact]
    public async Task ALateConfirmationAfterTheLadderRanOutClosesTheAlertAndTellsEveryoneEscalated()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: DayDose));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 16, 0));

        await run.ConfirmAsync(1);
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 20, 59));

        var view = await run.ViewAsync();
        Assert.Equal("confirmedLate", view.Visits[0].State);
        Assert.Empty(view.OpenAlerts);
        var resolved = SmsTexts.Resolved("KJ", DayDose, AdmissionRun.Local(2026, 3, 2, 16, 0), AdmissionRun.Local(2026, 3, 2, 16, 0));
        foreach (var phone in new[] { AdmissionRun.NursePhone, AdmissionRun.DoctorPhone })
        {
            var sent = await run.SmsToAsync(phone);
            Assert.Equal(2, sent.Count);
            Assert.Equal((resolved, AdmissionRun.Local(2026, 3, 2, 16, 0)), (sent[1].Body, sent[1].SentAt));
        }
    }
}
