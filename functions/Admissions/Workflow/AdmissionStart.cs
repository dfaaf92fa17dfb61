using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>The state an admission starts in.</summary>
internal static class AdmissionStart
{
    public static AdmissionState From(AdmissionPlan plan, AdmissionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var dosing = plan.Treatment.ToDosing();
        var first = DosingSchedule.DueTimes(dosing, plan.Treatment.FirstDoseAt, dosing.EndsAt);
        return new AdmissionState
        {
            Plan = plan,
            Dosing = dosing,
            Drug = plan.Treatment.Drug,
            Dose = plan.Treatment.Dose,
            NextDueAt = first.Count > 0 ? first[0] : null,
            // The ward sends this many days of medicine with the patient, counted from the first dose.
            SuppliedUntil = plan.Treatment.FirstDoseAt + TimeSpan.FromDays(plan.Treatment.SuppliedDays),
            Settings = settings,
        };
    }
}
