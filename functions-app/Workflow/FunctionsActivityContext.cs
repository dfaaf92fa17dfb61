using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace HaH.Orchestration.FunctionsApp.Workflow;

/// <summary>The Durable Task activity context of one activity-trigger invocation, for the shared activities' <c>RunAsync</c>.</summary>
internal sealed class FunctionsActivityContext(FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = function.FunctionDefinition.Name;

    // The durable extension puts the calling orchestration's id in the trigger's binding data.
    public override string InstanceId { get; } = function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id as string ?? string.Empty : string.Empty;
}
