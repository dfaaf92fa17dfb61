using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>One visit's dose and what became of it.</summary>
/// <param name="Number">The visit number, from 1.</param>
/// <param name="DueAt">When the dose was due.</param>
/// <param name="Outcome">What the record says happened.</param>
/// <param name="ConfirmedAt">When the nurse confirmed (on time or late) or answered NEJ.</param>
/// <param name="NotGivenReason">The nurse's reason with NEJ.</param>
internal sealed record DoseRecord(
    int Number,
    DateTimeOffset DueAt,
    DoseOutcome Outcome,
    DateTimeOffset? ConfirmedAt = null,
    string? NotGivenReason = null);

/// <summary>
/// A dose's outcome in the letter. Visit states map as: confirmed → <see cref="OnTime"/>,
/// confirmedLate → <see cref="Late"/>, notGiven → <see cref="NotGiven"/>, missed and unresolved →
/// <see cref="Missed"/> (no one confirmed the dose; whether its escalation was acknowledged is the
/// escalation's outcome), cancelled → <see cref="Cancelled"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DoseOutcome>))]
internal enum DoseOutcome
{
    /// <summary>Confirmed given inside the window.</summary>
    OnTime,

    /// <summary>Confirmed given after the window closed.</summary>
    Late,

    /// <summary>The nurse answered NEJ.</summary>
    NotGiven,

    /// <summary>Never confirmed: not documented as given.</summary>
    Missed,

    /// <summary>Not due after all: paused, or discharged before it.</summary>
    Cancelled,
}
