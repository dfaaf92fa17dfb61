using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Events raised by clients reach the orchestration whenever it waits for them, in the order raised.</summary>
public sealed class ExternalEventTests
{
    [Fact]
    public async Task RaiseEventAsync_BeforeTheOrchestrationWaits_IsKeptUntilItDoes()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return await context.WaitForExternalEvent<string>("Consent");
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.RaiseEventAsync(id, "Consent", "given");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus);
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("given", done.ReadOutputAs<string>());
        var history = await runtime.HistoryAsync(id);
        Assert.True(
            history.IndexOf(history.OfType<EventRaisedEvent>().Single()) < history.IndexOf(history.OfType<TimerFiredEvent>().Single()),
            "the event was recorded when it arrived, before the orchestration waited for it");
    }

    [Fact]
    public async Task RaiseEventAsync_BeforeTheInstanceHasStarted_IsTakenOnceItRuns()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>(
            "Admission", (context, _) => context.WaitForExternalEvent<string>("Consent")));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { StartAt = Runtimes.Start.AddDays(1) });
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.RaiseEventAsync(id, "Consent", "given the day before");

        // Not AdvanceClockAsync: it waits until the runtime is idle, and an event the instance cannot
        // take yet goes back to the queue every second until it can.
        runtime.VirtualClock.Advance(TimeSpan.FromDays(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("given the day before", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEventAsync_SeveralOfOneName_AreReceivedInTheOrderRaised()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Doses", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            var doses = new List<int>();
            for (var i = 0; i < 5; i++)
            {
                doses.Add(await context.WaitForExternalEvent<int>("DoseGiven"));
            }

            return string.Join(",", doses);
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Doses");
        await runtime.Runtime.WaitForIdleAsync();

        foreach (var dose in new[] { 3, 1, 4, 1, 5 })
        {
            await runtime.Client.RaiseEventAsync(id, "DoseGiven", dose);
        }

        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("3,1,4,1,5", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SendEvent_SeveralToOneInstanceInOneStep_ArriveInTheOrderSent()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddOrchestratorFunc<string?, string>("Ward", async (context, _) =>
            {
                var beds = new List<int>();
                for (var i = 0; i < 12; i++)
                {
                    beds.Add(await context.WaitForExternalEvent<int>("BedFreed"));
                }

                return string.Join(",", beds);
            })
            .AddOrchestratorFunc<string?, string>("Discharges", (context, _) =>
            {
                for (var bed = 1; bed <= 12; bed++)
                {
                    context.SendEvent("ward", "BedFreed", bed);
                }

                return Task.FromResult("sent");
            }));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Ward", new StartOrchestrationOptions { InstanceId = "ward" });
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Discharges");
        var done = await runtime.WaitForCompletionAsync("ward");

        Assert.Equal("1,2,3,4,5,6,7,8,9,10,11,12", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEventAsync_WhileWaiting_ResumesTheOrchestrationWithThePayload()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, Consent>("Admission", async (context, _) =>
            await context.WaitForExternalEvent<Consent>("Consent")));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.RaiseEventAsync(id, "consent", new Consent("Karen Jensen", true));
        var done = await runtime.WaitForCompletionAsync(id);

        // Event names are case-insensitive, as the SDK documents.
        Assert.Equal(new Consent("Karen Jensen", true), done.ReadOutputAs<Consent>());
    }

    internal sealed record Consent(string GivenBy, bool Home);
}
