namespace HaH.Orchestration.Durable;

/// <summary>Options of an activity call.</summary>
public record TaskOptions
{
    /// <summary>How to retry a failed call; null (the default) means no retry.</summary>
    public RetryPolicy? Retry { get; init; }
}
