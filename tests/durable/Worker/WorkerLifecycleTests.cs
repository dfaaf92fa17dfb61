using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Time;

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
            registry => registry.AddOrchestratorFunc<object?, DateTimeOffset>("Sleeps", async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromDays(10), CancellationToken.None);
                return context.CurrentUtcDateTimeOffset;
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

        Assert.Equal(Start.AddDays(10), done.ReadOutputAs<DateTimeOffset>());
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
    }

    [Fact]
    public async Task AdvanceClock_OverSeveralTimers_EachStepSeesItsTimersDueTime()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, List<DateTimeOffset>>("Doses", async (context, _) =>
            {
                var times = new List<DateTimeOffset>();
                for (var dose = 0; dose < 3; dose++)
                {
                    await context.CreateTimer(TimeSpan.FromHours(8), CancellationToken.None);
                    times.Add(context.CurrentUtcDateTimeOffset);
                }

                return times;
            }),
            clock: clock);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Doses");

        var stops = await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(30));

        var done = await runtime.WaitForCompletionAsync(id);
        Assert.Equal([Start.AddHours(8), Start.AddHours(16), Start.AddHours(24)], done.ReadOutputAs<List<DateTimeOffset>>());
        Assert.Equal(4, stops);
        Assert.Equal(Start.AddHours(30), clock.GetUtcNow());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_CancelsTheTimer()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, string>("Confirms", async (context, _) =>
                await context.WaitForExternalEvent<string>("Confirmed", TimeSpan.FromMinutes(10))),
            clock: clock);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Confirms");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Single(await runtime.Client.GetPendingTimersAsync(id));

        await runtime.Client.RaiseEventAsync(id, "Confirmed", "ok");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("ok", done.ReadOutputAs<string>());
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
        var events = (await runtime.Client.GetHistoryAsync(id)).Single().Events;
        Assert.Single(events.OfType<TimerCancelled>());
        Assert.Empty(events.OfType<TimerFired>());
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
        Assert.Equal(2, done.Generation);
        var generations = await runtime.Client.GetHistoryAsync(id);
        Assert.Equal([0, 1, 2], generations.Select(g => g.Generation));
        Assert.Equal(3, generations.Select(g => g.ExecutionId).Distinct().Count());
        foreach (var generation in generations)
        {
            Assert.IsType<ExecutionStarted>(generation.Events.First(e => e is not OrchestratorStarted));
            Assert.Single(generation.Events.OfType<TaskCompleted>());
            Assert.Equal(Enumerable.Range(0, generation.Events.Count), generation.Events.Select(e => e.EventId));
        }

        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, generations[0].Events.OfType<ExecutionCompleted>().Single().Status);
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
        var events = (await runtime.Client.GetHistoryAsync(id)).Single().Events;
        var suspended = events.OfType<ExecutionSuspended>().Single().EventId;
        var resumed = events.OfType<ExecutionResumed>().Single().EventId;
        Assert.True(events.OfType<EventRaised>().Single().EventId > resumed && resumed > suspended);
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
        Assert.True(await runtime.Client.PurgeInstanceAsync(finished));

        Assert.Null(await runtime.Client.GetInstanceAsync(finished));
        Assert.Empty(await runtime.Client.GetHistoryAsync(finished));
        var listed = await runtime.Client.QueryInstancesAsync(new OrchestrationQuery());
        Assert.Equal([running], listed.Instances.Select(i => i.InstanceId));
        Assert.False(await runtime.Client.PurgeInstanceAsync(finished));
    }

    [Fact]
    public async Task PurgeInstances_ByCreatedTime_RemovesOnlyFinishedOnesInTheRange()
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

        var purged = await runtime.Client.PurgeInstancesAsync(new PurgeInstancesFilter { CreatedTo = Start.AddHours(12) });

        Assert.Equal(1, purged);
        Assert.Null(await runtime.Client.GetInstanceAsync(early));
        Assert.NotNull(await runtime.Client.GetInstanceAsync(late));
    }

    [Fact]
    public async Task Schedule_WithStartTime_StaysPendingUntilTheClockReachesIt()
    {
        var clock = new VirtualTimeProvider(Start);
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, DateTimeOffset>("Quick", (context, _) => Task.FromResult(context.CurrentUtcDateTimeOffset)),
            clock: clock);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick", null, new StartOrchestrationOptions { StartAt = Start.AddDays(8) });
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromDays(8));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(Start.AddDays(8), done.ReadOutputAs<DateTimeOffset>());
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

        Assert.Equal(id, await runtime.Client.RestartInstanceAsync(id));
        await runtime.Runtime.WaitForIdleAsync();
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(2, done.ReadOutputAs<int>());
        Assert.Equal(2, (await runtime.Client.GetHistoryAsync(id)).Count);
    }

    [Fact]
    public async Task QueryInstances_FiltersAndPages_ReturnEveryInstanceOnce()
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
            var page = await runtime.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "ADM-", PageSize = 3, ContinuationToken = continuation });
            Assert.True(page.Instances.Count <= 3);
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"ADM-{i}").Order(), seen.Order());
        var running = await runtime.Client.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] });
        Assert.Equal(8, running.Instances.Count);
    }

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
