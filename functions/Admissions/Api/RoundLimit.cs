using System.Globalization;
using System.Text.Json.Nodes;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// At most <see cref="AdmissionEngine.RoundsPerDay"/> ward rounds are recorded per Danish calendar
/// day. A request for more is refused (409) from the admission's view; the workflow drops what gets
/// past that (requests faster than its steps), so the state stays bounded either way.
/// </summary>
internal static class RoundLimit
{
    public const int PerDay = AdmissionEngine.RoundsPerDay;

    public static AdmissionRequestOutcome? Check(string admissionId, JsonObject? view, DateTimeOffset at)
    {
        var day = DanishTime.DateOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recorded = view?["rounds"]?["byDay"]?[day]?.GetValue<int>() ?? 0;
        return recorded < PerDay
            ? null
            : AdmissionRequestOutcome.Refused(
                admissionId,
                StatusCodes.Status409Conflict,
                "TooManyRounds",
                "Too many rounds for one day",
                $"{recorded} rounds are already recorded for {day}; at most {PerDay} a day are kept. Nothing was recorded.");
    }
}
