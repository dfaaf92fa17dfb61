namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Where a visit stands (api.md's visit states, camelCase in JSON).</summary>
internal enum VisitState
{
    /// <summary>Planned; no reminder sent yet.</summary>
    Scheduled,

    /// <summary>The assignee has the reminder; no answer yet.</summary>
    Reminded,

    /// <summary>Given, confirmed inside the window.</summary>
    Confirmed,

    /// <summary>Given, confirmed after the window closed.</summary>
    ConfirmedLate,

    /// <summary>The assignee answered NEJ: not given.</summary>
    NotGiven,

    /// <summary>Never confirmed; the escalation was acknowledged by the eHospital.</summary>
    Missed,

    /// <summary>Never confirmed and nobody acknowledged the escalation: an open alert.</summary>
    Unresolved,

    /// <summary>Not to be given (paused or discharged before it).</summary>
    Cancelled,
}

/// <summary>Who is texted: the escalation roles and the visit assignees (api.md's roles).</summary>
internal enum CareRole
{
    /// <summary>The eHospital nurse (eSygeplejerske), by day.</summary>
    ENurse,

    /// <summary>The eHospital doctor (eLæge), at night and as second level.</summary>
    EDoctor,

    /// <summary>The region's mobile unit (MBE), always visit 1.</summary>
    MobileUnit,

    /// <summary>The municipal home nursing group, later visits.</summary>
    HomeNursing,
}

/// <summary>The admission's phase (api.md).</summary>
internal enum AdmissionPhase
{
    /// <summary>Visits run.</summary>
    Treatment,

    /// <summary>Readmitted to a ward: no visits.</summary>
    Paused,

    /// <summary>Writing the letter and closing.</summary>
    Discharging,

    /// <summary>Done.</summary>
    Discharged,
}
