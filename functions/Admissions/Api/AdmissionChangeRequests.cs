namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary><c>POST /api/admissions/{id}/plan</c>: what changes from the next visit.</summary>
internal sealed record PlanChangeRequest(int? TimesPerDay, string? Dose, string? Drug, string? EndDate);

/// <summary><c>pause</c>, <c>resume</c>, <c>discharge</c>: an optional reason.</summary>
internal sealed record ReasonRequest(string? Reason);

/// <summary><c>medication-delivered</c>: when, and how many days it covers.</summary>
internal sealed record DeliveryRequest(string? DeliveredAt, int? Days);

/// <summary><c>rounds</c>: the daily virtual ward round.</summary>
internal sealed record RoundRequest(string? At, string? Note);
