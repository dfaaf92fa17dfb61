using HaH.Orchestration.Durable.Tests.Execution;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>A step's span tells when its commit succeeded and which external events it applied (what a benchmark of "event → effect durable" reads).</summary>
public sealed class StepTelemetryTests : IDisposable
{
    private readonly CommitRecorder _commits = new();

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

        var commits = _commits.CommitsOf(id);
        Assert.Equal(2, commits.Count); // the start, then the event
        Assert.Empty(CommitRecorder.EventsRaised(commits[0]));
        var applied = commits.Single(commit => CommitRecorder.EventsRaised(commit).Length > 0);
        Assert.Equal(["Consent"], CommitRecorder.EventsRaised(applied));
        Assert.True(applied.Timestamp.UtcDateTime >= raised, "committed after the event was raised");
    }

    public void Dispose() => _commits.Dispose();
}
