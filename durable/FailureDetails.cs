namespace HaH.Orchestration.Durable;

/// <summary>
/// A failure as data: what went wrong, stored as JSON (never a serialized .NET exception).
/// </summary>
/// <param name="ErrorType">The exception's full type name, or a runtime error kind.</param>
/// <param name="ErrorMessage">The message.</param>
/// <param name="StackTrace">The stack trace when there was one.</param>
/// <param name="InnerFailure">The cause, when the failure wraps another.</param>
/// <param name="IsNonRetriable">True when retrying cannot help (the retry policy stops).</param>
public sealed record FailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    FailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    /// <summary>Captures an exception and its inner exceptions.</summary>
    public static FailureDetails FromException(Exception exception, bool isNonRetriable = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null,
            isNonRetriable);
    }

    /// <summary>True when this failure or one of its causes has the given exception type.</summary>
    public bool IsCausedBy<TException>() where TException : Exception =>
        ErrorType == typeof(TException).FullName || (InnerFailure?.IsCausedBy<TException>() ?? false);

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
