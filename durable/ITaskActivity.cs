namespace HaH.Orchestration.Durable;

/// <summary>The runtime's untyped view of an activity (see <see cref="ITaskOrchestrator"/>).</summary>
internal interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}
