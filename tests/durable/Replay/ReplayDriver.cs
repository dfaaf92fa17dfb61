using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Tests.Replay;

/// <summary>
/// A tiny stand-in for the dispatcher: feeds steps to an <see cref="OrchestrationSession"/>, keeps
/// the history, and can answer actions itself (activities and sub-orchestrations from functions,
/// timers by moving its clock). With <c>replayEveryStep</c> it creates a fresh session per step and
/// replays the whole history, as a worker without a cached instance does.
/// </summary>
internal sealed class ReplayDriver(ITaskOrchestrator orchestrator, bool replayEveryStep = false, ILoggerFactory? loggerFactory = null)
{
    public const string InstanceId = "instance-1";
    public static readonly DateTimeOffset StartTime = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private OrchestrationSession _session = new(orchestrator, InstanceId, loggerFactory);

    public List<HistoryEvent> History { get; } = [];

    public List<StepResult> Steps { get; } = [];

    public DateTimeOffset Now { get; set; } = StartTime;

    public OrchestrationSession Session => _session;

    /// <summary>Activity name → code (input JSON → result; an exception becomes TaskFailed).</summary>
    public Dictionary<string, Func<string?, object?>> Activities { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sub-orchestration name → code (input JSON → output; an exception becomes SubOrchestrationFailed).</summary>
    public Dictionary<string, Func<string?, object?>> SubOrchestrations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every action the steps produced, in order.</summary>
    public List<OrchestrationAction> Actions { get; } = [];

    public StepResult Last => Steps[^1];

    public static ReplayDriver For<TIn, TOut>(Func<TaskOrchestrationContext, TIn, Task<TOut>> code, bool replayEveryStep = false, ILoggerFactory? loggerFactory = null) =>
        new(new FuncOrchestrator<TIn, TOut>(code), replayEveryStep, loggerFactory);

    public StepResult Start(object? input = null, string name = "TestOrchestrator", string version = "") =>
        Step(new ExecutionStarted(name, version, PayloadSerializer.Serialize(input)) { ExecutionId = "exec-1" });

    public StepResult Step(params HistoryEvent[] inputs)
    {
        HistoryEvent[] newEvents = [new OrchestratorStarted { Timestamp = Now }, .. inputs];
        StepResult result;
        if (replayEveryStep)
        {
            _session = new OrchestrationSession(orchestrator, InstanceId, loggerFactory);
            result = _session.Execute([.. History], newEvents);
        }
        else
        {
            result = _session.Execute([], newEvents);
        }

        History.AddRange(result.NewEvents);
        Steps.Add(result);
        Actions.AddRange(result.Actions);
        return result;
    }

    public StepResult CompleteTask(int taskScheduledId, object? result) =>
        Step(new TaskCompleted(taskScheduledId, PayloadSerializer.Serialize(result)));

    public StepResult FailTask(int taskScheduledId, string message = "boom", bool nonRetriable = false) =>
        Step(new TaskFailed(taskScheduledId, new FailureDetails("System.InvalidOperationException", message, IsNonRetriable: nonRetriable)));

    public StepResult Raise(string name, object? payload) => Step(new EventRaised(name, PayloadSerializer.Serialize(payload)));

    /// <summary>Moves the clock to the timer's due time (if later) and fires it.</summary>
    public StepResult FireTimer(int timerId)
    {
        var created = History.OfType<TimerCreated>().Single(t => t.EventId == timerId);
        if (created.FireAt > Now)
        {
            Now = created.FireAt;
        }

        return Step(new TimerFired(timerId, created.FireAt));
    }

    /// <summary>Starts the orchestration and answers its actions until it finishes or waits for an external event.</summary>
    public StepResult Run(object? input = null, int maxSteps = 200)
    {
        var result = Start(input);
        return Continue(result, maxSteps);
    }

    /// <summary>Answers actions from <paramref name="result"/> on until the orchestration finishes or waits for an external event.</summary>
    public StepResult Continue(StepResult result, int maxSteps = 200)
    {
        var timers = new Dictionary<int, DateTimeOffset>();
        foreach (var pending in History.OfType<TimerCreated>())
        {
            timers[pending.EventId] = pending.FireAt;
        }

        foreach (var fired in History.OfType<TimerFired>())
        {
            timers.Remove(fired.TimerId);
        }

        foreach (var cancelled in History.OfType<TimerCancelled>())
        {
            timers.Remove(cancelled.TimerId);
        }

        for (var step = 0; step < maxSteps && !result.IsCompleted; step++)
        {
            var inbox = new List<HistoryEvent>();
            foreach (var action in result.Actions)
            {
                switch (action)
                {
                    case ScheduleActivity a:
                        inbox.Add(Invoke(Activities, a.Name, a.Input, out var failure) is var r && failure is null
                            ? new TaskCompleted(a.TaskScheduledId, r)
                            : new TaskFailed(a.TaskScheduledId, failure!));
                        break;
                    case StartSubOrchestration s:
                        inbox.Add(Invoke(SubOrchestrations, s.Name, s.Input, out var childFailure) is var o && childFailure is null
                            ? new SubOrchestrationCompleted(s.TaskScheduledId, o)
                            : new SubOrchestrationFailed(s.TaskScheduledId, childFailure!));
                        break;
                    case CreateTimer t:
                        timers[t.TimerId] = t.FireAt;
                        break;
                    case CancelTimer c:
                        timers.Remove(c.TimerId);
                        break;
                }
            }

            if (inbox.Count > 0)
            {
                result = Step([.. inbox]);
            }
            else if (timers.Count > 0)
            {
                var next = timers.OrderBy(t => t.Value).ThenBy(t => t.Key).First();
                timers.Remove(next.Key);
                result = FireTimer(next.Key);
            }
            else
            {
                break;
            }
        }

        return result;
    }

    private static string? Invoke(Dictionary<string, Func<string?, object?>> code, string name, string? input, out FailureDetails? failure)
    {
        failure = null;
        try
        {
            return PayloadSerializer.Serialize(code[name](input));
        }
        catch (Exception error)
        {
            failure = FailureDetails.FromException(error, isNonRetriable: error is NotSupportedException);
            return null;
        }
    }
}
