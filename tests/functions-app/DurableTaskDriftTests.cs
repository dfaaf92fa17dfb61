using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.Sending;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>Every orchestrator and activity of the standalone host is a function of the same name in functions-app.</summary>
public class DurableTaskDriftTests
{
    private readonly FunctionsMetadata _metadata = FunctionsMetadata.Load();

    [Fact]
    public void StandaloneHostRegistersTheWorkflowsTasks()
    {
        // Guards the checks below against passing on an empty list.
        Assert.Contains(AdmissionOrchestrator.Name, StandaloneTasks.Orchestrators);
        Assert.Contains(SendSmsActivity.Name, StandaloneTasks.Activities);
    }

    [Fact]
    public void EveryOrchestratorOfTheStandaloneHostHasAnOrchestrationTriggerOfTheSameName() =>
        AssertNone(DurableTaskDrift.Problems(StandaloneTasks.Orchestrators, DurableTaskDrift.OrchestrationTrigger, _metadata));

    [Fact]
    public void EveryActivityOfTheStandaloneHostHasAnActivityTriggerOfTheSameName() =>
        AssertNone(DurableTaskDrift.Problems(StandaloneTasks.Activities, DurableTaskDrift.ActivityTrigger, _metadata));

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void AMissingFunctionIsReportedByName(string taskName, string triggerType)
    {
        var problems = DurableTaskDrift.Problems([taskName], triggerType, _metadata.Without(taskName));

        var problem = Assert.Single(problems);
        Assert.Contains($"'{taskName}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AFunctionOfTheRightNameButAnotherTriggerIsReported()
    {
        var metadata = FunctionsMetadata.Parse("""
            [{ "name": "SendSmsActivity", "entryPoint": "X.SendSmsAsync", "bindings": [{ "name": "sms", "direction": "In", "type": "activityTrigger" }] }]
            """);

        var problems = DurableTaskDrift.Problems(["SendSmsActivity"], DurableTaskDrift.OrchestrationTrigger, metadata);

        Assert.Equal("Function 'SendSmsActivity' is triggered by activityTrigger, expected orchestrationTrigger.", Assert.Single(problems));
    }

    // Every problem in full: xUnit's collection message would cut the sentences short.
    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

    public static TheoryData<string, string> EveryTask()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in StandaloneTasks.Orchestrators)
        {
            data.Add(name, DurableTaskDrift.OrchestrationTrigger);
        }

        foreach (var name in StandaloneTasks.Activities)
        {
            data.Add(name, DurableTaskDrift.ActivityTrigger);
        }

        return data;
    }
}
