using System.Text.Json.Nodes;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Shared;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// Starts and changes admissions for every way a request arrives — the HTTP routes and the
/// Service Bus command queue — so that both validate alike, refuse with the same problems and
/// apply a keyed change once. A request is accepted only once its start or signal is recorded;
/// a refused one starts and changes nothing. Storage failures throw (the caller may retry).
/// </summary>
internal sealed class AdmissionRequests(DurableTaskClient client, AdmissionStarter starter, IdempotencyKeys keys, TimeProvider clock)
{
    /// <summary>How far in the past a first dose may be, by the product's clock.</summary>
    public static readonly TimeSpan FirstDoseGrace = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Starts the admission <paramref name="body"/> describes. The same id with the same plan again is
    /// accepted (a retry); with another plan it is a conflict.
    /// </summary>
    public async Task<AdmissionRequestOutcome> StartAsync(AdmissionRequest? body, CancellationToken ct)
    {
        var validation = AdmissionValidator.Validate(body, clock.GetUtcNow(), FirstDoseGrace);
        if (!validation.IsValid)
        {
            return AdmissionRequestOutcome.Invalid(body?.AdmissionId, validation.Errors.ToDictionary(pair => pair.Key, pair => pair.Value));
        }

        var plan = validation.Plan;
        var outcome = await starter.StartAsync(plan, ct);
        return outcome == AdmissionStarter.Outcome.Conflict
            ? AdmissionRequestOutcome.Refused(
                plan.AdmissionId,
                StatusCodes.Status409Conflict,
                "AdmissionExists",
                "Admission already exists",
                $"Admission '{plan.AdmissionId}' already exists with another plan. Use another admission id, or change the running admission with its change routes.")
            : AdmissionRequestOutcome.Accepted(plan.AdmissionId);
    }

    /// <summary>
    /// Sends <paramref name="change"/> to the running admission <paramref name="admissionId"/>. With
    /// an <paramref name="idempotencyKey"/> (already checked by the caller) the same change again is
    /// accepted and applied once; the key with another change within a day is refused.
    /// </summary>
    public async Task<AdmissionRequestOutcome> ChangeAsync(string admissionId, AdmissionChange change, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Problems.Count > 0)
        {
            return AdmissionRequestOutcome.Invalid(admissionId, change.Problems);
        }

        var instance = await FindAsync(client, admissionId, ct);
        if (instance is null)
        {
            return AdmissionRequestOutcome.NotFound(admissionId);
        }

        if (instance.IsCompleted)
        {
            return AdmissionRequestOutcome.Refused(admissionId, StatusCodes.Status409Conflict, "AdmissionEnded", "Admission has ended", $"Admission '{admissionId}' is {instance.RuntimeStatus}: it can no longer be changed.");
        }

        var view = instance.SerializedCustomStatus is { } status ? JsonNode.Parse(status)?.AsObject() : null;
        if (change.Check?.Invoke(admissionId, view, clock.GetUtcNow()) is { } refused)
        {
            return refused;
        }

        // An Idempotency-Key lets a caller retry a change without applying it twice; the signal id
        // carries the change's fingerprint, so that the workflow, too, drops only a true repeat.
        var signalId = Guid.NewGuid().ToString("N");
        if (idempotencyKey is not null)
        {
            var fingerprint = IdempotencyKeys.Fingerprint(change.Route, change.Body);
            var (claim, boundRoute) = await keys.ClaimAsync(admissionId, idempotencyKey, change.Route, fingerprint, ct);
            if (claim == IdempotencyClaim.Mismatch)
            {
                return AdmissionRequestOutcome.Refused(
                    admissionId,
                    StatusCodes.Status422UnprocessableEntity,
                    "IdempotencyKeyReused",
                    "Idempotency-Key reused for another change",
                    $"Idempotency-Key '{idempotencyKey}' was used for another change of admission '{admissionId}'{(boundRoute is null ? "" : $" ({boundRoute})")} within the last 24 hours. "
                    + "A key names one change: send a new key for a new change, or the same route and body to retry.");
            }

            signalId = $"{idempotencyKey}#{fingerprint[..16]}";
        }

        await client.RaiseEventAsync(admissionId, AdmissionSignal.EventName, EventPayload.Of(change.Signal(signalId)), ct);
        return AdmissionRequestOutcome.Accepted(admissionId);
    }

    /// <summary>The admission <paramref name="id"/>, or null when there is none (or the id cannot name one).</summary>
    public static async Task<OrchestrationMetadata?> FindAsync(DurableTaskClient client, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);

        // An id no admission can have is not looked up: it might not even be a valid storage key.
        if (!AdmissionValidator.IsWellFormedId(id))
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(id, cancellation: ct);
        return instance?.Name == AdmissionOrchestrator.Name ? instance : null;
    }
}
