using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>Why something was escalated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EscalationReasonKind>))]
internal enum EscalationReasonKind
{
    /// <summary>The dose's window closed without a confirmation.</summary>
    NotConfirmed,

    /// <summary>The nurse answered NEJ: the dose was not given.</summary>
    NotGiven,

    /// <summary>No medicine delivery 12 hours before the supply runs out.</summary>
    MedicineNotDelivered,
}
