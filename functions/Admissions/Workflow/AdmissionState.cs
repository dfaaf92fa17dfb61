using System.Text.Json.Serialization;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// Everything the admission workflow knows, carried from generation to generation as the
/// orchestration's input (ContinueAsNew): the plan as admitted, what changed since, every visit,
/// the medicine, and the discharge. The read model is derived from it.
/// </summary>
internal sealed class AdmissionState
{
    /// <summary>How many signal ids are remembered to drop repeated deliveries.</summary>
    public const int RecentSignalLimit = 200;

    public required AdmissionPlan Plan { get; init; }

    public AdmissionPhase Phase { get; set; } = AdmissionPhase.Treatment;

    /// <summary>The dosing as it stands now (plan changes replace it).</summary>
    public required DosingParameters Dosing { get; set; }

    public required string Drug { get; set; }

    public required string Dose { get; set; }

    /// <summary>The due time of the next visit not yet created; null when no more visits come.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>Every visit: those reminded so far and those planned up to <see cref="PlannedUntil"/>, in the order they were planned.</summary>
    public List<Visit> Visits { get; init; } = [];

    /// <summary>Until when visits are planned ahead; null when none are to come (paused, discharging, no doses left).</summary>
    public DateTimeOffset? PlannedUntil { get; set; }

    /// <summary>Until when the medicine in the home lasts.</summary>
    public required DateTimeOffset SuppliedUntil { get; set; }

    public List<MedicineOrder> Orders { get; init; } = [];

    public List<RoundRecord> Rounds { get; init; } = [];

    public List<PlanChange> PlanChanges { get; init; } = [];

    public List<PauseRecord> Pauses { get; init; } = [];

    public DateTimeOffset? DischargedAt { get; set; }

    public string? DischargeReason { get; set; }

    public DateTimeOffset? LetterSentAt { get; set; }

    public List<string> RecentSignalIds { get; init; } = [];

    /// <summary>The phone lines texted, by number: their instance ids, pseudonyms the admission learns from <c>EnsurePhoneLineActivity</c>.</summary>
    public Dictionary<string, string> PhoneLines { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Messages to other systems that could not be delivered after every retry: open alerts for manual handling.</summary>
    public List<PublishFailure> PublishFailures { get; init; } = [];

    /// <summary>Escalation contacts and reminder lead, read from settings at the start of each generation.</summary>
    public required AdmissionSettings Settings { get; set; }

    [JsonIgnore]
    public string AdmissionId => Plan.AdmissionId;

    /// <summary>Remembers a signal id; false when it was seen before (a repeated delivery).</summary>
    public bool RememberSignal(string id)
    {
        if (RecentSignalIds.Contains(id))
        {
            return false;
        }

        RecentSignalIds.Add(id);
        if (RecentSignalIds.Count > RecentSignalLimit)
        {
            RecentSignalIds.RemoveAt(0);
        }

        return true;
    }
}

/// <summary>A medicine order or discharge letter the integration channel refused after every retry, or that was rejected before sending.</summary>
internal sealed record PublishFailure(string MessageId, string Type, DateTimeOffset At)
{
    /// <summary>Why it was rejected (e.g. the letter's validation problems, without patient data); null after failed retries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
}

/// <summary>A virtual ward round.</summary>
internal sealed record RoundRecord(DateTimeOffset At, string? Note);

/// <summary>
/// The settings a running admission follows: who is escalated to (the eHospital nurse's and
/// doctor's phones, the nurse's local hours, 07:30–19:30 by default; outside them the doctor
/// takes level 1) and how long before a dose the reminder goes (60 minutes by default).
/// </summary>
internal sealed record AdmissionSettings(string NursePhone, string DoctorPhone, TimeOnly NurseFrom, TimeOnly NurseTo, TimeSpan ReminderLead);
