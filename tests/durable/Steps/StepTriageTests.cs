using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Tests.Storage;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace HaH.Orchestration.Durable.Tests.Steps;

public sealed class StepTriageTests
{
    private static readonly DateTimeOffset Now = Samples.T0.AddHours(1);

    /// <summary>
    /// Recovery can hand a step an inbox row that was also handed over in memory: two copies of one
    /// message sharing one row. When the first copy arrives before the start (held) and the second
    /// after it, the second is applied — dropping it as a duplicate would delete the row while the
    /// held copy is not yet durable anywhere else (found by the crash tests: an event lost).
    /// </summary>
    [Fact]
    public void Sort_MessageHeldThenSeenAgainAfterTheStart_AppliesTheSecondCopyInsteadOfDroppingIt()
    {
        var state = Samples.State("adm/1") with { RuntimeStatus = OrchestrationRuntimeStatus.Pending, RecentMessageIds = [] };
        var early = Event("e-1", inboxed: true);
        var start = new WorkItem("adm/1", null, "start-1", new ExecutionStartedEvent(-1, null)
        {
            Name = "Admission",
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "adm/1", ExecutionId = state.ExecutionId },
        }, Now, null);
        var again = Event("e-1", inboxed: true);

        var triage = StepTriage.Sort(state, [early, start, again], Now);

        Assert.Equal([early], triage.Held);
        Assert.Equal([start, again], triage.Accepted);
        Assert.Empty(triage.Dropped);
    }

    [Fact]
    public void Sort_MessageAppliedThenSeenAgain_DropsTheSecondCopy()
    {
        var state = Samples.State("adm/1") with { RecentMessageIds = ["old-1"] };
        var first = Event("e-1", inboxed: true);
        var again = Event("e-1", inboxed: false);
        var old = Event("old-1", inboxed: false);

        var triage = StepTriage.Sort(state, [first, again, old], Now);

        Assert.Equal([first], triage.Accepted);
        Assert.Equal([again, old], triage.Dropped);
        Assert.Empty(triage.Held);
    }

    private static WorkItem Event(string messageId, bool inboxed) =>
        new("adm/1", null, messageId, new EventRaisedEvent(-1, "1") { Name = "VisitConfirmed" }, Now, null) { Inboxed = inboxed };
}
