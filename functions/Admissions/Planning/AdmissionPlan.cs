namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// A validated, normalised admission: the orchestration's input. It holds the patient's CPR number
/// and name because the discharge letter needs them; nothing shown to a person or written to a log
/// may take them from here — texts use <see cref="PatientInitials"/>.
/// </summary>
internal sealed record AdmissionPlan(
    string AdmissionId,
    PatientDetails Patient,
    GpDetails Gp,
    string Condition,
    string ResponsibleDoctor,
    TreatmentPlan Treatment,
    CareTeam CareTeam)
{
    /// <summary>The patient's initials, e.g. "KJ" — what SMS and views show instead of the name.</summary>
    public string PatientInitials => Initials.Of(Patient.Name);
}

/// <summary>The patient. <see cref="Cpr"/> is the 10 digits without hyphen.</summary>
internal sealed record PatientDetails(string Cpr, string Name, string? Phone, string Address, string Municipality);

/// <summary>The patient's GP, addressed by EAN location number and SOR code.</summary>
internal sealed record GpDetails(string Name, string EanNumber, string SorCode, string? Phone);

/// <summary>The two teams that give visits.</summary>
internal sealed record CareTeam(CareContact HomeNursing, CareContact MobileUnit);

/// <summary>A team's name and E.164 phone.</summary>
internal sealed record CareContact(string Name, string Phone);
