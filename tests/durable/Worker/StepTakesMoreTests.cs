using DurableTask.Core.History;
using HaH.Orchestration.Durable.Tests.Execution;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Work that arrives for an instance while its step runs goes into that step's commit instead of a
/// commit of its own (once per step): fewer commits, and the event's effect durable sooner.
/// </summary>
public sealed class StepTakesMoreTests : IDisposable
{
    private readonly CommitRecorder _commits = new();

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
        var commits = _commits.CommitsOf(id);
        Assert.Equal(2, commits.Count); // the start; then the SMS result and the confirmation together
        Assert.Equal(["VisitConfirmed"], CommitRecorder.EventsRaised(commits[1]));
        var history = await runtime.HistoryAsync(id);
        Assert.Single(history.OfType<TaskCompletedEvent>());
        Assert.Single(history.OfType<EventRaisedEvent>());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
    }

    public void Dispose() => _commits.Dispose();
}
