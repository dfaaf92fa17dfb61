namespace HaH.Orchestration.Durable;

/// <summary>
/// The <c>ErrorType</c> of failures the backend itself records (rather than an exception of the
/// orchestrator's or activity's code).
/// </summary>
public static class FailureTypes
{
    /// <summary>A message failed processing too often, or could not be read, and was moved to the poison table.</summary>
    public const string PoisonMessage = "PoisonMessage";

    /// <summary>No orchestrator of the instance's name and version is registered in the worker.</summary>
    public const string OrchestratorNotRegistered = "OrchestratorNotRegistered";

    /// <summary>No activity of the requested name is registered in the worker.</summary>
    public const string ActivityNotRegistered = "ActivityNotRegistered";

    /// <summary>An orchestration continued as new 100 times in one step without waiting for anything.</summary>
    public const string ContinueAsNewLoop = "ContinueAsNewLoop";
}
