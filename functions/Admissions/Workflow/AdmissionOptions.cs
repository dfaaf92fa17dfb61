using System.Globalization;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// Escalation contacts and reminder timing (section <c>Escalation</c>): <c>NursePhone</c>,
/// <c>DoctorPhone</c>, <c>NurseHours</c> (<c>07:30-19:30</c>) and <c>ReminderLeadMinutes</c> (60).
/// </summary>
internal sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>The eHospital nurse's (eSygeplejerske) phone. Default: the sample number +4570000001.</summary>
    public string NursePhone { get; set; } = "+4570000001";

    /// <summary>The eHospital doctor's (eLæge) phone. Default: the sample number +4570000002.</summary>
    public string DoctorPhone { get; set; } = "+4570000002";

    /// <summary>Local hours the nurse takes level-1 escalations. Default 07:30-19:30.</summary>
    public string NurseHours { get; set; } = "07:30-19:30";

    /// <summary>Minutes before a dose the reminder SMS goes. Default 60.</summary>
    public int ReminderLeadMinutes { get; set; } = 60;

    /// <summary>The settings a running admission uses; throws naming the bad setting.</summary>
    public AdmissionSettings ToSettings()
    {
        var parts = NurseHours.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || to <= from)
        {
            throw new InvalidOperationException($"Escalation:NurseHours '{NurseHours}' must look like 07:30-19:30 (from before to).");
        }

        if (ReminderLeadMinutes is < 0 or > 24 * 60)
        {
            throw new InvalidOperationException($"Escalation:ReminderLeadMinutes {ReminderLeadMinutes} must be 0–1440.");
        }

        return new AdmissionSettings(NursePhone, DoctorPhone, from, to, TimeSpan.FromMinutes(ReminderLeadMinutes));
    }
}
