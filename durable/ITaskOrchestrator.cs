namespace HaH.Orchestration.Durable;

/// <summary>
/// The runtime's untyped view of an orchestrator: it deserializes the input to
/// <see cref="InputType"/>, runs the orchestrator and serializes the result as <see cref="OutputType"/>.
/// </summary>
internal interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}
