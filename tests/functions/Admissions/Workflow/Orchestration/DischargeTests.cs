using HaH.Orchestration.Durable.Client;
using System.Diagnostics;
using System.Text.Json;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Tests.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using Xunit.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Discharge" and "Long admissions": the letter's content, and a 30-day admission — on the runtime.</summary>
public sealed class DischargeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheLetterCountsDosesOnTimeLateNotGivenAndMissedTheEscalationsAndTheDeliveries()
    {
        // Twice a day at 08:00 and 20:00 for 4 days; the ward's 3 days run out on 5/3 at 08:00.
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 2, firstDose: AdmissionRun.Local(2026, 3, 2, 8, 0), days: 4, suppliedDays: 3));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 8, 10));
        await run.ConfirmAsync(1);

        // Visit 2 (20:00): the window closes at 21:00, the eLæge is alerted, the nurse confirms late.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 21, 10));
        await run.ConfirmAsync(2);

        // Visit 3 (08:00): NEJ with a reason; the eSygeplejerske acknowledges.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 8, 5));
        await run.SmsAsync(run.HomeNursingPhone, $"NEJ {AdmissionRun.CodeIn(await run.ReminderAsync(3))} patienten sov");
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 8, 10));
        await run.SmsAsync(AdmissionRun.NursePhone, $"OK {AdmissionRun.CodeIn(await run.ItemSmsAsync("v3-e1-enurse"))}");

        // Visit 4 (20:00): no answer from anyone. Then visit 5 on time, and the medicine comes.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 3, 22, 0));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 4, 12, 0));
        await run.SignalAsync(id => new MedicationDelivered(id, null, null));
        await run.SignalAsync(id => new RoundRecorded(id, null, "Stabil"));

        // Visits 6–8 on time; the last confirmation ends the treatment.
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 6, 8, 0));
        var summary = await run.DischargeSummaryAsync();

        Assert.Equal(
            [DoseOutcome.OnTime, DoseOutcome.Late, DoseOutcome.NotGiven, DoseOutcome.Missed, DoseOutcome.OnTime, DoseOutcome.OnTime, DoseOutcome.OnTime, DoseOutcome.OnTime],
            summary.Doses.OrderBy(d => d.Number).Select(d => d.Outcome));
        Assert.Equal(DischargeKind.Completed, summary.Kind);
        Assert.Equal(AdmissionRun.Local(2026, 3, 5, 20, 5), summary.DischargedAt);
        var letter = Assert.Single(await run.PublishedAsync(AdmissionEngine.DischargeLetterType));
        var text = FhirLetter.From(letter).Text;
        Assert.Equal(DischargeLetter.Compose(summary).Text, text);
        var lines = text.Split('\n');
        string[] expected =
        [
            "Periode: 2. marts 2026 - 5. marts 2026 (behandlingen gennemført som planlagt)",
            "Doser: 6 af 8 givet.",
            "- Givet til tiden: 5",
            "- Givet for sent: 1 (2/3 kl. 20:00 (bekræftet 2/3 kl. 21:10))",
            "- Ikke givet: 1 (3/3 kl. 08:00 (patienten sov))",
            "- Ikke bekræftet givet (ingen besked fra sygeplejen): 1 (3/3 kl. 20:00)",
            "Eskalationer: 3 (højeste niveau 1: 2, højeste niveau 2: 1; håndteret: 2, uløst: 1).",
            "- 2/3 kl. 21:00: dosis ikke bekræftet (dosis 2/3 kl. 20:00), niveau 1, løst ved sen bekræftelse 2/3 kl. 21:10",
            "- 3/3 kl. 08:05: dosis ikke givet (dosis 3/3 kl. 08:00), niveau 1, kvitteret 3/3 kl. 08:10",
            "- 3/3 kl. 21:00: dosis ikke bekræftet (dosis 3/3 kl. 20:00), niveau 2, uløst (ingen kvittering)",
            "Medicin: 3 dages forbrug medsendt fra afdelingen; leveringer: 1.",
            "- bestilt 3/3 kl. 10:00, leveret 4/3 kl. 12:00",
            "Virtuelle stuegange: 1",
        ];
        Assert.All(expected, line => Assert.Contains(line, lines));
        Assert.Equal(SmsTexts.PatientDischarged(), Assert.Single(await run.SmsToAsync(run.PatientPhone)).Body);
        // Escalations make longer steps; the generations still stay short.
        Assert.All(await run.Durable.GetGenerationsAsync(run.Id), generation => Assert.True(generation.Events.Count <= 200, $"Generation {generation.Generation} has {generation.Events.Count} events."));
    }

    [Fact]
    public async Task AfterDischargeNoCodeOfTheAdmissionIsLeftOpenOnAnyPhone()
    {
        // Twice a day for one day: visit 1 (08:00) is never confirmed and its alarm never acknowledged.
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 2, firstDose: AdmissionRun.Local(2026, 3, 2, 8, 0), days: 1));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 2, 10, 0));
        var alarm = await run.ItemSmsAsync("v1-e2-edoctor");
        var reminder = await run.ReminderAsync(1);

        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 2, 21, 0));
        var summary = await run.DischargeSummaryAsync();

        Assert.Equal([DoseOutcome.Missed, DoseOutcome.OnTime], summary.Doses.OrderBy(d => d.Number).Select(d => d.Outcome));
        foreach (var phone in new[] { run.MobileUnitPhone, run.HomeNursingPhone, AdmissionRun.NursePhone, AdmissionRun.DoctorPhone })
        {
            var line = (await run.Durable.GetInstanceAsync(run.PhoneLines.For(phone)))!.ReadCustomStatusAs<JsonElement>();
            Assert.True(line.GetProperty("openItems").GetInt32() == 0, $"{phone} still has open items after the discharge: {line}");
        }

        // Their codes now match nothing: whoever answers late is told so instead of hearing nothing.
        await run.SmsAsync(AdmissionRun.DoctorPhone, $"OK {AdmissionRun.CodeIn(alarm)}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(AdmissionRun.DoctorPhone))[^1].Body);
        await run.SmsAsync(run.MobileUnitPhone, $"OK {AdmissionRun.CodeIn(reminder)}");
        Assert.Equal(SmsTexts.Help(), (await run.SmsToAsync(run.MobileUnitPhone))[^1].Body);
    }

    [Fact]
    public async Task AThirtyDayAdmissionAtFourDosesADayEndsWith120ConfirmedVisitsOneLetterAndShortHistories()
    {
        var clock = Stopwatch.StartNew();
        // 6/4–6/5/2026: no daylight-saving change; the ward's 7 days are reordered once.
        var first = AdmissionRun.Local(2026, 4, 6, 8, 0);
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 4, firstDose: first, days: 30, suppliedDays: 7));

        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 4, 12, 12, 0));
        await run.SignalAsync(id => new MedicationDelivered(id, null, null));
        await run.ConfirmEveryVisitUntilAsync(first.AddDays(30) + TimeSpan.FromHours(1));
        var summary = await run.DischargeSummaryAsync();
        output.WriteLine($"30 days, 120 visits on the runtime: {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(120, summary.Doses.Count);
        Assert.All(summary.Doses, dose => Assert.Equal(DoseOutcome.OnTime, dose.Outcome));
        Assert.Equal(AdmissionRun.Local(2026, 5, 6, 2, 5), summary.DischargedAt);
        Assert.Empty(summary.Escalations);
        var view = await run.ViewAsync();
        Assert.Equal(120, view.Visits.Count(v => v.State == "confirmed"));
        Assert.Empty(view.OpenAlerts);
        var letter = Assert.Single(await run.PublishedAsync(AdmissionEngine.DischargeLetterType));
        var text = FhirLetter.From(letter).Text;
        Assert.Contains("Doser: 120 af 120 givet.\n- Givet til tiden: 120\n- Givet for sent: 0\n- Ikke givet: 0\n", text, StringComparison.Ordinal);
        Assert.Contains("Eskalationer: ingen.", text, StringComparison.Ordinal);
        Assert.Contains("leveringer: 1.", text, StringComparison.Ordinal);
        Assert.Single(await run.PublishedAsync(AdmissionEngine.MedicineOrderType));
        // 120 reminders and 120 receipts; nobody else was texted but the patient, once.
        Assert.Equal(240, (await run.SmsToAsync(run.HomeNursingPhone)).Count + (await run.SmsToAsync(run.MobileUnitPhone)).Count);
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));

        var history = await run.Durable.GetGenerationsAsync(run.Id);
        output.WriteLine($"{history.Count} generations; largest {history.Max(g => g.Events.Count)} events");
        // Each visit is at least two waits (its reminder, its reply); a generation takes StepsPerGeneration of them.
        Assert.True(history.Count >= 240 / AdmissionOrchestrator.StepsPerGeneration, $"Expected a new generation every {AdmissionOrchestrator.StepsPerGeneration} waits, got {history.Count} generations.");
        Assert.All(history, generation => Assert.True(generation.Events.Count <= 200, $"Generation {generation.Generation} has {generation.Events.Count} events."));
    }
}
