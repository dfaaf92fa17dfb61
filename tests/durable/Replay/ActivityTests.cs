using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class ActivityTests
{
    [Fact]
    public void CallActivityAsync_FirstStep_SchedulesActivityAfterTheInputEvents()
    {
        var driver = ReplayDriver.For<string, string>(async (context, name) => await context.CallActivityAsync<string>("Greet", new { Name = name }));

        var step = driver.Start("Ada");

        Assert.Equal(["OrchestratorStarted", "ExecutionStarted", "TaskScheduled"], step.NewEvents.Select(e => e.Kind));
        Assert.Equal([0, 1, 2], step.NewEvents.Select(e => e.EventId));
        Assert.All(step.NewEvents, e => Assert.Equal(ReplayDriver.StartTime, e.Timestamp));
        var schedule = Assert.IsType<ScheduleActivity>(Assert.Single(step.Actions));
        Assert.Equal(new ScheduleActivity(2, "Greet", """{"name":"Ada"}"""), schedule);
        Assert.False(step.IsCompleted);
    }

    [Fact]
    public void CallActivityAsync_ActivityCompletes_OrchestrationReturnsItsResult()
    {
        var driver = ReplayDriver.For<string, string>(async (context, name) => await context.CallActivityAsync<string>("Greet", name) + "!");
        driver.Start("Ada");

        var step = driver.CompleteTask(2, "Hello Ada");

        Assert.True(step.IsCompleted);
        Assert.Equal(new CompleteOrchestration(OrchestrationRuntimeStatus.Completed, "\"Hello Ada!\"", null), step.Completion);
        var completed = Assert.IsType<ExecutionCompleted>(step.NewEvents[^1]);
        Assert.Equal(5, completed.EventId);
        Assert.Equal([3, 4, 5], step.NewEvents.Select(e => e.EventId));
    }

    [Fact]
    public void CallActivityAsync_ActivityFails_ThrowsTaskFailedExceptionWithTheFailure()
    {
        TaskFailedException? caught = null;
        var driver = ReplayDriver.For<string, string>(async (context, _) =>
        {
            try
            {
                await context.CallActivityAsync("Send");
                return "sent";
            }
            catch (TaskFailedException error)
            {
                caught = error;
                return "not sent";
            }
        });
        driver.Start();

        var step = driver.FailTask(2, "SMS gateway down");

        Assert.NotNull(caught);
        Assert.Equal("Send", caught.TaskName);
        Assert.Equal(2, caught.TaskScheduledId);
        Assert.Equal("SMS gateway down", caught.FailureDetails.ErrorMessage);
        Assert.Contains("'Send'", caught.Message, StringComparison.Ordinal);
        Assert.Equal("\"not sent\"", step.Completion?.Output);
    }

    [Fact]
    public void CallActivityAsync_UnhandledFailure_FailsOrchestrationWithInnerFailure()
    {
        var driver = ReplayDriver.For<string, string>(async (context, _) => await context.CallActivityAsync<string>("Send"));
        driver.Start();

        var step = driver.FailTask(2, "SMS gateway down");

        var completion = Assert.IsType<CompleteOrchestration>(step.Completion);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, completion.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, completion.Failure?.ErrorType);
        Assert.Equal("SMS gateway down", completion.Failure?.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public void CallActivityAsync_ResultOfComplexType_IsDeserializedWithWebDefaults()
    {
        var driver = ReplayDriver.For<int, int>(async (context, _) =>
        {
            var reading = await context.CallActivityAsync<Reading>("Measure");
            return reading.Value * (reading.Unit == Unit.Celsius ? 1 : 0);
        });
        driver.Start();

        var step = driver.Step(new TaskCompleted(2, """{"value":37,"unit":"Celsius"}"""));

        Assert.Equal("37", step.Completion?.Output);
    }

    [Fact]
    public void CallActivityAsync_NonGenericOverload_CompletesWithoutResult()
    {
        var driver = ReplayDriver.For<string?, int>(async (context, _) =>
        {
            await context.CallActivityAsync("Noop", 42);
            return 1;
        });
        driver.Activities["Noop"] = input => input == "42" ? null : throw new InvalidOperationException(input);

        var step = driver.Run();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, step.Completion?.Status);
    }

    internal enum Unit
    {
        Celsius,
        Fahrenheit,
    }

    internal sealed record Reading(int Value, Unit Unit);
}
