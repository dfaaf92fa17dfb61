using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Each action an orchestration step decides becomes the history event DurableTask.Core's dispatcher records for it.</summary>
public sealed class DecisionEventsTests
{
    private static readonly DateTime At = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Of_ScheduleTask_RecordsTaskScheduledWithTheActionsIdNameVersionAndInput()
    {
        var scheduled = Assert.IsType<TaskScheduledEvent>(DecisionEvents.Of(new ScheduleTaskOrchestratorAction { Id = 4, Name = "SendSms", Version = "2", Input = "\"hi\"" }, At));

        Assert.Equal((4, "SendSms", "2", "\"hi\"", At), (scheduled.EventId, scheduled.Name, scheduled.Version, scheduled.Input, scheduled.Timestamp));
    }

    [Fact]
    public void Of_CreateTimer_RecordsTimerCreatedFiringWhenTheActionSays()
    {
        var created = Assert.IsType<TimerCreatedEvent>(DecisionEvents.Of(new CreateTimerOrchestratorAction { Id = 2, FireAt = At.AddDays(10) }, At));

        Assert.Equal((2, At.AddDays(10), At), (created.EventId, created.FireAt, created.Timestamp));
    }

    [Fact]
    public void Of_SendEvent_RecordsEventSentToTheTargetInstance()
    {
        var action = new SendEventOrchestratorAction { Id = 1, Instance = new OrchestrationInstance { InstanceId = "ward-b7" }, EventName = "Reserved", EventData = "42" };

        var sent = Assert.IsType<EventSentEvent>(DecisionEvents.Of(action, At));

        Assert.Equal((1, "ward-b7", "Reserved", "42"), (sent.EventId, sent.InstanceId, sent.Name, sent.Input));
    }

    [Fact]
    public void Of_CreateSubOrchestration_RecordsTheChildsNameVersionIdAndInput()
    {
        var action = new CreateSubOrchestrationAction { Id = 3, Name = "CareTeam", Version = "1", InstanceId = "p-17-care", Input = "\"p-17\"" };

        var created = Assert.IsType<SubOrchestrationInstanceCreatedEvent>(DecisionEvents.Of(action, At));

        Assert.Equal((3, "CareTeam", "1", "p-17-care", "\"p-17\""), (created.EventId, created.Name, created.Version, created.InstanceId, created.Input));
    }

    [Fact]
    public void Of_Completion_RecordsExecutionCompletedWithStatusResultAndFailure()
    {
        var failure = new FailureDetails("Ward.Full", "no bed", null, null, isNonRetriable: false);

        var completed = Assert.IsType<ExecutionCompletedEvent>(DecisionEvents.Of(
            new OrchestrationCompleteOrchestratorAction { Id = 5, OrchestrationStatus = OrchestrationStatus.Failed, Result = "\"r\"", FailureDetails = failure }, At));

        Assert.Equal(EventType.ExecutionCompleted, completed.EventType);
        Assert.Equal((5, OrchestrationStatus.Failed, "\"r\""), (completed.EventId, completed.OrchestrationStatus, completed.Result));
        Assert.Same(failure, completed.FailureDetails);
    }

    [Fact]
    public void Of_ContinuedAsNew_RecordsContinueAsNewWithTheNewInput()
    {
        var next = DecisionEvents.Of(new OrchestrationCompleteOrchestratorAction { Id = 6, OrchestrationStatus = OrchestrationStatus.ContinuedAsNew, Result = "7" }, At);

        var continued = Assert.IsType<ContinueAsNewEvent>(next);
        Assert.Equal((EventType.ContinueAsNew, 6, "7"), (continued.EventType, continued.EventId, continued.Result));
    }

    [Fact]
    public void Of_Rewind_IsNotSupportedAndSaysWhat()
    {
        var error = Assert.Throws<NotSupportedException>(() => DecisionEvents.Of(new RewindOrchestrationAction { Id = 1 }, At));

        Assert.Contains("RewindOrchestration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsDecision_DecisionsAndInputs_AreToldApart()
    {
        HistoryEvent[] decisions =
        [
            new TaskScheduledEvent(1), new TimerCreatedEvent(2), new EventSentEvent(3), new SubOrchestrationInstanceCreatedEvent(4),
            new ExecutionCompletedEvent(5, null, OrchestrationStatus.Completed), new ContinueAsNewEvent(6, null),
        ];
        HistoryEvent[] inputs =
        [
            new OrchestratorStartedEvent(-1), new ExecutionStartedEvent(-1, null), new TaskCompletedEvent(-1, 1, null), new TaskFailedEvent(-1, 1, null, null),
            new TimerFiredEvent(-1, At), new EventRaisedEvent(-1, null), new SubOrchestrationInstanceCompletedEvent(-1, 4, null),
            new SubOrchestrationInstanceFailedEvent(-1, 4, null, null), new ExecutionTerminatedEvent(-1, null), new ExecutionSuspendedEvent(-1, null),
            new ExecutionResumedEvent(-1, null),
        ];

        Assert.All(decisions, e => Assert.True(DecisionEvents.IsDecision(e), e.EventType.ToString()));
        Assert.All(inputs, e => Assert.False(DecisionEvents.IsDecision(e), e.EventType.ToString()));
    }
}
