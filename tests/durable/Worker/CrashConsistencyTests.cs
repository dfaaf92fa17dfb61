using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Crashes injected at every point of the commit and delivery path, over many instances:
/// afterwards every instance has completed, with each history event exactly once (each decision
/// id once, each answer and each raised event once) and every accepted event applied.
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
            ids.Add(await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { InstanceId = $"crash-{i:D3}" }));
        }

        // Every confirmation is sent up front: accepted events must be buffered, never lost.
        foreach (var id in ids)
        {
            for (var visit = 1; visit <= Visits; visit++)
            {
                await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", 1);
            }
        }

        var finished = new List<(OrchestrationMetadata Done, IReadOnlyList<HistoryEvent> Events)>();
        foreach (var id in ids)
        {
            finished.Add((await runtime.WaitForCompletionAsync(id, TimeSpan.FromMinutes(4)), await runtime.Client.OnlyGenerationAsync(id)));
        }

        var crashes = faults.Injected.Values.Sum();
        var lostEvents = finished.Sum(f => Math.Max(0, Visits - f.Events.OfType<EventRaisedEvent>().Count(e => e.Name == "VisitConfirmed")));
        var duplicatedEvents = finished.Sum(f => CountDuplicates(f.Events));
        output.WriteLine(
            $"{Instances} instances, {crashes} crashes injected ({string.Join(", ", faults.Injected.Select(pair => $"{pair.Key} {pair.Value}"))}); " +
            $"{lostEvents} accepted events lost, {duplicatedEvents} history events duplicated");
        foreach (var (done, events) in finished)
        {
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.InstanceId} is {done.RuntimeStatus}: {done.FailureDetails}");
            Assert.Equal((10 + 20 + 30) + Visits, done.ReadOutputAs<int>());
            AssertEachEventOnce(done.InstanceId, events);
        }

        Assert.Equal(0, lostEvents);
        Assert.Equal(0, duplicatedEvents);
        foreach (var point in Enum.GetValues<FaultPoint>())
        {
            Assert.True(faults.Injected.GetValueOrDefault(point) > 0, $"No crash was injected at {point}.");
        }

        Assert.True(crashes >= 200, $"Only {crashes} crashes were injected; the test promises at least 200.");
    }

    /// <summary>
    /// Each visit's activity scheduled once and answered once, each confirmation applied once, each
    /// visit's pause fired once. The time-out timer of each confirmation is not cancelled when the
    /// event beats it (DurableTask.Core leaves it pending; it would fire later, unheeded): the
    /// instance completes first, so it never fires here.
    /// </summary>
    private static void AssertEachEventOnce(string id, IReadOnlyList<HistoryEvent> events)
    {
        HistoryChecks.AssertEachEventOnce(id, events);
        var scheduled = events.OfType<TaskScheduledEvent>().Select(e => e.EventId).ToList();
        Assert.Equal(Visits, scheduled.Count);
        Assert.Equal(scheduled.Order(), events.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order());
        Assert.Equal(Visits, events.OfType<EventRaisedEvent>().Count());
        Assert.Equal(2 * Visits, events.OfType<TimerCreatedEvent>().Count());
        Assert.Equal(Visits, events.OfType<TimerFiredEvent>().Count());
    }

    /// <summary>History events recorded more than once: a decision id, an answer or a start or end seen twice.</summary>
    private static int CountDuplicates(IReadOnlyList<HistoryEvent> events)
    {
        int Extra<T>(IEnumerable<T> keys) => keys.Count() - keys.Distinct().Count();
        return Extra(events.Where(DecisionEvents.IsDecision).Select(e => e.EventId))
            + Extra(events.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId))
            + Extra(events.OfType<TimerFiredEvent>().Select(e => e.TimerId))
            + Math.Max(0, events.OfType<ExecutionStartedEvent>().Count() - 1)
            + Math.Max(0, events.OfType<EventRaisedEvent>().Count() - Visits);
    }
}
