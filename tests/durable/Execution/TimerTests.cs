using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Durable timers on the virtual clock: any length, fired at their due time, abandoned ones ignored.</summary>
public sealed class TimerTests
{
    [Fact]
    public async Task CreateTimer_ThirtyDays_IsOneDurableTimerFiringAtItsDueTimeAndNotBefore()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, DateTime>("Admission", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromDays(30), CancellationToken.None);
            return context.CurrentUtcDateTime;
        }));
        var due = Runtimes.Start.AddDays(30);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(due, Assert.Single(await runtime.Client.GetPendingTimersAsync(id)).FireAt);
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus);
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(due.UtcDateTime, done.ReadOutputAs<DateTime>());
        var history = await runtime.HistoryAsync(id);
        // Not cut into the SDK's 3-day pieces: durable rows have no 7-day limit to work around.
        Assert.Equal(due.UtcDateTime, Assert.Single(history.OfType<TimerCreatedEvent>()).FireAt);
        Assert.Equal(due.UtcDateTime, Assert.Single(history.OfType<TimerFiredEvent>()).Timestamp);
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
    }

    [Fact]
    public async Task CreateTimer_LosesWhenAnyToAnEvent_FiresLaterWithoutEffectOnTheOrchestration()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Reminder", async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var timeout = context.CreateTimer(TimeSpan.FromHours(1), cancellation.Token);
            var reply = context.WaitForExternalEvent<string>("Reply");
            if (await Task.WhenAny(reply, timeout) != reply)
            {
                return "timed out";
            }

            cancellation.Cancel();
            return $"{await reply}, then {await context.WaitForExternalEvent<string>("Visit")}";
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Reminder");
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.RaiseEventAsync(id, "Reply", "yes");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(2));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus);
        await runtime.Client.RaiseEventAsync(id, "Visit", "done");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("yes, then done", done.ReadOutputAs<string>());
        var history = await runtime.HistoryAsync(id);
        Assert.Single(history.OfType<TimerFiredEvent>());
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
    }

    [Fact]
    public async Task CreateTimer_LosesWhenAnyAndTheOrchestrationEnds_CompletesAtOnceWithNoTimerLeft()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc<string, string>("Call", (_, patient) => $"called {patient}")
            .AddOrchestratorFunc<string, string>("Escalate", async (context, patient) =>
            {
                using var cancellation = new CancellationTokenSource();
                var deadline = context.CreateTimer(TimeSpan.FromDays(1), cancellation.Token);
                var call = context.CallActivityAsync<string>("Call", patient);
                if (await Task.WhenAny(call, deadline) == call)
                {
                    cancellation.Cancel();
                    return await call;
                }

                return "no answer";
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Escalate", "p-17");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("called p-17", done.ReadOutputAs<string>());
        Assert.Equal(Runtimes.Start, runtime.Clock.GetUtcNow());
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
    }

    [Fact]
    public async Task WaitForExternalEvent_NoEventBeforeTheTimeout_CancelsTheWaitAtTheTimeout()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Confirm", async (context, _) =>
        {
            try
            {
                return await context.WaitForExternalEvent<string>("VisitConfirmed", TimeSpan.FromMinutes(10));
            }
            catch (OperationCanceledException)
            {
                return $"escalated at {context.CurrentUtcDateTime:HH:mm}";
            }
        }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Confirm");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(30));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("escalated at 08:10", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutNotCaught_FailsTheInstanceWithTheCancellation()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>(
            "Confirm", (context, _) => context.WaitForExternalEvent<string>("VisitConfirmed", TimeSpan.FromMinutes(10))));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Confirm");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(10));
        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(TaskCanceledException).FullName, done.FailureDetails?.ErrorType);
    }
}
