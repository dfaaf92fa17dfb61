using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>The sub-orchestration of <see cref="GoldenAdmission"/>: assigns a nurse to the patient.</summary>
internal sealed class GoldenCareTeam : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nurse = await context.CallActivityAsync<string>("AssignNurse", input);
        return $"care team of {input}: {nurse}";
    }
}
