namespace HaH.Orchestration.Durable;

/// <summary>
/// Base class of an orchestrator: ordinary async C# that the runtime replays from history.
/// The code must be deterministic: take time from <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>,
/// ids from <see cref="TaskOrchestrationContext.NewGuid"/>, do I/O in activities, and await only
/// tasks that the context returns.
/// </summary>
/// <typeparam name="TInput">The orchestration's input (deserialized from JSON).</typeparam>
/// <typeparam name="TOutput">The orchestration's output (serialized to JSON).</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    /// <summary>Runs the orchestration; called again from the start on every replay.</summary>
    /// <param name="context">The orchestration context: the only source of time, ids and durable tasks.</param>
    /// <param name="input">The input given when the instance was scheduled.</param>
    /// <returns>The orchestration's output.</returns>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
