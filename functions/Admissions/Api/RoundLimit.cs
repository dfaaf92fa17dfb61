using System.Globalization;
using System.Text.Json.Nodes;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// At most <see cref="AdmissionEngine.RoundsPerDay"/> ward rounds are recorded per Danish calendar
/// day. The route refuses more with a 409 from the admission's view; the workflow drops what gets
/// past that (requests faster than its steps), so the state stays bounded either way.
/// </summary>
internal static class RoundLimit
{
    public const int PerDay = AdmissionEngine.RoundsPerDay;

    public static ProblemHttpResult? Check(JsonObject? view, DateTimeOffset at)
    {
        var day = DanishTime.DateOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recorded = view?["rounds"]?["byDay"]?[day]?.GetValue<int>() ?? 0;
        return recorded < PerDay
            ? null
            : TypedResults.Problem(
                $"{recorded} rounds are already recorded for {day}; at most {PerDay} a day are kept. Nothing was recorded.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Too many rounds for one day");
    }
}
