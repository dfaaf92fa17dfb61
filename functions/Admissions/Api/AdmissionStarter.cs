using System.Text.Json;
using DurableTask.Core.Exceptions;
using HaH.Orchestration.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// Starts an admission once: the same id with the same plan again is the same admission (the
/// caller retried); the same id with another plan is a conflict. Nothing is started for a
/// rejected request.
/// </summary>
internal sealed class AdmissionStarter(DurableTaskClient client, IOptionsMonitor<EscalationOptions> escalation)
{
    public enum Outcome
    {
        Started,
        AlreadyStarted,
        Conflict,
    }

    public async Task<Outcome> StartAsync(AdmissionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (await CompareAsync(plan, cancellationToken) is { } known)
        {
            return known;
        }

        try
        {
            var state = AdmissionStart.From(plan, escalation.CurrentValue.ToSettings());
            await client.ScheduleNewOrchestrationInstanceAsync(AdmissionOrchestrator.Name, state, new StartOrchestrationOptions { InstanceId = plan.AdmissionId }, cancellationToken);
            return Outcome.Started;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by a concurrent request in between: decide as if it had come first.
            return await CompareAsync(plan, cancellationToken) ?? Outcome.Conflict;
        }
    }

    private async Task<Outcome?> CompareAsync(AdmissionPlan plan, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(plan.AdmissionId, getInputsAndOutputs: true, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (existing.Name != AdmissionOrchestrator.Name || existing.SerializedInput is null)
        {
            return Outcome.Conflict;
        }

        using var input = JsonDocument.Parse(existing.SerializedInput);
        var samePlan = input.RootElement.TryGetProperty("plan", out var stored)
            && stored.GetRawText() == JsonSerializer.Serialize(plan, DurableSerializer.Options);
        return samePlan ? Outcome.AlreadyStarted : Outcome.Conflict;
    }
}
