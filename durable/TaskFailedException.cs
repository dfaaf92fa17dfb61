namespace HaH.Orchestration.Durable;

/// <summary>
/// Thrown into an orchestrator when an activity or a sub-orchestration it awaits failed. The
/// failure arrives as data (<see cref="FailureDetails"/>), not as the original exception.
/// </summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="taskName">The activity or sub-orchestration name.</param>
    /// <param name="taskScheduledId">The id of the decision that scheduled the task.</param>
    /// <param name="failureDetails">The failure reported by the task.</param>
    public TaskFailedException(string message, string taskName, int taskScheduledId, FailureDetails failureDetails)
        : base(message)
    {
        TaskName = taskName ?? throw new ArgumentNullException(nameof(taskName));
        TaskScheduledId = taskScheduledId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TaskFailedException()
        : this("A durable task failed.", "", -1, new FailureDetails("Unknown", "A durable task failed."))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public TaskFailedException(string message)
        : this(message, "", -1, new FailureDetails("Unknown", message))
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "";
        TaskScheduledId = -1;
        FailureDetails = FailureDetails.FromException(innerException);
    }

    /// <summary>The activity or sub-orchestration name.</summary>
    public string TaskName { get; }

    /// <summary>The id (history position) of the decision that scheduled the failed task.</summary>
    public int TaskScheduledId { get; }

    /// <summary>The failure reported by the task.</summary>
    public FailureDetails FailureDetails { get; }
}
