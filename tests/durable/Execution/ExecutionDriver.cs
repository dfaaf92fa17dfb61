using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// The worker's step loop without storage: feeds steps to an <see cref="OrchestrationExecution"/>
/// and records what they decide as the worker does (<see cref="DecisionEvents"/>). Hot, it keeps
/// one execution and feeds it only the new events, as a cached instance; cold, it makes a new
/// execution over a copy of the whole history for every step, as an instance read from storage.
/// </summary>
internal sealed class ExecutionDriver(Func<ITaskOrchestrator> create, bool hot)
{
    public const string InstanceId = "instance-1";
    public const string Name = "Tested";
    public static readonly DateTime StartTime = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    // The worker's options: its payload JSON and durable timers of any length (UseAzureStorage).
    private static readonly DurableTaskShimFactory Shims = new(new DurableTaskWorkerOptions
    {
        DataConverter = TestRuntime.Payloads,
        MaximumTimerInterval = TimeSpan.FromDays(3650),
    });

    private OrchestrationExecution? _execution;

    public List<HistoryEvent> History { get; } = [];

    /// <summary>What each step decided, and the custom status after it.</summary>
    public List<(IReadOnlyList<HistoryEvent> Decisions, string? CustomStatus)> Steps { get; } = [];

    public DateTime Now { get; set; } = StartTime;

    public IReadOnlyList<HistoryEvent> Last => Steps[^1].Decisions;

    /// <summary>How many events the kept execution holds (hot only).</summary>
    public int? HotHistoryLength => _execution?.HistoryLength;

    /// <summary>The generation's completion, once a step decided it.</summary>
    public ExecutionCompletedEvent? Completion => History.OfType<ExecutionCompletedEvent>().FirstOrDefault(e => e.EventType == EventType.ExecutionCompleted);

    public IReadOnlyList<HistoryEvent> Start(string? input) =>
        Step(CoreEvents.Started(InstanceId, "execution-1", Name, "", input, 0, null, null, Now));

    /// <summary>Runs one step with these inputs (after an <c>OrchestratorStarted</c> at <see cref="Now"/>); returns its decisions.</summary>
    public IReadOnlyList<HistoryEvent> Step(params HistoryEvent[] inputs)
    {
        List<HistoryEvent> played = [new OrchestratorStartedEvent(-1), .. inputs.Select(Copy)];
        played.ForEach(e => e.Timestamp = Now);
        var execution = hot
            ? _execution ??= new OrchestrationExecution(Shims.CreateOrchestration(Name, create()), [])
            : new OrchestrationExecution(Shims.CreateOrchestration(Name, create()), History.Select(Copy));
        var result = execution.Run(played);
        var decisions = result.Actions.Select(action => DecisionEvents.Of(action, Now)).ToList();
        execution.Commit(decisions);
        History.AddRange(played);
        History.AddRange(decisions);
        Steps.Add((decisions, result.CustomStatus));
        return decisions;
    }

    public IReadOnlyList<HistoryEvent> Complete(int taskId, string? result) => Step(new TaskCompletedEvent(-1, taskId, result));

    public IReadOnlyList<HistoryEvent> Raise(string name, string? payload) => Step(new EventRaisedEvent(-1, payload) { Name = name });

    /// <summary>Moves the clock to the timer's due time (if later) and fires it.</summary>
    public IReadOnlyList<HistoryEvent> Fire(int timerId)
    {
        var created = History.OfType<TimerCreatedEvent>().Single(t => t.EventId == timerId);
        Now = created.FireAt > Now ? created.FireAt : Now;
        return Step(new TimerFiredEvent(-1, created.FireAt) { TimerId = timerId });
    }

    /// <summary>The answer an activity or child would give to <paramref name="decision"/>, through <paramref name="answer"/> (null for no answer).</summary>
    public static HistoryEvent? Answer(HistoryEvent decision, Func<string, string?, string?> answer)
    {
        try
        {
            return decision switch
            {
                TaskScheduledEvent task => new TaskCompletedEvent(-1, task.EventId, answer(task.Name!, ActivityInput(task))),
                SubOrchestrationInstanceCreatedEvent child => new SubOrchestrationInstanceCompletedEvent(-1, child.EventId, answer(child.Name!, child.Input)),
                _ => null,
            };
        }
        catch (InvalidOperationException error)
        {
            var failure = new FailureDetails(error);
            return decision is TaskScheduledEvent
                ? new TaskFailedEvent(-1, decision.EventId, error.Message, null, failure)
                : new SubOrchestrationInstanceFailedEvent(-1, decision.EventId, error.Message, null, failure);
        }
    }

    /// <summary>The activity's input: DurableTask.Core records its parameters as an array, of one for the SDK.</summary>
    public static string? ActivityInput(TaskScheduledEvent task) =>
        task.Input is { } parameters ? System.Text.Json.JsonDocument.Parse(parameters).RootElement[0].GetRawText() : null;

    /// <summary>Every event as the worker stores it (time stamps included), for comparing runs.</summary>
    public IReadOnlyList<string> Stored => [.. History.Select(HistoryEventJson.Serialize)];

    // The executor marks the events it plays: every use gets its own copy, as events read from storage would be.
    private static HistoryEvent Copy(HistoryEvent e) => HistoryEventJson.Deserialize(HistoryEventJson.Serialize(e));
}
