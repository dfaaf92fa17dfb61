using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>An admission outlives outages of the systems it talks to: what could not be delivered becomes an open alert, not a failed admission.</summary>
public sealed class DeliveryFailureTests
{
    [Fact]
    public async Task ALetterTheIntegrationChannelRefusesAfterEveryRetryBecomesAnOpenAlertAndTheAdmissionStillEnds()
    {
        var plan = EngineHarness.Plan(timesPerDay: 2, days: 2);
        using var run = await AdmissionRun.StartAsync(plan, swap: services => services.AddSingleton<IIntegrationChannel>(new RefusingChannel()));

        await run.AdvanceToAsync(plan.Treatment.FirstDoseAt - TimeSpan.FromMinutes(30));
        await run.SignalAsync(id => new DischargeNow(id, "Afsluttet ved stuegang"));
        await run.AdvanceToAsync(run.Now + TimeSpan.FromHours(6));

        var done = await run.Durable.GetInstanceAsync(run.Id, getInputsAndOutputs: true);
        Assert.True(done!.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString() + done.SerializedOutput);
        var view = await run.ViewAsync();
        var alert = Assert.Single(view.OpenAlerts);
        Assert.Equal("integrationFailed", alert.Kind);
        Assert.Contains("Udskrivningsbrevet", alert.Text, StringComparison.Ordinal);
        Assert.Null(view.Discharge.LetterSentAt);
        Assert.NotNull(view.Discharge.At);
    }

    [Fact]
    public async Task AnSmsOutageLongerThanTheRetriesNeitherFailsTheAdmissionNorSilencesTheLadder()
    {
        var plan = EngineHarness.Plan(timesPerDay: 2, days: 1);
        using var run = await AdmissionRun.StartAsync(plan, swap: services => services.AddSingleton<ISmsSender>(new RefusingSender()));

        // No reminder reaches the mobile unit, so nobody confirms: the ladder runs out and leaves an alert for the dashboard.
        await run.AdvanceToAsync(plan.Treatment.FirstDoseAt + TimeSpan.FromHours(3));
        await run.SignalAsync(id => new DischargeNow(id, null));
        await run.AdvanceToAsync(run.Now + TimeSpan.FromHours(1));

        var done = await run.Durable.GetInstanceAsync(run.Id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal("unresolved", visit.State);
        Assert.Equal([1, 2], visit.Escalations.Select(e => e.Level));
    }

    private sealed class RefusingChannel : IIntegrationChannel
    {
        public Task PublishAsync(IntegrationMessage message, CancellationToken ct) => throw new HttpRequestException("503 from the integration broker (test)");
    }

    private sealed class RefusingSender : ISmsSender
    {
        public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct) => throw new HttpRequestException("503 from the SMS provider (test)");
    }
}
