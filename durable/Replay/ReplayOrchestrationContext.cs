using HaH.Orchestration.Durable.History;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// The context orchestrator code gets: every operation becomes a decision of the session, and
/// every task it returns completes only from a history event, on the session's scheduler.
/// </summary>
internal sealed class ReplayOrchestrationContext(OrchestrationSession session, ILoggerFactory loggerFactory) : TaskOrchestrationContext
{
    private int _guidCounter;

    public override string InstanceId => session.InstanceId;

    public override string Name => session.Name;

    public override string Version => session.Version;

    public override bool IsReplaying => session.IsReplaying;

    public override DateTimeOffset CurrentUtcDateTimeOffset => session.CurrentUtcDateTime;

    public override int CurrentHistoryLength => session.AppliedHistoryLength;

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override T? GetInput<T>()
        where T : default => PayloadSerializer.Deserialize<T>(session.Input);

    public override Guid NewGuid()
    {
        EnsureOnPump(nameof(NewGuid));
        return DeterministicGuid.Create($"{InstanceId}_{CurrentUtcDateTimeOffset.UtcDateTime:O}_{_guidCounter++}");
    }

    public override async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        EnsureOnPump(nameof(CallActivityAsync));
        var json = PayloadSerializer.Serialize(input);
        var result = await WithRetry(options?.Retry, () =>
        {
            var task = new OpenTask(OpenTaskKind.Activity, name);
            session.Decide(new Decision(new TaskScheduled(name, json), opens: task));
            return task.Source.Task;
        });
        return PayloadSerializer.Deserialize<TResult>(result);
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        EnsureOnPump(nameof(CallSubOrchestratorAsync));
        var json = PayloadSerializer.Serialize(input);
        var result = await WithRetry(options?.Retry, () =>
        {
            var instanceId = options?.InstanceId ?? NewGuid().ToString();
            var task = new OpenTask(OpenTaskKind.SubOrchestration, name);
            session.Decide(new Decision(new SubOrchestrationCreated(name, options?.Version ?? "", instanceId, json), opens: task));
            return task.Source.Task;
        });
        return PayloadSerializer.Deserialize<TResult>(result);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        return CreateTimerCore(new DateTimeOffset(utc), cancellationToken);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOnPump(nameof(WaitForExternalEvent));
        var (received, _) = WaitForEvent(eventName, cancellationToken);
        return PayloadSerializer.Deserialize<T>(await received);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        EnsureOnPump(nameof(WaitForExternalEvent));
        var (received, waiter) = WaitForEvent(eventName, cancellationToken);
        if (waiter is null || timeout == Timeout.InfiniteTimeSpan)
        {
            return PayloadSerializer.Deserialize<T>(await received);
        }

        if (timeout == TimeSpan.Zero)
        {
            session.Events.Remove(waiter);
            throw TimedOut(eventName, timeout);
        }

        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = CreateTimerCore(CurrentUtcDateTimeOffset + timeout, timerCancellation.Token);
        if (await Task.WhenAny(received, timer) == received)
        {
            // Synchronous on purpose: the TimerCancelled decision must be made on the orchestration's thread, now.
            timerCancellation.Cancel();
            return PayloadSerializer.Deserialize<T>(await received);
        }

        session.Events.Remove(waiter);
        await timer;
        throw TimedOut(eventName, timeout);
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOnPump(nameof(SendEvent));
        session.Decide(new Decision(new EventSent(instanceId, eventName, PayloadSerializer.Serialize(payload))));
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOnPump(nameof(SetCustomStatus));
        session.CustomStatus = PayloadSerializer.Serialize(customStatus);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOnPump(nameof(ContinueAsNew));
        session.RequestContinueAsNew(PayloadSerializer.Serialize(newInput), preserveUnprocessedEvents);
    }

    private Task<string?> CreateTimerCore(DateTimeOffset fireAt, CancellationToken cancellationToken)
    {
        EnsureOnPump(nameof(CreateTimer));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string?>(cancellationToken);
        }

        var timer = new OpenTask(OpenTaskKind.Timer, "timer");
        session.Decide(new Decision(new TimerCreated(fireAt), opens: timer));
        if (cancellationToken.CanBeCanceled)
        {
            timer.Registration = cancellationToken.Register(() => CancelTimer(timer, cancellationToken));
        }

        return timer.Source.Task;
    }

    private void CancelTimer(OpenTask timer, CancellationToken cancellationToken)
    {
        if (!session.Scheduler.IsOnPump)
        {
            session.Scheduler.ReportForeign("a durable timer was cancelled from another thread (CancellationTokenSource.CancelAsync or CancelAfter, or a token that orchestrator code does not cancel; cancel with Cancel() in orchestrator code)");
            return;
        }

        if (!timer.IsDone)
        {
            session.Decide(new Decision(new TimerCancelled(-1), cancels: timer));
            session.Ledger.Forget(timer);
            timer.Source.TrySetCanceled(cancellationToken);
        }
    }

    private (Task<string?> Received, ExternalEventBuffer.Waiter? Waiter) WaitForEvent(string eventName, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return (Task.FromCanceled<string?>(cancellationToken), null);
        }

        if (session.Events.TryTakeBuffered(eventName, out var buffered))
        {
            return (Task.FromResult(buffered), null);
        }

        var waiter = session.Events.AddWaiter(eventName);
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() =>
            {
                if (!session.Scheduler.IsOnPump)
                {
                    session.Scheduler.ReportForeign("waiting for an external event was cancelled from another thread (CancellationTokenSource.CancelAsync or CancelAfter, or a token that orchestrator code does not cancel; cancel with Cancel() in orchestrator code)");
                    return;
                }

                session.Events.Remove(waiter);
                waiter.Source.TrySetCanceled(cancellationToken);
            });
        }

        return (waiter.Source.Task, waiter);
    }

    private async Task<string?> WithRetry(RetryPolicy? policy, Func<Task<string?>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }

        var firstAttemptAt = CurrentUtcDateTimeOffset;
        for (var failed = 1; ; failed++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failure) when (failed < policy.MaxNumberOfAttempts && !failure.FailureDetails.IsNonRetriable)
            {
                if (policy.Handle is { } handle && !handle(failure.FailureDetails))
                {
                    throw;
                }

                var nextAttemptAt = CurrentUtcDateTimeOffset + policy.GetRetryDelay(failed);
                if (policy.RetryTimeout is { } limit && nextAttemptAt - firstAttemptAt > limit)
                {
                    throw;
                }

                await CreateTimerCore(nextAttemptAt, CancellationToken.None);
            }
        }
    }

    private TimeoutException TimedOut(string eventName, TimeSpan timeout) =>
        new($"Orchestration '{Name}' (instance '{InstanceId}') waited {timeout} for the external event '{eventName}', which did not arrive.");

    private void EnsureOnPump(string operation)
    {
        if (!session.Scheduler.IsOnPump)
        {
            var detail = $"orchestrator code called {operation} outside the orchestration's thread (after an await of a non-durable task, or with ConfigureAwait(false))";
            session.Scheduler.ReportForeign(detail);
            throw new InvalidOperationException($"Orchestration '{Name}' (instance '{InstanceId}'): {detail}. Orchestrator code must await only durable tasks and must not use ConfigureAwait(false).");
        }
    }
}
