using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>A letter Service Bus refuses after every retry is an open alert, and the log says which setting to fix.</summary>
public sealed class ServiceBusPublishFailureTests
{
    [Fact]
    public async Task ALetterToAServiceBusEntityThatDoesNotExistBecomesAnOpenAlertNamingTheSetting()
    {
        var plan = EngineHarness.Plan(timesPerDay: 2, days: 2);
        var sender = new RecordingSender("hah-missing") { FailWith = ServiceBusIntegrationChannelTests.SdkFailure("EntityNotFound") };
        var logs = new CapturedLogs();
        using var run = await AdmissionRun.StartAsync(plan, swap: services =>
        {
            services.AddSingleton<IIntegrationChannel>(new ServiceBusIntegrationChannel(sender, NullLogger<ServiceBusIntegrationChannel>.Instance));
            services.AddSingleton<ILoggerProvider>(logs);
        });

        await run.AdvanceToAsync(plan.Treatment.FirstDoseAt - TimeSpan.FromMinutes(30));
        await run.SignalAsync(id => new DischargeNow(id, "Afsluttet ved stuegang"));
        await run.AdvanceToAsync(run.Now + TimeSpan.FromHours(6));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await run.Durable.GetInstanceAsync(run.Id))!.RuntimeStatus);
        var alert = Assert.Single((await run.ViewAsync()).OpenAlerts);
        Assert.Equal("integrationFailed", alert.Kind);
        var notPublished = Assert.Single(logs.Entries, entry => entry.EventId.Id == 404);
        Assert.Contains("Integration:ServiceBus:Entity", notPublished.Message, StringComparison.Ordinal);
        Assert.Contains("retrying will not help", notPublished.Message, StringComparison.Ordinal);
        Assert.Empty(sender.Sent);
    }
}
