namespace HaH.Orchestration.Durable;

/// <summary>
/// The <see cref="FailureDetails.ErrorType"/> values of failures that the runtime itself raises
/// (rather than an exception of the orchestrator's code).
/// </summary>
public static class OrchestrationErrorTypes
{
    /// <summary>Replay produced a different decision than history recorded.</summary>
    public const string NonDeterminism = "HaH.Orchestration.NonDeterminism";

    /// <summary>The orchestrator awaited something that is not a durable task (Task.Delay, Task.Run, I/O).</summary>
    public const string NonDurableAwait = "HaH.Orchestration.NonDurableAwait";
}
