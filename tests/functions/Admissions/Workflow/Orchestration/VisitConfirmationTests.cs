using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Visits": reminders, confirmations on time and late, and NEJ — on the runtime.</summary>
public sealed class VisitConfirmationTests
{
    private static readonly DateTimeOffset FirstDose = AdmissionRun.Local(2026, 3, 2, 14, 0);

    [Fact]
    public async Task TheReminderGoesToTheMobileUnitAnHourBeforeTheFirstDoseWithoutCprOrFullName()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));

        await run.AdvanceToAsync(FirstDose - TimeSpan.FromMinutes(61));
        Assert.Empty(await run.AllSmsAsync());
        await run.AdvanceToAsync(FirstDose - TimeSpan.FromMinutes(60));

        var reminder = Assert.Single(await run.AllSmsAsync());
        Assert.Equal(run.MobileUnitPhone, reminder.To);
        Assert.Equal(FirstDose - TimeSpan.FromMinutes(60), reminder.SentAt);
        Assert.Matches(@"^eHospital: IV Piperacillin/Tazobactam 4 g kl\. 14:00, Algade 1, 4700 Næstved \(KJ\)\. Svar OK \d{4} når givet, NEJ \d{4} hvis ikke\.$", reminder.Body);
        Assert.DoesNotContain("0101801234", reminder.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Karen", reminder.Body, StringComparison.Ordinal);
        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("mobileUnit", "reminded", FirstDose), (visit.Assignee, visit.State, visit.DueAt));
    }

    [Fact]
    public async Task AnOkInsideTheWindowConfirmsTheVisitOnTimeWithAReceiptAndNoEscalation()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(55));

        // Code after the word, lower case, no space: admission.md allows it.
        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));
        await run.SmsAsync(run.MobileUnitPhone, $"givet{code}");
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromHours(3));

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal("confirmed", visit.State);
        Assert.Equal(FirstDose + TimeSpan.FromMinutes(55), visit.ConfirmedAt);
        Assert.Empty(visit.Escalations);
        var toMobileUnit = await run.SmsToAsync(run.MobileUnitPhone);
        Assert.Equal(2, toMobileUnit.Count);
        Assert.Equal(SmsTexts.ReceiptOnTime("Piperacillin/Tazobactam", FirstDose, "KJ", FirstDose + TimeSpan.FromMinutes(55)), toMobileUnit[1].Body);
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
    }

    [Fact]
    public async Task AnOnceADayDoseIsOnTimeUntil120MinutesAfterItsDueTime()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 1, firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(119));

        await run.ConfirmAsync(1, "ja");

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal("confirmed", visit.State);
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
    }

    [Fact]
    public async Task AnOkAfterTheWindowMarksTheVisitConfirmedLateAndClosesItsEscalation()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(70));
        var alarm = await run.ItemSmsAsync("v1-e1-enurse");
        Assert.Equal(FirstDose + TimeSpan.FromMinutes(60), alarm.SentAt);

        await run.ConfirmAsync(1);
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromHours(3));

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal("confirmedLate", visit.State);
        Assert.Equal(FirstDose + TimeSpan.FromMinutes(70), visit.ConfirmedAt);
        Assert.Equal("eHospital: Tak. IV Piperacillin/Tazobactam kl. 14:00 (KJ) er registreret som givet for sent (bekræftet kl. 15:10). En evt. alarm er lukket.", (await run.SmsToAsync(run.MobileUnitPhone))[^1].Body);
        var toNurse = await run.SmsToAsync(AdmissionRun.NursePhone);
        Assert.Equal(2, toNurse.Count);
        Assert.Equal(SmsTexts.Resolved("KJ", FirstDose, FirstDose + TimeSpan.FromMinutes(70), FirstDose + TimeSpan.FromMinutes(70)), toNurse[1].Body);
        // Closed: no level 2 for the doctor, and the alarm's code no longer answers anything.
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        await run.SmsAsync(AdmissionRun.NursePhone, $"OK {AdmissionRun.CodeIn(alarm)}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(AdmissionRun.NursePhone))[^1].Body);
        Assert.Null((await run.ViewAsync()).Visits[0].Escalations[0].AcknowledgedAt);
    }

    [Fact]
    public async Task NejWithAReasonRecordsNotGivenAndEscalatesAtOnceWhileLaterVisitsKeepTheirSchedule()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(10));

        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));
        await run.SmsAsync(run.MobileUnitPhone, $"NEJ {code} patient afviste");

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("notGiven", "patient afviste"), (visit.State, visit.NotGivenReason));
        Assert.Equal(SmsTexts.ReceiptNotGiven("Piperacillin/Tazobactam", FirstDose, "KJ", run.Now), (await run.SmsToAsync(run.MobileUnitPhone))[^1].Body);
        var alarm = Assert.Single(await run.SmsToAsync(AdmissionRun.NursePhone));
        Assert.Equal(FirstDose + TimeSpan.FromMinutes(10), alarm.SentAt);
        Assert.StartsWith("eHospital ALARM (niveau 1): IV Piperacillin/Tazobactam kl. 14:00 IKKE givet (KJ, Næstved). Årsag: \"patient afviste\".", alarm.Body, StringComparison.Ordinal);

        // Nobody acknowledges: the NEJ climbs the ladder like any escalation.
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(26));
        Assert.Single(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        Assert.Equal(FirstDose + TimeSpan.FromMinutes(25), (await run.SmsToAsync(AdmissionRun.DoctorPhone))[0].SentAt);

        // Visit 2 is reminded an hour before 22:00, to home nursing, as planned.
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromHours(7));
        var second = await run.ReminderAsync(2);
        Assert.Equal((run.HomeNursingPhone, FirstDose + TimeSpan.FromHours(7)), (second.To, second.SentAt));
        Assert.Contains("kl. 22:00", second.Body, StringComparison.Ordinal);
        Assert.Equal("notGiven", (await run.ViewAsync()).Visits[0].State);
    }
}
