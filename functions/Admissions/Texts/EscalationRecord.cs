using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>One escalation, from its first level to how it ended.</summary>
/// <param name="At">When level 1 went out.</param>
/// <param name="Reason">Why.</param>
/// <param name="HighestLevel">1 or 2: the last level sent.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ClosedAt">When it was acknowledged or resolved; null when unresolved.</param>
/// <param name="DoseDueAt">The dose it was about (or when medicine runs out), if any.</param>
internal sealed record EscalationRecord(
    DateTimeOffset At,
    EscalationReasonKind Reason,
    int HighestLevel,
    EscalationOutcome Outcome,
    DateTimeOffset? ClosedAt = null,
    DateTimeOffset? DoseDueAt = null);

/// <summary>How an escalation ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EscalationOutcome>))]
internal enum EscalationOutcome
{
    /// <summary>Someone escalated to answered OK.</summary>
    Acknowledged,

    /// <summary>The nurse's late confirmation closed it.</summary>
    ResolvedByConfirmation,

    /// <summary>No one acknowledged it after the last level: shown as an open alert.</summary>
    Unresolved,
}
