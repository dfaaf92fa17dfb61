using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>How the session applies input events and finishes the generation.</summary>
internal sealed partial class OrchestrationSession
{
    private void Apply(HistoryEvent e)
    {
        AppliedHistoryLength = e.EventId + 1;
        if (IsCompleted)
        {
            ApplyAfterFinish(e);
            return;
        }

        switch (e)
        {
            case OrchestratorStarted:
                CurrentUtcDateTime = e.Timestamp;
                break;
            case ExecutionStarted started:
                Start(started);
                break;
            case TaskCompleted completed:
                Resolve(completed, completed.TaskScheduledId, OpenTaskKind.Activity, task => task.Source.TrySetResult(completed.Result));
                break;
            case TaskFailed failed:
                Resolve(failed, failed.TaskScheduledId, OpenTaskKind.Activity, task => task.Source.TrySetException(new TaskFailedException(
                    $"The activity '{task.Name}' (task {task.EventId}) failed: {failed.Failure}", task.Name, task.EventId, failed.Failure)));
                break;
            case SubOrchestrationCompleted completed:
                Resolve(completed, completed.TaskScheduledId, OpenTaskKind.SubOrchestration, task => task.Source.TrySetResult(completed.Result));
                break;
            case SubOrchestrationFailed failed:
                Resolve(failed, failed.TaskScheduledId, OpenTaskKind.SubOrchestration, task => task.Source.TrySetException(new TaskFailedException(
                    $"The sub-orchestration '{task.Name}' (task {task.EventId}) failed: {failed.Failure}", task.Name, task.EventId, failed.Failure)));
                break;
            case TimerFired fired:
                Resolve(fired, fired.TimerId, OpenTaskKind.Timer, task => task.Source.TrySetResult(null));
                break;
            case EventRaised raised:
                if (Events.Deliver(raised) is { } waiter)
                {
                    Run(() => waiter.Source.TrySetResult(raised.Input));
                }

                break;
            case ExecutionTerminated terminated:
                Finish(new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, PayloadSerializer.Serialize(terminated.Reason), null));
                break;
            case ExecutionSuspended:
                IsSuspended = true;
                break;
            case ExecutionResumed:
                IsSuspended = false;
                break;
            default:
                _logger.IgnoredEvent(InstanceId, e.Kind, e.EventId, "the replay engine does not handle this kind of event");
                break;
        }
    }

    private void ApplyAfterFinish(HistoryEvent e)
    {
        if (e is EventRaised raised && _continueAsNew is { PreserveEvents: true })
        {
            Events.Deliver(raised);
        }
        else if (e is OrchestratorStarted)
        {
            CurrentUtcDateTime = e.Timestamp;
        }
        else
        {
            _logger.IgnoredEvent(InstanceId, e.Kind, e.EventId, "the orchestration has already finished");
        }
    }

    private void Start(ExecutionStarted started)
    {
        if (_started)
        {
            _logger.IgnoredEvent(InstanceId, started.Kind, started.EventId, "the orchestration has already started");
            return;
        }

        _started = true;
        Name = started.Name;
        Version = started.Version;
        Input = started.Input;
        object? input;
        try
        {
            input = PayloadSerializer.Deserialize(started.Input, _orchestrator.InputType);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or NotSupportedException)
        {
            Finish(new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(error, isNonRetriable: true)));
            return;
        }

        Run(() =>
        {
            try
            {
                _root = _orchestrator.RunAsync(_context, input);
            }
#pragma warning disable CA1031 // Whatever the orchestrator throws becomes its failure.
            catch (Exception error)
#pragma warning restore CA1031
            {
                _root = Task.FromException<object?>(error);
            }
        });
    }

    private void Resolve(HistoryEvent e, int eventId, OpenTaskKind kind, Action<OpenTask> complete)
    {
        if (!Ledger.TryTake(eventId, kind, out var task))
        {
            _logger.IgnoredEvent(InstanceId, e.Kind, e.EventId, $"no open {kind} has EventId {eventId} (it already finished, was cancelled, or never existed)");
            return;
        }

        task.Registration.Dispose();
        Run(() => complete(task));
    }

    /// <summary>Runs <paramref name="action"/> and the orchestrator code it wakes, then checks how the code stands.</summary>
    private void Run(Action action)
    {
        Scheduler.RunUntilIdle(action);
        if (IsCompleted)
        {
            return;
        }

        FailIfForeign();
        if (!IsCompleted && _root is { IsCompleted: true } root)
        {
            Finish(Outcome(root));
        }
    }

    private ExecutionCompleted Outcome(Task<object?> root)
    {
        if (!root.IsCompletedSuccessfully)
        {
            var error = root.Exception?.InnerException ?? new TaskCanceledException(root);
            return new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, ReplayErrors.FromException(error));
        }

        if (_continueAsNew is { } next)
        {
            return new ExecutionCompleted(OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, null);
        }

        try
        {
            return new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, PayloadSerializer.Serialize(root.Result, _orchestrator.OutputType), null);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            return new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(error, isNonRetriable: true));
        }
    }

    /// <summary>The generation ends as orchestrator code (or a terminate request) decided: a decision like any other.</summary>
    private void Finish(ExecutionCompleted completed)
    {
        IsCompleted = true;
        if (IsReplaying)
        {
            Ledger.Enqueue(new Decision(completed));
            return;
        }

        _finishedThisStep = (ExecutionCompleted)Ledger.Record(new Decision(completed));
        _logger.Finished(InstanceId, Name, completed.Status);
    }

    /// <summary>The engine found the code at fault (non-determinism, non-durable await): always a new, live decision.</summary>
    private void Fail(FailureDetails failure)
    {
        IsCompleted = true;
        _engineFailed = true;
        _logger.RuntimeFailure(InstanceId, failure.ErrorType, failure.ErrorMessage);
        _finishedThisStep = (ExecutionCompleted)Ledger.Record(new Decision(new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure)));
    }
}
