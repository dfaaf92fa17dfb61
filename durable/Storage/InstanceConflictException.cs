namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A commit was refused because the instance changed since the state it started from was read:
/// another worker (a stale partition owner, or a newer one) committed first. Nothing was written;
/// reload the instance and retry the step.
/// </summary>
internal sealed class InstanceConflictException : Exception
{
    public InstanceConflictException()
    {
    }

    public InstanceConflictException(string message)
        : base(message)
    {
    }

    public InstanceConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static InstanceConflictException For(string instanceId, Exception? cause = null)
    {
        var message =
            $"The instance '{instanceId}' was changed by another writer after this step read it (its ETag no longer matches), " +
            "so the step was not committed. Likely cause: another worker owns or owned the instance's partition; reload the state and retry.";
        return cause is null ? new(message) : new(message, cause);
    }
}
