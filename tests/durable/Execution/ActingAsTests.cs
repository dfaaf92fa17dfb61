using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Who asked for each change is recorded beside its event in the history.</summary>
public sealed class ActingAsTests
{
    [Fact]
    public async Task ActingAs_StartRaiseSuspendResumeAndTerminate_RecordsEachRequesterAsRequestedBy()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            await context.WaitForExternalEvent<string>("Visit");
            return await context.WaitForExternalEvent<string>("Discharged");
        }));

        var id = await runtime.Client.ActingAs("admissions-api").ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        await runtime.Client.ActingAs("nurse:ada").RaiseEventAsync(id, "Visit", "done");
        await runtime.Client.ActingAs("admin:bo").SuspendInstanceAsync(id, "check");
        await runtime.Client.ActingAs("admin:cy").ResumeInstanceAsync(id, "checked");
        await runtime.Runtime.WaitForIdleAsync();
        await runtime.Client.TerminateInstanceAsync(id, "test over");
        await runtime.WaitForCompletionAsync(id);

        var entries = Assert.Single(await runtime.Client.GetGenerationsAsync(id)).Events;
        string? By<T>() => entries.Single(entry => entry.Event is T).RequestedBy;
        Assert.Equal("admissions-api", By<ExecutionStartedEvent>());
        Assert.Equal("nurse:ada", By<EventRaisedEvent>());
        Assert.Equal("admin:bo", By<ExecutionSuspendedEvent>());
        Assert.Equal("admin:cy", By<ExecutionResumedEvent>());
        Assert.Null(By<ExecutionTerminatedEvent>());
        Assert.All(entries.Where(entry => entry.Event is OrchestratorStartedEvent or ExecutionCompletedEvent), entry => Assert.Null(entry.RequestedBy));
    }
}
