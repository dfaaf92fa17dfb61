namespace HaH.Orchestration.Durable;

/// <summary>
/// How an orchestration retries a failed activity or sub-orchestration. Retries are durable: the
/// orchestration waits on a durable timer between attempts, and every attempt is its own
/// scheduled task in history. The delay after the n-th failed attempt is
/// <c>FirstRetryInterval × BackoffCoefficient^(n−1)</c>, capped at <see cref="MaxRetryInterval"/>.
/// Retrying stops when the attempts are used up, when the failure is non-retriable
/// (<see cref="FailureDetails.IsNonRetriable"/>), when <see cref="Handle"/> returns false, or when the
/// next attempt would start later than <see cref="RetryTimeout"/> after the first one (measured on
/// the orchestration's <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>).
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The delay cap used when none is given: one hour, as in Durable Functions.</summary>
    public static readonly TimeSpan DefaultMaxRetryInterval = TimeSpan.FromHours(1);

    /// <summary>Creates a retry policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in all, including the first; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the second attempt; greater than zero.</param>
    /// <param name="backoffCoefficient">Factor applied to the delay after each further failure; at least 1.</param>
    /// <param name="maxRetryInterval">Cap on the delay; at least <paramref name="firstRetryInterval"/>. Null: <see cref="DefaultMaxRetryInterval"/>.</param>
    /// <param name="retryTimeout">No attempt starts later than this after the first one; null or <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "A retry policy needs at least 1 attempt (the first call counts).");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be greater than zero.");
        }

        if (double.IsNaN(backoffCoefficient) || double.IsInfinity(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be a finite number of at least 1.0 (1.0 keeps the interval constant).");
        }

        var cap = maxRetryInterval ?? DefaultMaxRetryInterval;
        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, $"The max retry interval must be at least the first retry interval ({firstRetryInterval}).");
        }

        if (retryTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must be greater than zero, or Timeout.InfiniteTimeSpan for no limit.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = cap < firstRetryInterval ? firstRetryInterval : cap;
        RetryTimeout = retryTimeout == Timeout.InfiniteTimeSpan ? null : retryTimeout;
    }

    /// <summary>Attempts in all, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Factor applied to the delay after each further failure.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Cap on the delay between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>No attempt starts later than this after the first one; null for no limit.</summary>
    public TimeSpan? RetryTimeout { get; }

    /// <summary>
    /// Decides from the failure whether to retry at all; null (the default) retries every
    /// retriable failure. Runs in orchestrator code, so it must be deterministic.
    /// </summary>
    public Func<FailureDetails, bool>? Handle { get; init; }

    /// <summary>The delay after the given failed attempt (1 for the first).</summary>
    /// <param name="failedAttempt">The number of the attempt that failed, starting at 1.</param>
    /// <returns>How long to wait before the next attempt.</returns>
    public TimeSpan GetRetryDelay(int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, failedAttempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
