using System.Text.Json.Nodes;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// One change of a running admission, as <see cref="AdmissionChanges"/> reads it from a route's body:
/// the route's name and body (what an Idempotency-Key is bound to), the body's problems, the signal
/// it sends once accepted, and a check against the admission's current view (the round limit).
/// </summary>
/// <param name="Route">The change's name, as in the HTTP route: <c>plan</c>, <c>pause</c>, <c>resume</c>, <c>discharge</c>, <c>medication-delivered</c>, <c>rounds</c>.</param>
/// <param name="Body">The body as bound; its fingerprint decides whether a repeated key is a retry.</param>
/// <param name="Problems">Every bad field; the caller may add its own (a malformed key) before handing it on.</param>
/// <param name="Signal">The signal for the workflow, given the signal's id.</param>
/// <param name="Check">A refusal from the admission's view and the current time, or null to go ahead.</param>
internal sealed record AdmissionChange(
    string Route,
    object? Body,
    Dictionary<string, string[]> Problems,
    Func<string, AdmissionSignal> Signal,
    Func<string, JsonObject?, DateTimeOffset, AdmissionRequestOutcome?>? Check = null);
