using System.Collections.Concurrent;
using System.Diagnostics;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Tests.Execution;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>A step's span tells when its commit succeeded and which external events it applied (what a benchmark of "event → effect durable" reads).</summary>
public sealed class StepTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<(string? InstanceId, ActivityEvent Committed)> _commits = new();
    private readonly ActivityListener _listener;

    public StepTelemetryTests()
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
    public async Task TheStepThatAppliesAnEventRecordsItsCommitWithTheEventsName()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>(
            "Admission", (context, _) => context.WaitForExternalEvent<string>("Consent")));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        var raised = DateTime.UtcNow;

        await runtime.Client.RaiseEventAsync(id, "Consent", "given");
        await runtime.WaitForCompletionAsync(id);
        await runtime.Runtime.WaitForIdleAsync();

        var commits = _commits.Where(commit => commit.InstanceId == id).Select(commit => commit.Committed).ToList();
        Assert.Equal(2, commits.Count); // the start, then the event
        Assert.Empty((string[])commits[0].Tags.Single(tag => tag.Key == DurableTelemetry.EventsRaisedTag).Value!);
        var applied = commits.Single(commit => ((string[])commit.Tags.Single(tag => tag.Key == DurableTelemetry.EventsRaisedTag).Value!).Length > 0);
        Assert.Equal(["Consent"], (string[])applied.Tags.Single(tag => tag.Key == DurableTelemetry.EventsRaisedTag).Value!);
        Assert.True(applied.Timestamp.UtcDateTime >= raised, "committed after the event was raised");
    }

    public void Dispose() => _listener.Dispose();
}
