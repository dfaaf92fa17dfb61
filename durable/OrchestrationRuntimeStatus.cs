namespace HaH.Orchestration.Durable;

/// <summary>The lifecycle status of an orchestration instance (Durable Functions' names).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled, not yet started.</summary>
    Pending,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>A generation ended by <c>ContinueAsNew</c> (only ever seen in history).</summary>
    ContinuedAsNew,

    /// <summary>Finished with a failure.</summary>
    Failed,

    /// <summary>Stopped by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request; events wait until resumed.</summary>
    Suspended,
}
