namespace HaH.Orchestration.Durable.Storage;

/// <summary>The first commit of an instance found an instance with the same id already stored.</summary>
internal sealed class InstanceAlreadyExistsException : Exception
{
    public InstanceAlreadyExistsException()
    {
    }

    public InstanceAlreadyExistsException(string message)
        : base(message)
    {
    }

    public InstanceAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static InstanceAlreadyExistsException For(string instanceId, Exception? cause = null)
    {
        var message =
            $"An instance with the id '{instanceId}' already exists, so it was not created again. " +
            "Choose another id, or purge the existing instance first.";
        return cause is null ? new(message) : new(message, cause);
    }
}
