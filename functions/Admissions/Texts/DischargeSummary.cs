using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>
/// What happened during one home admission: the orchestration fills it at discharge, it is the
/// orchestration's output, and <see cref="DischargeLetter"/> turns it into the letter to the GP.
/// It holds the patient's name and CPR number (the letter needs them), so it is never logged.
/// </summary>
internal sealed record DischargeSummary
{
    public required string AdmissionId { get; init; }

    public required string PatientName { get; init; }

    /// <summary>10 digits.</summary>
    public required string PatientCpr { get; init; }

    /// <summary>The GP the letter is for.</summary>
    public required string GpName { get; init; }

    public required string Condition { get; init; }

    public required string ResponsibleDoctor { get; init; }

    /// <summary>The treatment as the admission started; <see cref="PlanChanges"/> say what changed.</summary>
    public required TreatmentSummary Treatment { get; init; }

    /// <summary>When the admission started (the first dose).</summary>
    public required DateTimeOffset AdmittedAt { get; init; }

    public required DateTimeOffset DischargedAt { get; init; }

    public required DischargeKind Kind { get; init; }

    /// <summary>Why the patient was discharged early, when given.</summary>
    public string? DischargeReason { get; init; }

    /// <summary>Every visit, in any order; the letter sorts by due time.</summary>
    public IReadOnlyList<DoseRecord> Doses { get; init; } = [];

    public IReadOnlyList<EscalationRecord> Escalations { get; init; } = [];

    /// <summary>Days of medicine the ward sent along.</summary>
    public int SuppliedDays { get; init; }

    public IReadOnlyList<MedicineDelivery> Deliveries { get; init; } = [];

    public IReadOnlyList<PlanChange> PlanChanges { get; init; } = [];

    public IReadOnlyList<PauseRecord> Pauses { get; init; } = [];

    /// <summary>Daily virtual ward rounds recorded.</summary>
    public int WardRounds { get; init; }
}

/// <summary>The treatment as prescribed.</summary>
internal sealed record TreatmentSummary(string Drug, string Dose, string Route, string AccessType, int TimesPerDay);

/// <summary>How the admission ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DischargeKind>))]
internal enum DischargeKind
{
    /// <summary>After the last planned visit.</summary>
    Completed,

    /// <summary>On a "discharge now" event, before the planned end.</summary>
    Early,
}
