using System.Collections.Concurrent;
using System.Diagnostics;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Tests.Execution;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Work that arrives for an instance while its step runs goes into that step's commit instead of a
/// commit of its own (once per step): fewer commits, and the event's effect durable sooner.
/// </summary>
public sealed class StepTakesMoreTests : IDisposable
{
    private readonly ConcurrentQueue<(string? InstanceId, ActivityEvent Committed)> _commits = new();
    private readonly ActivityListener _listener;

    public StepTakesMoreTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                foreach (var committed in span.Events.Where(e => e.Name == DurableTelemetry.StepCommittedEvent))
                {
                    _commits.Enqueue((span.GetTagItem(DurableTelemetry.InstanceIdTag) as string, committed));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task EventArrivingWhileTheStepForAnActivitysResultRuns_IsCommittedWithThatStep()
    {
        TestRuntime? started = null;
        using var eventRaised = new ManualResetEventSlim();
        await using var runtime = started = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc<int, int>("SendVisitSms", (_, visit) => Task.FromResult(visit))
            .AddOrchestratorFunc<object?, string>("Admission", async (context, _) =>
            {
                await context.CallActivityAsync<int>("SendVisitSms", 1);
                if (!context.IsReplaying)
                {
                    // The nurse confirms while the step that applies the SMS result still runs: the
                    // test raises the event from here and gives the worker time to hand it to the step.
                    var instanceId = context.InstanceId;
                    _ = Task.Run(async () =>
                    {
                        await started!.Client.RaiseEventAsync(instanceId, "VisitConfirmed", "confirmed");
                        eventRaised.Set();
                    });
                    Assert.True(eventRaised.Wait(TimeSpan.FromSeconds(10)));
                    SpinWait.SpinUntil(() => false, TimeSpan.FromMilliseconds(300));
                }

                return await context.WaitForExternalEvent<string>("VisitConfirmed");
            }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");

        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20));
        await runtime.Runtime.WaitForIdleAsync();

        Assert.Equal("confirmed", done.ReadOutputAs<string>());
        var commits = _commits.Where(commit => commit.InstanceId == id).Select(commit => commit.Committed).ToList();
        Assert.Equal(2, commits.Count); // the start; then the SMS result and the confirmation together
        Assert.Equal(["VisitConfirmed"], (string[])commits[1].Tags.Single(tag => tag.Key == DurableTelemetry.EventsRaisedTag).Value!);
        var history = await runtime.HistoryAsync(id);
        Assert.Single(history.OfType<TaskCompletedEvent>());
        Assert.Single(history.OfType<EventRaisedEvent>());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
    }

    public void Dispose() => _listener.Dispose();
}
