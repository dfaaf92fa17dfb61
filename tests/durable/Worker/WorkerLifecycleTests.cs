using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Time;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>Timers, generations, sub-orchestrations and the management operations, on a virtual clock where time matters.</summary>
public sealed class WorkerLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateTimer_TenDaysOnTheVirtualClock_FiresWhenTheClockPassesItAndNotBefore()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, DateTime>("Sleeps", async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromDays(10), CancellationToken.None);
                return context.CurrentUtcDateTime;
            }),
            clock: clock);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Sleeps");
        await runtime.Runtime.WaitForIdleAsync();
        var timers = await runtime.Client.GetPendingTimersAsync(id);
        Assert.Equal(Start.AddDays(10), Assert.Single(timers).FireAt);

        clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromSeconds(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(Start.AddDays(10).UtcDateTime, done.ReadOutputAs<DateTime>());
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));

        // One timer of ten days, not pieces of at most three (the SDK's default for other backends).
        var history = await runtime.Client.OnlyGenerationAsync(id);
        Assert.Equal(Start.AddDays(10).UtcDateTime, Assert.Single(history.OfType<TimerCreatedEvent>()).FireAt);
        Assert.Single(history.OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task AdvanceClock_OverSeveralTimers_EachStepSeesItsTimersDueTime()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, List<DateTime>>("Doses", async (context, _) =>
            {
                var times = new List<DateTime>();
                for (var dose = 0; dose < 3; dose++)
                {
                    await context.CreateTimer(TimeSpan.FromHours(8), CancellationToken.None);
                    times.Add(context.CurrentUtcDateTime);
                }

                return times;
            }),
            clock: clock);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Doses");

        var stops = await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(30));

        var done = await runtime.WaitForCompletionAsync(id);
        Assert.Equal([Start.AddHours(8).UtcDateTime, Start.AddHours(16).UtcDateTime, Start.AddHours(24).UtcDateTime], done.ReadOutputAs<List<DateTime>>());
        Assert.Equal(4, stops);
        Assert.Equal(Start.AddHours(30), clock.GetUtcNow());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_TimerStaysPendingAndItsFiringChangesNothing()
    {
        // DurableTask.Core does not cancel a durable timer whose wait is cancelled: it stays pending
        // (and listed), fires when due, and the orchestration ignores it.
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, string>("Confirms", async (context, _) =>
            {
                var confirmed = await context.WaitForExternalEvent<string>("Confirmed", TimeSpan.FromMinutes(10));
                var discharged = await context.WaitForExternalEvent<string>("Discharged");
                return $"{confirmed}, {discharged}";
            }),
            clock: clock);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Confirms");
        await runtime.Runtime.WaitForIdleAsync();
        var timeout = Assert.Single(await runtime.Client.GetPendingTimersAsync(id));
        Assert.Equal(Start.AddMinutes(10), timeout.FireAt);

        await runtime.Client.RaiseEventAsync(id, "Confirmed", "ok");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal([timeout], await runtime.Client.GetPendingTimersAsync(id));

        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(10));
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await runtime.Client.RaiseEventAsync(id, "Discharged", "day 2");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("ok, day 2", done.ReadOutputAs<string>());
        var events = await runtime.Client.OnlyGenerationAsync(id);
        Assert.Equal(timeout.TimerId, Assert.Single(events.OfType<TimerFiredEvent>()).TimerId);
        HistoryChecks.AssertEachEventOnce(id, events);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeGenerations_KeepsEveryGenerationReadable()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddActivityFunc<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestratorFunc<int, int>("Counts", async (context, round) =>
            {
                var doubled = await context.CallActivityAsync<int>("Double", round);
                if (round < 2)
                {
                    context.ContinueAsNew(round + 1);
                }

                return doubled;
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Counts", 0);
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(4, done.ReadOutputAs<int>());
        Assert.Equal(2, done.Generation());
        var generations = await runtime.Client.GetGenerationsAsync(id);
        Assert.Equal([0, 1, 2], generations.Select(g => g.Generation));
        Assert.Equal(3, generations.Select(g => g.ExecutionId).Distinct().Count());
        foreach (var generation in generations)
        {
            var events = generation.Events.Select(entry => entry.Event).ToList();
            var started = Assert.IsType<ExecutionStartedEvent>(events.First(e => e is not OrchestratorStartedEvent));
            Assert.Equal(generation.Generation, started.Generation);
            Assert.Equal(generation.ExecutionId, started.OrchestrationInstance.ExecutionId);
            Assert.Equal(generation.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture), started.Input);
            Assert.Single(events.OfType<TaskCompletedEvent>());
            HistoryChecks.AssertEachEventOnce(id, events);
        }

        var ends = generations.Select(g => g.Events.Select(entry => entry.Event).OfType<ExecutionCompletedEvent>().Single()).ToList();
        Assert.Equal([OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Completed], ends.Select(e => e.OrchestrationStatus));
        Assert.IsType<ContinueAsNewEvent>(ends[0]);

        // The current generation is what the SDK's history call returns.
        Assert.Equal(
            generations[^1].Events.Select(entry => entry.Event.EventType),
            (await runtime.Client.GetOrchestrationHistoryAsync(id)).Select(e => e.EventType));
    }

    [Fact]
    public async Task CallSubOrchestrator_ChildCompletesAndFails_ParentSeesBoth()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<int, int>("Child", (_, n) => n < 0 ? throw new InvalidOperationException("negative") : Task.FromResult(n + 1))
            .AddOrchestratorFunc<object?, string>("Parent", async (context, _) =>
            {
                var ok = await context.CallSubOrchestratorAsync<int>("Child", 41, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-child" });
                try
                {
                    await context.CallSubOrchestratorAsync<int>("Child", -1);
                    return "no failure";
                }
                catch (TaskFailedException failed)
                {
                    return $"{ok} {failed.FailureDetails.ErrorMessage}";
                }
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("42 negative", done.ReadOutputAs<string>());
        var child = await runtime.Client.GetInstanceAsync(id + "-child", true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendAndResume_EventWhileSuspended_IsAppliedOnlyAfterResume()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go")));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Runtime.WaitForIdleAsync();
        await runtime.Client.SuspendInstanceAsync(id, "checking");
        await WaitForStatusAsync(runtime, id, OrchestrationRuntimeStatus.Suspended);
        await runtime.Client.RaiseEventAsync(id, "Go", "later");
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await runtime.Client.ResumeInstanceAsync(id, "checked");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("later", done.ReadOutputAs<string>());
        var events = (await runtime.Client.OnlyGenerationAsync(id)).ToList();
        var suspended = events.IndexOf(events.OfType<ExecutionSuspendedEvent>().Single());
        var resumed = events.IndexOf(events.OfType<ExecutionResumedEvent>().Single());
        Assert.True(events.IndexOf(events.OfType<EventRaisedEvent>().Single()) > resumed && resumed > suspended);
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithTheReasonAndCancelsItsTimers()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go", TimeSpan.FromDays(3))));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Runtime.WaitForIdleAsync();
        await runtime.Client.TerminateInstanceAsync(id, "patient readmitted");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Contains("patient readmitted", done.SerializedOutput, StringComparison.Ordinal);
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
    }

    [Fact]
    public async Task Purge_FinishedInstance_RemovesStateHistoryAndIndexEntry()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Quick", (_, _) => Task.FromResult("done"))
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go")));
        var finished = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick");
        var running = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.WaitForCompletionAsync(finished);
        await runtime.Runtime.WaitForIdleAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.Client.PurgeInstanceAsync(running));
        Assert.Equal(1, (await runtime.Client.PurgeInstanceAsync(finished)).PurgedInstanceCount);

        Assert.Null(await runtime.Client.GetInstanceAsync(finished));
        Assert.Empty(await runtime.Client.GetGenerationsAsync(finished));
        var listed = await QueryAsync(runtime, new OrchestrationQuery());
        Assert.Equal([running], listed.Values.Select(i => i.InstanceId));
        Assert.Equal(0, (await runtime.Client.PurgeInstanceAsync(finished)).PurgedInstanceCount);
    }

    [Fact]
    public async Task PurgeAllInstances_ByCreatedTime_RemovesOnlyFinishedOnesInTheRange()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, string>("Quick", (_, _) => Task.FromResult("done")),
            clock: clock);
        var early = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick");
        clock.Advance(TimeSpan.FromDays(1));
        var late = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick");
        await runtime.WaitForCompletionAsync(early);
        await runtime.WaitForCompletionAsync(late);
        await runtime.Runtime.WaitForIdleAsync();

        var purged = await runtime.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: Start.AddHours(12)));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await runtime.Client.GetInstanceAsync(early));
        Assert.NotNull(await runtime.Client.GetInstanceAsync(late));
    }

    [Fact]
    public async Task Schedule_WithStartTime_StaysPendingUntilTheClockReachesIt()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, DateTime>("Quick", (context, _) => Task.FromResult(context.CurrentUtcDateTime)),
            clock: clock);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick", null, new StartOrchestrationOptions { StartAt = Start.AddDays(8) });
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromDays(8));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(Start.AddDays(8).UtcDateTime, done.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task Restart_FinishedInstanceUnderTheSameId_RunsAgainAsANewGeneration()
    {
        var runs = 0;
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddActivityFunc<string, int>("Count", (_, _) => Task.FromResult(Interlocked.Increment(ref runs)))
            .AddOrchestratorFunc<string, int>("Once", async (context, input) => await context.CallActivityAsync<int>("Count", input)));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Once", "x");
        await runtime.WaitForCompletionAsync(id);
        await runtime.Runtime.WaitForIdleAsync();

        Assert.Equal(id, await runtime.Client.RestartAsync(id));
        await runtime.Runtime.WaitForIdleAsync();
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(2, done.ReadOutputAs<int>());
        Assert.Equal([0, 1], (await runtime.Client.GetGenerationsAsync(id)).Select(g => g.Generation));
    }

    [Fact]
    public async Task GetAllInstances_FiltersAndPages_ReturnEveryInstanceOnce()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go")));
        for (var i = 0; i < 7; i++)
        {
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = $"ADM-{i}" });
        }

        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "OTHER-1" });
        await runtime.Runtime.WaitForIdleAsync();

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await QueryAsync(runtime, new OrchestrationQuery { InstanceIdPrefix = "ADM-", PageSize = 3, ContinuationToken = continuation });
            Assert.True(page.Values.Count <= 3);
            seen.AddRange(page.Values.Select(i => i.InstanceId));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"ADM-{i}").Order(), seen.Order());
        var running = await QueryAsync(runtime, new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        Assert.Equal(8, running.Values.Count);
    }

    private static Task<Page<OrchestrationMetadata>> QueryAsync(TestRuntime runtime, OrchestrationQuery query) =>
        runtime.Client.GetAllInstancesAsync(query).GetPageAsync(query);

    private static async Task WaitForStatusAsync(TestRuntime runtime, string id, OrchestrationRuntimeStatus status)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus == status)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Instance {id} never reached {status}.");
    }
}
