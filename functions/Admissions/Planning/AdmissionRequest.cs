namespace HaH.Orchestration.Functions.Admissions.Planning;

// The start body of POST /api/admissions (design/api.md), kept together in one file because
// together they are one JSON document. Every property is nullable so that a missing field reaches
// the validator and is reported by name instead of failing deserialisation; camelCase comes from
// the web defaults of System.Text.Json. Instants and dates are strings so that the validator can
// insist on an explicit offset (the serializer would silently assume the server's zone).

/// <summary>The body that starts a home admission.</summary>
internal sealed record AdmissionRequest
{
    /// <summary>The admission id, also the orchestration instance id: 1–64 of A–Z, a–z, 0–9, '-', '_'.</summary>
    public string? AdmissionId { get; init; }

    public PatientRequest? Patient { get; init; }

    public GpRequest? Gp { get; init; }

    /// <summary>What is treated, e.g. "Pneumoni".</summary>
    public string? Condition { get; init; }

    /// <summary>The eHospital doctor (eLæge) who holds the treatment responsibility.</summary>
    public string? ResponsibleDoctor { get; init; }

    public TreatmentRequest? Treatment { get; init; }

    public CareTeamRequest? CareTeam { get; init; }
}

/// <summary>The patient. CPR number and name stay inside the plan; texts use the initials.</summary>
internal sealed record PatientRequest
{
    /// <summary>10 digits, optionally with a hyphen after the sixth (DDMMYY-SSSS).</summary>
    public string? Cpr { get; init; }

    public string? Name { get; init; }

    /// <summary>Optional: E.164, e.g. "+4520000001". Used to tell the patient of the discharge.</summary>
    public string? Phone { get; init; }

    public string? Address { get; init; }

    public string? Municipality { get; init; }
}

/// <summary>The patient's own GP, who receives the discharge letter.</summary>
internal sealed record GpRequest
{
    public string? Name { get; init; }

    /// <summary>The EAN location number: 13 digits with a valid GS1 check digit.</summary>
    public string? EanNumber { get; init; }

    /// <summary>The SOR code: 1–16 digits.</summary>
    public string? SorCode { get; init; }

    /// <summary>Optional: E.164.</summary>
    public string? Phone { get; init; }
}

/// <summary>The IV treatment.</summary>
internal sealed record TreatmentRequest
{
    public string? Drug { get; init; }

    public string? Dose { get; init; }

    /// <summary>Must be "IV".</summary>
    public string? Route { get; init; }

    /// <summary>PVK, CVK, Midline, PICC or Port (any case).</summary>
    public string? AccessType { get; init; }

    /// <summary>1–4.</summary>
    public int? TimesPerDay { get; init; }

    /// <summary>ISO 8601 with an offset, e.g. "2026-03-28T14:00:00+01:00".</summary>
    public string? FirstDoseAt { get; init; }

    /// <summary>1–90 days; exactly one of this and <see cref="EndDate"/>.</summary>
    public int? DurationDays { get; init; }

    /// <summary>The last day of treatment, "yyyy-MM-dd" (Danish local date).</summary>
    public string? EndDate { get; init; }

    /// <summary>Days of medicine the ward sends along. Default 7.</summary>
    public int? SuppliedDays { get; init; }

    /// <summary>"interval" (default) or "clock".</summary>
    public string? Schedule { get; init; }

    /// <summary>With schedule "clock": one "HH:mm" local time per dose of the day.</summary>
    public IReadOnlyList<string?>? ClockTimes { get; init; }
}

/// <summary>Who gives the visits.</summary>
internal sealed record CareTeamRequest
{
    /// <summary>The municipal home nursing group: visits after the first.</summary>
    public ContactRequest? HomeNursing { get; init; }

    /// <summary>The region's mobile unit (MBE): always the first visit.</summary>
    public ContactRequest? MobileUnit { get; init; }
}

/// <summary>A team with a name and a phone that receives SMS.</summary>
internal sealed record ContactRequest
{
    public string? Name { get; init; }

    public string? Phone { get; init; }
}
