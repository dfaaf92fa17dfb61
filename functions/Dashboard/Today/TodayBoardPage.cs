using Microsoft.DurableTask.Client;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Shared;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace HaH.Orchestration.Functions.Dashboard.Today;

/// <summary>
/// The today board for the eHospital nurse (<c>GET /today</c>, Danish): every visit due today
/// across the running admissions, what needs a person first. The page refreshes its board by itself
/// (<c>GET /today/board</c>, an HTML fragment with an ETag, polled every
/// <see cref="DashboardOptions.BoardRefreshSeconds"/> by the dashboard's script), and an alarm is
/// acknowledged from it (<c>POST /today/acknowledge</c>), recorded in the admission's history with
/// the signed-in key's name. Open to the <c>ehospital</c> and <c>admin</c> roles.
/// </summary>
internal static partial class TodayBoardPage
{
    public const string Path = "/today";
    public const string FragmentPath = Path + "/board";
    public const string AcknowledgePath = Path + "/acknowledge";

    public static void Map(RouteGroupBuilder board)
    {
        board.MapGet(Path, GetAsync);
        board.MapGet(FragmentPath, GetFragmentAsync);
        board.MapPost(AcknowledgePath, AcknowledgeAsync);
    }

    public static async Task<IResult> GetAsync(HttpContext http, RunningAdmissionViews views, TimeProvider clock, string? kvitteret, CancellationToken ct)
    {
        var read = await views.GetAsync(ct);
        var now = clock.GetUtcNow();
        var body = Html.Of($"""
            <h1>Dagens besøg</h1>
            {(kvitteret is null ? Html.Empty : DashboardLayout.Notice("ok", "Alarmen er kvitteret. Tavlen viser det, når forløbet har registreret det (inden for et minut)."))}
            <div id="today-board" aria-live="polite" data-refresh-url="{FragmentPath}" data-refresh-seconds="{(int)views.RefreshInterval.TotalSeconds}">
              {TodayBoardHtml.Render(http, TodayBoard.From(read.Admissions, now), now)}
            </div>
            <p class="muted" id="board-refresh-state">Tavlen opdaterer sig selv hvert {(int)views.RefreshInterval.TotalSeconds}. sekund.</p>
            """);
        return DashboardLayout.Page(http, "I dag", body, language: "da");
    }

    /// <summary>The board alone, for the page's script; 304 when nothing the board shows has changed.</summary>
    public static async Task<IResult> GetFragmentAsync(HttpContext http, RunningAdmissionViews views, TimeProvider clock, CancellationToken ct)
    {
        var read = await views.GetAsync(ct);
        var now = clock.GetUtcNow();
        // "Late" and "today" move with the clock: the minute is part of what the board shows.
        var tag = new EntityTagHeaderValue($"\"{read.Version}-{now.ToUnixTimeSeconds() / 60}-{http.User.Identity?.Name}\"");
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ETag = tag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(candidate => candidate.Compare(tag, useStrongComparison: true)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return DashboardLayout.Fragment(TodayBoardHtml.Render(http, TodayBoard.From(read.Admissions, now), now));
    }

    public static async Task<IResult> AcknowledgeAsync(HttpContext http, DurableTaskClient client, RunningAdmissionViews views, IAntiforgery antiforgery, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refused(http, "Formularen var for gammel eller kom et andet sted fra. Intet er ændret; prøv igen fra tavlen.", StatusCodes.Status400BadRequest);
        }

        var admissionId = form["admission"].ToString();
        var alarm = form["alarm"].ToString();
        if (!AlarmId().IsMatch(alarm) || string.IsNullOrEmpty(admissionId) || admissionId.Length > 200)
        {
            return Refused(http, "Alarmen findes ikke. Intet er ændret.", StatusCodes.Status400BadRequest);
        }

        if (await client.GetInstanceAsync(admissionId, cancellation: ct) is not { Name: AdmissionOrchestrator.Name, IsCompleted: false })
        {
            return Refused(http, "Indlæggelsen findes ikke eller er afsluttet. Intet er ændret.", StatusCodes.Status404NotFound);
        }

        var requester = DashboardLayout.Requester(http.User);
        await client.ActingAs(requester).RaiseEventAsync(
            admissionId, AdmissionSignal.EventName, EventPayload.Of<AdmissionSignal>(new AcknowledgeAlarm($"dashboard-{Guid.NewGuid():N}", alarm, requester)), ct);
        views.Invalidate();
        return DashboardLayout.SeeOther($"{Path}?kvitteret={Uri.EscapeDataString(alarm)}");
    }

    private static IResult Refused(HttpContext http, string text, int statusCode) => DashboardLayout.Page(
        http, "I dag", Html.Of($"""{DashboardLayout.Notice("error", text)}<p><a href="{Path}">Tilbage til tavlen</a></p>"""), statusCode, language: "da");

    // The alarm of a visit (v3) or a medicine order (m1).
    [GeneratedRegex("^[vm][0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlarmId();
}
