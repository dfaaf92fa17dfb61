using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Golden;

/// <summary>
/// The scripted admissions whose histories are checked in. Between them they take every path of
/// the orchestration: reminders, on-time, late and NEJ answers, escalations acknowledged and left
/// unresolved, the reorder and its delivery, the round, a plan change, pause and resume, early and
/// planned discharge, and continue-as-new.
/// </summary>
internal static class AdmissionGoldenScenarios
{
    public static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(1));

    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    public static IReadOnlyList<(string Name, string Description, Func<IServiceProvider, AdmissionScenario> Script)> All { get; } =
    [
        ("course-late-notgiven-reorder", "4 days at 2 a day with 3 days of medicine: visit 3 confirmed 70 minutes late, visit 4 answered NEJ, every alarm acknowledged after 10 minutes, a round on day 2, the reorder delivered on day 3, discharge at the planned end.", Course),
        ("changes-unresolved-early-discharge", "3 days at 2 a day: visit 1 never answered (escalated to unresolved), 3 a day from the morning of day 2, paused that evening and resumed the next morning, discharged early that afternoon.", Changes),
    ];

    private static AdmissionScenario Course(IServiceProvider services) =>
        new AdmissionScenario(services, EngineHarness.Plan(timesPerDay: 2, firstDose: FirstDose, days: 4, suppliedDays: 3) with { AdmissionId = "golden-course" })
        {
            Nurse = n => n switch
            {
                3 => (TimeSpan.FromMinutes(130), "OK {code}"),
                4 => (TimeSpan.FromMinutes(70), "NEJ {code} kanyle stoppet"),
                _ => (TimeSpan.FromMinutes(65), "OK {code}"),
            },
            EHospital = _ => (TimeSpan.FromMinutes(10), "OK {code}"),
        }
        .SignalAt(FirstDose.AddHours(21), new RoundRecorded("round-1", null, "Stabil, afebril"))
        .SignalAt(FirstDose.AddHours(46), new MedicationDelivered("delivery-1", null, null));

    private static AdmissionScenario Changes(IServiceProvider services) =>
        new AdmissionScenario(services, EngineHarness.Plan(timesPerDay: 2, firstDose: FirstDose, days: 3) with { AdmissionId = "golden-changes" })
        {
            Nurse = n => n == 1 ? null : (TimeSpan.FromMinutes(65), "OK {code}"),
        }
        .SignalAt(FirstDose.AddHours(18), new ChangePlan("change-1", 3, null, null, null))
        .SignalAt(FirstDose.AddHours(30), new PauseAdmission("pause-1", "Genindlagt til observation"))
        .SignalAt(FirstDose.AddHours(42), new ResumeAdmission("resume-1", null))
        .SignalAt(FirstDose.AddHours(48), new DischargeNow("discharge-1", "Klinisk rask"));
}
