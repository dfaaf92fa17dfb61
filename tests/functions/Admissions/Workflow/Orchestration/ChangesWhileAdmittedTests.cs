using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Tests.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Changes while admitted" and early discharge — on the runtime.</summary>
public sealed class ChangesWhileAdmittedTests
{
    [Fact]
    public async Task MoreDosesPerDayAndANewDoseTakeEffectFromTheNextVisit()
    {
        // Twice a day, 08:00 and 20:00.
        var first = AdmissionRun.Local(2026, 3, 2, 8, 0);
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 2, firstDose: first, days: 3));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 2, 10, 0));

        await run.SignalAsync(id => new ChangePlan(id, 4, "2 g", null, null));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 3, 15, 0));

        var view = await run.ViewAsync();
        Assert.Equal((4, "2 g"), (view.Treatment.TimesPerDay, view.Treatment.Dose));
        // The next visit keeps its 20:00; after it, every 6 hours.
        var visits = await run.VisitsFallenDueAsync();
        Assert.Equal(
            [first, AdmissionRun.Local(2026, 3, 2, 20, 0), AdmissionRun.Local(2026, 3, 3, 2, 0), AdmissionRun.Local(2026, 3, 3, 8, 0), AdmissionRun.Local(2026, 3, 3, 14, 0)],
            visits.Select(v => v.DueAt));
        Assert.All(visits, v => Assert.Equal("confirmed", v.State));
        Assert.Contains("IV Piperacillin/Tazobactam 4 g kl. 08:00", (await run.ReminderAsync(1)).Body, StringComparison.Ordinal);
        Assert.Contains("IV Piperacillin/Tazobactam 2 g kl. 20:00", (await run.ReminderAsync(2)).Body, StringComparison.Ordinal);
        // The 02:00 visit is new (a new number); its reminder goes an hour before.
        Assert.Equal(AdmissionRun.Local(2026, 3, 3, 1, 0), (await run.ReminderAsync(visits[2].Number)).SentAt);
    }

    [Fact]
    public async Task APausedAdmissionCallsOffTheRemindedVisitSendsNothingAndResumesFromTheNextSlot()
    {
        // Three a day: 14:00, 22:00, 06:00.
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: AdmissionRun.Local(2026, 3, 2, 14, 0)));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 2, 21, 30));
        var calledOff = await run.ReminderAsync(2);

        await run.SignalAsync(id => new PauseAdmission(id, "Genindlagt på afdeling"));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 12, 0));

        var paused = await run.ViewAsync();
        Assert.Equal("Paused", paused.Phase);
        // Visit 2 was reminded and is called off; the visits planned after it are called off too.
        Assert.Equal(["confirmed", "cancelled"], paused.Visits.Take(2).Select(v => v.State));
        Assert.All(paused.Visits.Skip(2), v => Assert.Equal("cancelled", v.State));
        Assert.Null(paused.Planning.PlannedUntil);
        Assert.Equal([calledOff], await run.SmsToAsync(run.HomeNursingPhone));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        // Its code answers nothing any more.
        await run.SmsAsync(run.HomeNursingPhone, $"OK {AdmissionRun.CodeIn(calledOff)}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(run.HomeNursingPhone))[^1].Body);

        await run.SignalAsync(id => new ResumeAdmission(id, null));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 13, 0));

        var resumed = await run.ViewAsync();
        Assert.Equal("Treatment", resumed.Phase);
        // 06:00 fell in the pause and stays called off; 14:00, called off by the pause, is due again under its number.
        Assert.Equal("cancelled", resumed.Visits.Single(v => v.Number == 3).State);
        var next = resumed.Visits.Single(v => v.Number == 4);
        Assert.Equal((AdmissionRun.Local(2026, 3, 3, 14, 0), "reminded"), (next.DueAt, next.State));
        Assert.Equal("scheduled", resumed.Visits.Single(v => v.Number == 5).State);
        var reminder = await run.ReminderAsync(4);
        Assert.Equal(AdmissionRun.Local(2026, 3, 3, 13, 0), reminder.SentAt);
        Assert.Contains("kl. 14:00", reminder.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DischargeNowSendsOneLetterToTheGpTextsThePatientAndCompletesWithTheSummary()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: AdmissionRun.Local(2026, 3, 2, 14, 0)));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 2, 21, 30));
        var calledOff = await run.ReminderAsync(2);

        await run.SignalAsync(id => new DischargeNow(id, "Afsluttet ved stuegang"));
        var summary = await run.DischargeSummaryAsync();
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 21, 30));

        Assert.Equal((DischargeKind.Early, "Afsluttet ved stuegang"), (summary.Kind, summary.DischargeReason));
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 21, 30), summary.DischargedAt);
        Assert.Equal([DoseOutcome.OnTime, DoseOutcome.Cancelled], summary.Doses.OrderBy(d => d.Number).Select(d => d.Outcome));
        var letter = Assert.Single(await run.PublishedAsync(AdmissionEngine.DischargeLetterType));
        Assert.Equal(AdmissionRun.Local(2026, 3, 2, 21, 30), letter.SentAt);
        var fhir = FhirLetter.From(letter);
        Assert.Equal("5790000123456", FhirLetter.IdentifierOf(fhir.Receiver.Identifier, MedCom.Identifiers.Ean));
        Assert.Equal("123456789012345", FhirLetter.IdentifierOf(fhir.Receiver.Identifier, MedCom.Identifiers.Sor));
        Assert.Equal(DischargeLetter.Compose(summary).Text, fhir.Text);
        Assert.Contains("Periode: 2. marts 2026 - 2. marts 2026 (udskrevet før planlagt: Afsluttet ved stuegang)", fhir.Text, StringComparison.Ordinal);
        var patient = Assert.Single(await run.SmsToAsync(run.PatientPhone));
        Assert.Equal((SmsTexts.PatientDischarged(), AdmissionRun.Local(2026, 3, 2, 21, 30)), (patient.Body, patient.SentAt));
        var view = await run.ViewAsync();
        Assert.Equal(("Discharged", AdmissionRun.Local(2026, 3, 2, 21, 30)), (view.Phase, view.Discharge.LetterSentAt));
        // Nothing after the discharge: no more reminders, and the called-off visit's code is dead.
        Assert.Equal([calledOff], await run.SmsToAsync(run.HomeNursingPhone));
        await run.SmsAsync(run.HomeNursingPhone, $"OK {AdmissionRun.CodeIn(calledOff)}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(run.HomeNursingPhone))[^1].Body);
    }

    [Fact]
    public async Task AnEarlyDischargeDuringAnEscalationReportsTheDoseAsMissedAndTheAlarmAsNotAcknowledged()
    {
        var dose = AdmissionRun.Local(2026, 3, 2, 14, 0);
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: dose));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 15, 5));
        Assert.Single(await run.SmsToAsync(AdmissionRun.NursePhone));

        await run.SignalAsync(id => new DischargeNow(id, null));
        var summary = await run.DischargeSummaryAsync();
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 16, 0));

        // The dose was due before the discharge and nobody confirmed it: missed, not called off.
        Assert.Equal(DoseOutcome.Missed, Assert.Single(summary.Doses).Outcome);
        // Nobody confirmed it late either: the alarm ended unacknowledged.
        var escalation = Assert.Single(summary.Escalations);
        Assert.Equal((EscalationOutcome.Unresolved, 1), (escalation.Outcome, escalation.HighestLevel));
        var text = FhirLetter.From(Assert.Single(await run.PublishedAsync(AdmissionEngine.DischargeLetterType))).Text;
        Assert.Contains("- Ikke bekræftet givet (ingen besked fra sygeplejen): 1 (2/3 kl. 14:00)\n", text, StringComparison.Ordinal);
        Assert.Contains("- 2/3 kl. 15:00: dosis ikke bekræftet (dosis 2/3 kl. 14:00), niveau 1, uløst (ingen kvittering)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Aflyst", text, StringComparison.Ordinal);
        // The ladder stopped: no level 2, and the nurse's alarm code answers nothing.
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        await run.SmsAsync(AdmissionRun.NursePhone, $"OK {AdmissionRun.CodeIn(await run.ItemSmsAsync("v1-e1-enurse"))}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(AdmissionRun.NursePhone))[^1].Body);
    }
}
