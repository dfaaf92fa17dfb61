using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class ContinueAsNewTests
{
    private static ReplayDriver Counter(bool preserve) => ReplayDriver.For<int, int>(async (context, count) =>
    {
        await context.WaitForExternalEvent<string>("tick");
        context.ContinueAsNew(count + 1, preserve);
        return -1;
    });

    [Fact]
    public void ContinueAsNew_WithPreservedEvents_CarriesUnprocessedEventsToNextGeneration()
    {
        var driver = Counter(preserve: true);
        driver.Start(5);

        var step = driver.Step(
            new EventRaised("tick", "\"1\"") { MessageId = "m1" },
            new EventRaised("tick", "\"2\"") { MessageId = "m2" },
            new EventRaised("other", "\"3\"") { MessageId = "m3" });

        Assert.True(step.IsCompleted);
        Assert.Null(step.Completion);
        var next = Assert.IsType<ContinueAsNew>(step.Actions[^1]);
        Assert.Equal("6", next.NewInput);
        Assert.Equal("", next.Version);
        Assert.Equal(["m2", "m3"], next.CarryOverEvents.Select(e => e.MessageId));
        Assert.All(next.CarryOverEvents, e => Assert.Equal(-1, e.EventId));
        Assert.Equal(new ExecutionCompleted(OrchestrationRuntimeStatus.ContinuedAsNew, "6", null), step.NewEvents[^1] with { EventId = -1, Timestamp = default });
    }

    [Fact]
    public void ContinueAsNew_WithoutPreservedEvents_DropsThem()
    {
        var driver = Counter(preserve: false);
        driver.Start(5);

        var step = driver.Step(new EventRaised("tick", "\"1\""), new EventRaised("tick", "\"2\""));

        Assert.Empty(Assert.IsType<ContinueAsNew>(step.Actions[^1]).CarryOverEvents);
    }

    [Fact]
    public void ContinueAsNew_NextGeneration_StartsFreshWithCarriedEvents()
    {
        var first = Counter(preserve: true);
        first.Start(0);
        var next = Assert.IsType<ContinueAsNew>(first.Step(new EventRaised("tick", "\"1\""), new EventRaised("tick", "\"2\"")).Actions[^1]);

        var second = Counter(preserve: true);
        var step = second.Step([new ExecutionStarted("TestOrchestrator", next.Version, next.NewInput), .. next.CarryOverEvents]);

        Assert.Equal("2", Assert.IsType<ContinueAsNew>(step.Actions[^1]).NewInput);
        Assert.Equal(0, step.NewEvents[0].EventId);
    }
}
