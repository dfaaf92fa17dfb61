using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>The admission orchestration on the real runtime, real Azurite and the virtual clock.</summary>
public sealed partial class AdmissionOrchestrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task AdmissionRunsFromFirstReminderToDischargeLetterWithNurseRepliesBySms()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = Start.ToString("O"),
        });
        using var client = app.CreateClient();
        var services = app.Services;
        var durable = services.GetRequiredService<DurableTaskClient>();
        var runtime = services.GetRequiredService<DurableRuntime>();
        var outbox = services.GetRequiredService<LocalSmsOutbox>();
        var plan = EngineHarness.Plan(timesPerDay: 2, firstDose: Start.AddHours(2), days: 2, suppliedDays: 7);
        var state = AdmissionStart.From(plan, EngineHarness.Settings);

        await durable.ScheduleNewOrchestrationInstanceAsync(AdmissionOrchestrator.Name, state, new StartOrchestrationOptions { InstanceId = plan.AdmissionId });
        var replies = 0;
        for (var visit = 1; visit <= 4; visit++)
        {
            var due = plan.Treatment.FirstDoseAt.AddHours(12 * (visit - 1));
            await runtime.AdvanceClockToAsync(due - TimeSpan.FromMinutes(60));
            var assignee = visit == 1 ? plan.CareTeam.MobileUnit.Phone : plan.CareTeam.HomeNursing.Phone;
            var reminder = (await outbox.ListAsync(assignee, default)).Last();
            Assert.Contains("kl.", reminder.Body, StringComparison.Ordinal);
            var code = Code().Match(reminder.Body).Groups[1].Value;
            await runtime.AdvanceClockToAsync(due + TimeSpan.FromMinutes(5));
            await durable.RaiseEventAsync(services.GetRequiredService<PhoneLineIds>().For(assignee), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new SmsReceived($"sms-{++replies}", $"ok {code}", due + TimeSpan.FromMinutes(5))));
            await runtime.WaitForIdleAsync();
        }

        await runtime.AdvanceClockToAsync(plan.Treatment.EndsAt + TimeSpan.FromHours(1));
        var done = await durable.WaitForInstanceCompletionAsync(plan.AdmissionId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var summary = done.ReadOutputAs<DischargeSummary>()!;
        Assert.Equal(4, summary.Doses.Count(d => d.Outcome == DoseOutcome.OnTime));
        var view = done.ReadCustomStatusAs<AdmissionView>()!;
        Assert.Equal("Discharged", view.Phase);
        Assert.All(view.Visits, v => Assert.Equal("confirmed", v.State));
        var letters = (await services.GetRequiredService<StorageQueueIntegrationChannel>().ListAsync(default)).Where(m => m.Type == AdmissionEngine.DischargeLetterType).ToList();
        Assert.Single(letters);
        Assert.Contains(await outbox.ListAsync(plan.Patient.Phone, default), sms => sms.Body == SmsTexts.PatientDischarged());
        Assert.True((await durable.GetGenerationsAsync(plan.AdmissionId)).All(g => g.Events.Count <= 200));
    }

    [Fact]
    public async Task AReplyFromTheWrongPhoneChangesNothingAndGetsAHelpSms()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = Start.ToString("O"),
        });
        var services = app.Services;
        var durable = services.GetRequiredService<DurableTaskClient>();
        var runtime = services.GetRequiredService<DurableRuntime>();
        var outbox = services.GetRequiredService<LocalSmsOutbox>();
        var plan = EngineHarness.Plan(timesPerDay: 2, firstDose: Start.AddHours(2), days: 2);
        await durable.ScheduleNewOrchestrationInstanceAsync(AdmissionOrchestrator.Name, AdmissionStart.From(plan, EngineHarness.Settings), new StartOrchestrationOptions { InstanceId = plan.AdmissionId });
        await runtime.AdvanceClockToAsync(plan.Treatment.FirstDoseAt - TimeSpan.FromMinutes(30));
        var code = Code().Match((await outbox.ListAsync(plan.CareTeam.MobileUnit.Phone, default)).Last().Body).Groups[1].Value;

        const string stranger = "+4529999999";
        var lines = services.GetRequiredService<PhoneLineIds>();
        await PhoneLineStarter.EnsureStartedAsync(durable, lines, stranger, default);
        await durable.RaiseEventAsync(lines.For(stranger), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new SmsReceived("sms-stranger", $"OK {code}", plan.Treatment.FirstDoseAt)));
        await runtime.WaitForIdleAsync();

        var view = (await durable.GetInstanceAsync(plan.AdmissionId))!.ReadCustomStatusAs<AdmissionView>()!;
        Assert.Equal("reminded", view.Visits[0].State);
        Assert.Contains(await outbox.ListAsync(stranger, default), sms => sms.Body == SmsTexts.Help());
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
