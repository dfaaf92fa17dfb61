using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Admissions;

/// <summary>Pages of the admissions among a task hub's instances (its phone lines left out by the index).</summary>
internal static class AdmissionInstances
{
    /// <summary>One page of admissions matching <paramref name="query"/>, from its continuation token on.</summary>
    public static Task<Page<OrchestrationMetadata>> PageAsync(DurableTaskClient client, OrchestrationQuery query, CancellationToken cancellation) =>
        client.GetAllInstancesAsync(query, AdmissionOrchestrator.Name).GetPageAsync(query, cancellation);
}
