using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Worker;
using Xunit.Abstractions;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Crashes injected at every point of the commit and delivery path, over many instances:
/// afterwards every instance has completed, with each history event exactly once and every
/// accepted event applied.
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int Instances = 40;
    private const int Visits = 3;

    private static void Visits3(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>("SendVisitSms", (_, visit) => Task.FromResult(visit * 10))
        .AddOrchestratorFunc<object?, int>("Admission", async (context, _) =>
        {
            var total = 0;
            for (var visit = 1; visit <= Visits; visit++)
            {
                total += await context.CallActivityAsync<int>("SendVisitSms", visit);
                total += await context.WaitForExternalEvent<int>("VisitConfirmed", TimeSpan.FromHours(1));
                await context.CreateTimer(TimeSpan.FromMilliseconds(1), CancellationToken.None);
            }

            return total;
        });

    [Fact]
    public async Task Crashes_AtEveryCommitAndDeliveryPoint_EveryInstanceCompletesWithEachEventOnce()
    {
        var faults = new RandomFaults(seed: 20261123, probability: 0.15, maxPerInstanceAndPoint: 2);
        // About 250 crashes in a minute on two partitions, each dropping the whole batch it hits: a
        // message can ride in more crashed batches than the default poison limit allows. This test
        // is about consistency; PoisonMessageTests covers the limit.
        await using var runtime = await TestRuntime.StartAsync(Visits3, options => options.MaxDequeueCount = 20, faults: faults);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new() { InstanceId = $"crash-{i:D3}" }));
        }

        // Every confirmation is sent up front: accepted events must be buffered, never lost.
        foreach (var id in ids)
        {
            for (var visit = 1; visit <= Visits; visit++)
            {
                await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", 1);
            }
        }

        foreach (var id in ids)
        {
            var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromMinutes(4));
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} is {done.RuntimeStatus}: {done.FailureDetails}");
            Assert.Equal((10 + 20 + 30) + Visits, done.ReadOutputAs<int>());
            AssertEachEventOnce(id, Assert.Single(await runtime.Client.GetHistoryAsync(id)).Events);
        }

        output.WriteLine($"{Instances} instances, crashes injected: {string.Join(", ", faults.Injected.Select(pair => $"{pair.Key} {pair.Value}"))}");
        foreach (var point in Enum.GetValues<FaultPoint>())
        {
            Assert.True(faults.Injected.GetValueOrDefault(point) > 0, $"No crash was injected at {point}.");
        }
    }

    private static void AssertEachEventOnce(string id, IReadOnlyList<HistoryEvent> events)
    {
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.EventId));
        Assert.Single(events.OfType<ExecutionStarted>());
        Assert.Single(events.OfType<ExecutionCompleted>());
        var scheduled = events.OfType<TaskScheduled>().Select(e => e.EventId).ToList();
        Assert.Equal(Visits, scheduled.Count);
        Assert.Equal(scheduled.Order(), events.OfType<TaskCompleted>().Select(e => e.TaskScheduledId).Order());
        Assert.Equal(Visits, events.OfType<EventRaised>().Count());
        // Every timer ends exactly once: fired (the visit's pause) or cancelled (an event time-out the event beat).
        var fired = events.OfType<TimerFired>().Select(f => f.TimerId).ToList();
        var cancelled = events.OfType<TimerCancelled>().Select(c => c.TimerId).ToList();
        Assert.Equal(events.OfType<TimerCreated>().Select(t => t.EventId).Order(), fired.Concat(cancelled).Order());
        Assert.Equal(Visits, fired.Count);
    }
}
