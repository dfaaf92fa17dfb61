using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Sub-orchestrations: started by their parent's step, answered with their output or their failure.</summary>
public sealed class SubOrchestrationTests
{
    [Fact]
    public async Task CallSubOrchestratorAsync_ChildCompletes_ReturnsItsOutputAndTheChildKnowsItsParent()
    {
        await using var runtime = await Runtimes.StartAsync(Register);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "p-17", new StartOrchestrationOptions { InstanceId = "admission-17" });
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("admitted with care team of p-17: nurse Ada", done.ReadOutputAs<string>());
        var child = await runtime.Client.GetInstanceAsync("admission-17-care", getInputsAndOutputs: true);
        Assert.Equal(("CareTeam", OrchestrationRuntimeStatus.Completed), (child?.Name, child?.RuntimeStatus));
        var started = (await runtime.HistoryAsync("admission-17-care")).OfType<ExecutionStartedEvent>().Single();
        Assert.Equal(("admission-17", "Admission"), (started.ParentInstance?.OrchestrationInstance.InstanceId, started.ParentInstance?.Name));
        var created = (await runtime.HistoryAsync(id)).OfType<SubOrchestrationInstanceCreatedEvent>().Single();
        Assert.Equal(created.EventId, started.ParentInstance?.TaskScheduleId);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ParentCatchesTaskFailedExceptionWithTheChildsFailure()
    {
        await using var runtime = await Runtimes.StartAsync(Register);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "nobody", new StartOrchestrationOptions { InstanceId = "admission-0" });
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"not admitted: CareTeam failed with {typeof(InvalidOperationException).FullName}: no nurse for nobody", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await runtime.Client.GetInstanceAsync("admission-0-care"))?.RuntimeStatus);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_FailureNotCaught_FailsTheParentWithTheChildsFailureInside()
    {
        await using var runtime = await Runtimes.StartAsync(registry => Register(registry.AddOrchestratorFunc<string, string>(
            "StrictAdmission", (context, patient) => context.CallSubOrchestratorAsync<string>("CareTeam", patient))));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("StrictAdmission", "nobody");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails?.ErrorType);
        Assert.Equal("no nurse for nobody", done.FailureDetails?.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildTerminated_ParentSeesItFailWithTheReason()
    {
        await using var runtime = await Runtimes.StartAsync(registry => Register(registry
            .AddOrchestratorFunc<string?, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("never"))
            .AddOrchestratorFunc<string?, string>("Parent", async (context, _) =>
            {
                try
                {
                    return await context.CallSubOrchestratorAsync<string>("Waits", null, new SubOrchestrationOptions { InstanceId = "child-1" });
                }
                catch (TaskFailedException error)
                {
                    return $"{error.FailureDetails.ErrorType}: {error.FailureDetails.ErrorMessage}";
                }
            })));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.TerminateInstanceAsync("child-1", "discharged");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await runtime.Client.GetInstanceAsync("child-1"))?.RuntimeStatus);
        Assert.StartsWith("Terminated: ", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.Contains("discharged", done.ReadOutputAs<string>(), StringComparison.Ordinal);
    }

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("AssignNurse", (_, _) => "nurse Ada")
        .AddOrchestratorFunc<string, string>("CareTeam", async (context, patient) => patient == "nobody"
            ? throw new InvalidOperationException($"no nurse for {patient}")
            : $"care team of {patient}: {await context.CallActivityAsync<string>("AssignNurse", patient)}")
        .AddOrchestratorFunc<string, string>("Admission", async (context, patient) =>
        {
            try
            {
                return "admitted with " + await context.CallSubOrchestratorAsync<string>("CareTeam", patient, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-care" });
            }
            catch (TaskFailedException error)
            {
                return $"not admitted: {error.TaskName} failed with {error.FailureDetails.ErrorType}: {error.FailureDetails.ErrorMessage}";
            }
        });
}
