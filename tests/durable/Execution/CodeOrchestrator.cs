using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>An orchestrator made of a function, for tests that hand one to the executor directly (the SDK's own is internal).</summary>
internal sealed class CodeOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> code) : TaskOrchestrator<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => code(context, input);
}
