using System.ComponentModel.DataAnnotations;
using System.Globalization;
using PhoneNumber = HaH.Orchestration.Functions.Admissions.Planning.PhoneNumber;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// Escalation contacts and reminder timing (section <c>Escalation</c>): <c>NursePhone</c>,
/// <c>DoctorPhone</c>, <c>NurseHours</c> (<c>07:30-19:30</c>) and <c>ReminderLeadMinutes</c> (60).
/// Validated on start: a wrong phone would send every alarm nowhere.
/// </summary>
internal sealed class EscalationOptions : IValidatableObject
{
    public const string Section = "Escalation";

    /// <summary>The eHospital nurse's (eSygeplejerske) phone. Default: the sample number +4570000001.</summary>
    public string NursePhone { get; set; } = "+4570000001";

    /// <summary>The eHospital doctor's (eLæge) phone. Default: the sample number +4570000002.</summary>
    public string DoctorPhone { get; set; } = "+4570000002";

    /// <summary>Local hours the nurse takes level-1 escalations. Default 07:30-19:30.</summary>
    public string NurseHours { get; set; } = "07:30-19:30";

    /// <summary>Minutes before a dose the reminder SMS goes. Default 60.</summary>
    [Range(0, 24 * 60, ErrorMessage = "Escalation:ReminderLeadMinutes must be 0–1440 (minutes before a dose).")]
    public int ReminderLeadMinutes { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (setting, phone) in new[] { (nameof(NursePhone), NursePhone), (nameof(DoctorPhone), DoctorPhone) })
        {
            if (!PhoneNumber.IsValid(phone ?? ""))
            {
                yield return new ValidationResult($"{Section}:{setting} '{phone}' is not a phone number in E.164 (e.g. +4570000001).", [setting]);
            }
        }

        if (ParseNurseHours() is null)
        {
            yield return new ValidationResult($"{Section}:NurseHours '{NurseHours}' must look like 07:30-19:30 (from before to).", [nameof(NurseHours)]);
        }
    }

    /// <summary>The settings a running admission uses (the options are validated on start).</summary>
    public AdmissionSettings ToSettings()
    {
        var (from, to) = ParseNurseHours()
            ?? throw new InvalidOperationException($"{Section}:NurseHours '{NurseHours}' must look like 07:30-19:30 (from before to).");
        return new AdmissionSettings(NursePhone, DoctorPhone, from, to, TimeSpan.FromMinutes(ReminderLeadMinutes));
    }

    private (TimeOnly From, TimeOnly To)? ParseNurseHours()
    {
        var parts = (NurseHours ?? "").Split('-', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            && to > from
                ? (from, to)
                : null;
    }
}
