using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class SubOrchestrationTests
{
    [Fact]
    public void CallSubOrchestratorAsync_WithOptions_StartsChildWithInstanceIdAndVersion()
    {
        var driver = ReplayDriver.For<string?, int>(async (context, _) =>
            await context.CallSubOrchestratorAsync<int>("Child", new { Dose = 5 }, new SubOrchestrationOptions { InstanceId = "child-1", Version = "2" }));

        var step = driver.Start();

        Assert.Equal(new StartSubOrchestration(2, "Child", "2", "child-1", """{"dose":5}"""), Assert.Single(step.Actions));
        Assert.Equal(new SubOrchestrationCreated("Child", "2", "child-1", """{"dose":5}""") { EventId = 2, Timestamp = ReplayDriver.StartTime }, step.NewEvents[^1]);
    }

    [Fact]
    public void CallSubOrchestratorAsync_NoInstanceId_UsesDeterministicGuidAndDefaultVersion()
    {
        static ReplayDriver Start()
        {
            var driver = ReplayDriver.For<string?, int>(async (context, _) => await context.CallSubOrchestratorAsync<int>("Child"));
            driver.Start();
            return driver;
        }

        var first = Assert.IsType<StartSubOrchestration>(Assert.Single(Start().Actions));
        var second = Assert.IsType<StartSubOrchestration>(Assert.Single(Start().Actions));

        Assert.True(Guid.TryParse(first.InstanceId, out _));
        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.Equal("", first.Version);
    }

    [Fact]
    public void CallSubOrchestratorAsync_ChildCompletes_ReturnsItsOutput()
    {
        var driver = ReplayDriver.For<string?, int>(async (context, _) => await context.CallSubOrchestratorAsync<int>("Child") * 2);
        driver.Start();

        var step = driver.Step(new SubOrchestrationCompleted(2, "21"));

        Assert.Equal("42", step.Completion?.Output);
    }

    [Fact]
    public void CallSubOrchestratorAsync_ChildFails_ThrowsTaskFailedException()
    {
        TaskFailedException? caught = null;
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            try
            {
                await context.CallSubOrchestratorAsync("Child");
                return "ok";
            }
            catch (TaskFailedException error)
            {
                caught = error;
                throw;
            }
        });
        driver.Start();

        var step = driver.Step(new SubOrchestrationFailed(2, new FailureDetails("Child.Error", "child broke")));

        Assert.Equal("Child", caught?.TaskName);
        Assert.Equal("child broke", caught?.FailureDetails.ErrorMessage);
        Assert.Contains("sub-orchestration 'Child'", caught?.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, step.Completion?.Status);
        Assert.Equal("Child.Error", step.Completion?.Failure?.InnerFailure?.ErrorType);
    }

    [Fact]
    public void SubOrchestrationCompleted_ForAnActivityId_IsIgnored()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) => await context.CallActivityAsync<string>("A"));
        driver.Start();

        var step = driver.Step(new SubOrchestrationCompleted(2, "\"wrong\""));

        Assert.False(step.IsCompleted);
        Assert.Equal("\"right\"", driver.CompleteTask(2, "right").Completion?.Output);
    }
}
