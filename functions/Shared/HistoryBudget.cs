using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Shared;

/// <summary>
/// How many history events an orchestration's generation has made, counted by the orchestration
/// itself: the SDK's context does not tell the history's length, so the workflow keeps its own
/// (deterministic) tally of what it did — an upper estimate, event by event as DurableTask.Core
/// records them — and continues as new before a generation's replay gets long. Retries are counted
/// as they happen through <see cref="Retry"/>.
/// </summary>
internal sealed class HistoryBudget(int limit)
{
    /// <summary>A step's own events: it starts (OrchestratorStarted), and takes the event or timer that woke it.</summary>
    public const int PerWake = 2;

    /// <summary>An activity call: its decision, the step that takes its answer, and the answer.</summary>
    public const int PerActivity = 3;

    /// <summary>A durable timer: its decision (the firing is counted with the wake).</summary>
    public const int PerTimer = 1;

    /// <summary>An event sent to another instance: its decision.</summary>
    public const int PerSentEvent = 1;

    /// <summary>A retry: the failure, the wait (created, fired, and the step that takes it) and the new attempt's decision and step.</summary>
    public const int PerRetry = 6;

    /// <summary>The events counted so far in this generation (its start included).</summary>
    public int Used { get; private set; } = PerWake;

    /// <summary>True once the generation should end at the next chance.</summary>
    public bool IsSpent => Used >= limit;

    public void Add(int events) => Used += events;

    /// <summary>
    /// Retries as <paramref name="policy"/> says (attempts, first interval, backoff, longest
    /// interval) the failures <paramref name="retryable"/> accepts (all when null), counting each
    /// retry's events into this budget. The wait is a durable timer.
    /// </summary>
    public TaskOptions Retry(RetryPolicy policy, Func<TaskFailureDetails, bool>? retryable = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (retry.LastAttemptNumber >= policy.MaxNumberOfAttempts || retryable?.Invoke(retry.LastFailure) == false)
            {
                return false;
            }

            var wait = policy.FirstRetryInterval * Math.Pow(policy.BackoffCoefficient, retry.LastAttemptNumber - 1);
            Add(PerRetry);
            await retry.OrchestrationContext.CreateTimer(wait < policy.MaxRetryInterval ? wait : policy.MaxRetryInterval, retry.CancellationToken);
            return true;
        });
    }
}
