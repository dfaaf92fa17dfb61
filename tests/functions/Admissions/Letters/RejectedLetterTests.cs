using System.Text.Json;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>On the runtime: a letter that fails validation is not sent and not retried; it is an open alert naming the problem.</summary>
public sealed class RejectedLetterTests
{
    [Fact]
    public async Task ALetterThatIsNotValidFhirIsNotSentButBecomesAnOpenAlertNamingTheProblem()
    {
        // An admission started before the GP's EAN number was checked (the HTTP route refuses it now).
        var plan = EngineHarness.Plan(timesPerDay: 2, days: 2);
        plan = plan with { Gp = plan.Gp with { EanNumber = "57900" } };
        using var run = await AdmissionRun.StartAsync(plan);

        await run.AdvanceToAsync(plan.Treatment.FirstDoseAt - TimeSpan.FromMinutes(30));
        await run.SignalAsync(id => new DischargeNow(id, "Afsluttet ved stuegang"));
        await run.AdvanceToAsync(run.Now + TimeSpan.FromHours(1));

        var done = await run.Durable.GetInstanceAsync(run.Id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        var view = await run.ViewAsync();
        var alert = Assert.Single(view.OpenAlerts);
        Assert.Equal("integrationFailed", alert.Kind);
        Assert.StartsWith("Udskrivningsbrevet kunne ikke sendes til egen læge. Send det manuelt. Fejl: The discharge letter is not a valid MedCom FHIR message", alert.Text, StringComparison.Ordinal);
        Assert.Contains("the MessageHeader's receiver has an EAN location number", alert.Text, StringComparison.Ordinal);
        Assert.Null(view.Discharge.LetterSentAt);
        Assert.Empty(await run.PublishedAsync(AdmissionEngine.DischargeLetterType));

        // Tried once: a rejection is not retried (a retry would wait on a durable timer first).
        var events = (await run.Durable.GetGenerationsAsync(run.Id)).SelectMany(g => g.Events).Select(e => e.Event).ToList();
        var letterAttempts = events.OfType<TaskScheduledEvent>().Count(e => e.Name == PublishIntegrationActivity.Name && e.Input?.Contains(AdmissionEngine.DischargeLetterType, StringComparison.Ordinal) == true);
        Assert.Equal(1, letterAttempts);
        Assert.Single(events.OfType<TaskFailedEvent>());

        // The alert is shown to staff: no CPR number, no full name.
        var shown = JsonSerializer.Serialize(view);
        Assert.DoesNotContain(plan.Patient.Cpr, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Patient.Name, shown, StringComparison.Ordinal);
    }
}
