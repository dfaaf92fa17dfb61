namespace HaH.Orchestration.Durable;

/// <summary>
/// Base class of an activity: the unit of real work (I/O, calls to other systems) that an
/// orchestration schedules. Activities run at least once; make them idempotent, for example with
/// <see cref="TaskActivityContext.InstanceId"/> and <see cref="TaskActivityContext.TaskScheduledId"/>
/// as an idempotency key.
/// </summary>
/// <typeparam name="TInput">The activity's input (deserialized from JSON).</typeparam>
/// <typeparam name="TOutput">The activity's result (serialized to JSON).</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    /// <summary>Runs the activity.</summary>
    /// <param name="context">Which orchestration scheduled this run, and a token for host shutdown.</param>
    /// <param name="input">The input the orchestration passed.</param>
    /// <returns>The result returned to the orchestration.</returns>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input).ConfigureAwait(false);
}
