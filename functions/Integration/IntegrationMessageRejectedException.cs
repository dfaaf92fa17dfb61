using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// A message that must not be sent as it is — e.g. a discharge letter that fails validation. Sending
/// again cannot help, so the admission does not retry it: it becomes an open alert at once, with
/// <see cref="Exception.Message"/> as the problem. The message must name the problem without patient
/// data (no CPR number, no name): it is stored in the history and shown on the dashboard.
/// </summary>
internal sealed class IntegrationMessageRejectedException : Exception
{
    public IntegrationMessageRejectedException()
    {
    }

    public IntegrationMessageRejectedException(string message)
        : base(message)
    {
    }

    public IntegrationMessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether an activity failed with this exception. By the type's name, which is what the
    /// failure records: the SDK's <c>IsCausedBy</c> searches every loaded assembly for it, and
    /// throws when two of them define a type of that name (as System.Net.Http's exceptions are).
    /// </summary>
    public static bool Caused(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return string.Equals(failure.ErrorType, typeof(IntegrationMessageRejectedException).FullName, StringComparison.Ordinal);
    }
}
