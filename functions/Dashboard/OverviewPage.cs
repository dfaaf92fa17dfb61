using HaH.Orchestration.Functions.Admissions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Azure;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Quality;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// <c>GET /</c>: admissions by runtime status and by phase, and a page of admissions (search by id
/// prefix, filter by status, paging by the instance index's continuation token). A search that no
/// admission id can start with, or a page link this page did not give, is a 400 that says so.
/// </summary>
internal static class OverviewPage
{
    public const int PageSize = 25;

    // Counting reads the index (and, for the phase, each unfinished admission's state): bounded,
    // so that a task hub with years of admissions still answers; the page says when it stopped.
    private const int MaxCounted = 5000;

    private static readonly OrchestrationRuntimeStatus[] Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    // The index's continuation tokens are base64url and short; a page link longer than this was not made here.
    private const int MaxPageLinkLength = 1024;

    public static async Task<IResult> GetAsync(HttpContext http, DurableTaskClient client, QualityReport quality, string? search, string? status, string? after, string? purged, CancellationToken ct)
    {
        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        after = string.IsNullOrEmpty(after) ? null : after;
        OrchestrationRuntimeStatus? statusFilter = Enum.TryParse<OrchestrationRuntimeStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _) ? parsed : null;
        if (Refuse(search, after) is { } reason)
        {
            return BadQuery(http, reason);
        }

        Microsoft.DurableTask.Page<OrchestrationMetadata> page;
        try
        {
            page = await AdmissionInstances.PageAsync(
                client,
                new OrchestrationQuery
                {
                    InstanceIdPrefix = search,
                    Statuses = statusFilter is { } only ? [only] : null,
                    PageSize = PageSize,
                    ContinuationToken = after,
                    FetchInputsAndOutputs = true,
                },
                ct);
        }
        catch (Exception e) when (after is not null && e is ArgumentException or RequestFailedException { Status: StatusCodes.Status400BadRequest })
        {
            // The index could not read the token: not one it gave out.
            return BadQuery(http, BadPageLink);
        }

        var counts = await CountAsync(client, ct);
        var figures = await quality.GetAsync(client, ct: ct);

        var body = Html.Of($"""
            <h1>Admissions</h1>
            {Html.When(purged is not null, DashboardLayout.Notice("ok", $"Admission {purged} and its history were purged."))}
            <section class="counts" aria-label="Admissions by status">
              <div class="count-group">
                <h2>By runtime status</h2>
                <ul class="count-list" id="status-counts">{Html.Join(counts.ByStatus.Select(pair => Html.Of($"""<li><a class="status status-{pair.Key.ToString().ToLowerInvariant()}" href="/?status={pair.Key}"><span class="label">{pair.Key}</span> <span class="n">{pair.Value}</span></a></li>""")))}</ul>
                <p class="total">{counts.Total} admissions{(counts.Capped ? $" (counted the first {MaxCounted})" : "")}</p>
              </div>
              <div class="count-group">
                <h2>Unfinished admissions by phase</h2>
                <ul class="count-list" id="phase-counts">{Html.Join(counts.ByPhase.Select(pair => Html.Of($"""<li><span class="phase phase-{pair.Key.ToLowerInvariant()}"><span class="label">{pair.Key}</span> <span class="n">{pair.Value}</span></span></li>""")))}</ul>
              </div>
            </section>
            <section id="quality" class="quality" aria-label="Quality figures">{QualityPanel.Render(figures)}</section>
            <section aria-label="Admissions">
              <form class="search" method="get" action="/" role="search">
                <label for="search">Admission id starts with</label>
                <input id="search" name="search" value="{search}" placeholder="ADM-2026-">
                <label for="status">Status</label>
                <select id="status" name="status">
                  <option value="">any</option>
                  {Html.Join(Enum.GetValues<OrchestrationRuntimeStatus>().Select(s => Html.Of($"""<option{(s == statusFilter ? " selected" : "")}>{s}</option>""")))}
                </select>
                <button type="submit">Search</button>
                {Html.When(search is not null || statusFilter is not null, Html.Raw("""<a href="/">Clear</a>"""))}
              </form>
              {Table(page.Values)}
              <nav class="paging">
                {Html.When(!string.IsNullOrEmpty(after), Html.Of($"""<a href="{Link(search, statusFilter, null)}">First page</a>"""))}
                {(page.ContinuationToken is { } next ? Html.Of($"""<a rel="next" href="{Link(search, statusFilter, next)}">Next page</a>""") : Html.Empty)}
              </nav>
            </section>
            """);
        return DashboardLayout.Page(http, "Admissions", body);
    }

    private const string BadPageLink = "That page link was not given by this page (or has been cut short). Start again from the first page.";

    /// <summary>Why the query cannot be answered, or null when it can.</summary>
    private static string? Refuse(string? search, string? after)
    {
        if (search is { Length: > AdmissionValidator.MaxAdmissionIdLength })
        {
            return $"An admission id has at most {AdmissionValidator.MaxAdmissionIdLength} characters; the search had {search.Length}.";
        }

        if (search is not null && !AdmissionValidator.IsWellFormedId(search))
        {
            return "An admission id has only the characters A–Z, a–z, 0–9, '-' and '_'; search for the start of one.";
        }

        return after is { Length: > MaxPageLinkLength } || (after is not null && !after.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? BadPageLink
            : null;
    }

    private static IResult BadQuery(HttpContext http, string reason) => DashboardLayout.Page(
        http,
        "Admissions",
        Html.Of($"""
            <h1>Admissions</h1>
            {DashboardLayout.Notice("error", reason)}
            <p><a href="/">All admissions</a></p>
            """),
        StatusCodes.Status400BadRequest);

    private static Html Table(IReadOnlyList<OrchestrationMetadata> instances)
    {
        if (instances.Count == 0)
        {
            return Html.Raw("""<p class="empty">No admission matches.</p>""");
        }

        var rows = instances.OrderBy(instance => instance.InstanceId, StringComparer.Ordinal).Select(instance =>
        {
            var view = AdmissionPage.ViewOf(instance);
            var confirmed = view?.Visits.Count(v => v.State is "confirmed" or "confirmedLate") ?? 0;
            // Out of the visits that fell due (reminded or later), not those planned or called off.
            var due = view?.Visits.Count(v => v.State is not ("scheduled" or "cancelled")) ?? 0;
            return Html.Of($"""
                <tr data-admission="{instance.InstanceId}">
                  <td><a href="{AdmissionPage.Link(instance.InstanceId)}">{instance.InstanceId}</a></td>
                  <td>{view?.Patient.Initials}</td>
                  <td>{view?.Patient.Municipality}</td>
                  <td>{(view is null ? "" : $"{view.Treatment.Drug} {view.Treatment.Dose} × {view.Treatment.TimesPerDay}/day")}</td>
                  <td><span class="phase phase-{(view?.Phase ?? "").ToLowerInvariant()}">{view?.Phase}</span></td>
                  <td><span class="status status-{instance.RuntimeStatus.ToString().ToLowerInvariant()}">{instance.RuntimeStatus}</span></td>
                  <td class="num">{confirmed} / {due}</td>
                  <td class="num{((view?.OpenAlerts.Count ?? 0) > 0 ? " alert" : "")}">{view?.OpenAlerts.Count ?? 0}</td>
                  <td>{DashboardLayout.LocalText(instance.LastUpdatedAt)}</td>
                </tr>
                """);
        });
        return Html.Of($"""
            <table class="admissions">
              <thead><tr><th>Admission</th><th>Patient</th><th>Municipality</th><th>Treatment</th><th>Phase</th><th>Status</th><th>Visits confirmed</th><th>Open alerts</th><th>Last updated</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """);
    }

    private static string Link(string? search, OrchestrationRuntimeStatus? status, string? after)
    {
        var query = new List<string>();
        if (search is not null)
        {
            query.Add("search=" + Uri.EscapeDataString(search));
        }

        if (status is { } s)
        {
            query.Add("status=" + s);
        }

        if (after is not null)
        {
            query.Add("after=" + Uri.EscapeDataString(after));
        }

        return "/" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private static async Task<Counts> CountAsync(DurableTaskClient client, CancellationToken ct)
    {
        var byStatus = new SortedDictionary<OrchestrationRuntimeStatus, int>();
        var total = 0;
        string? token = null;
        do
        {
            var page = await AdmissionInstances.PageAsync(client, new OrchestrationQuery { PageSize = 1000, ContinuationToken = token }, ct);
            foreach (var instance in page.Values)
            {
                byStatus[instance.RuntimeStatus] = byStatus.GetValueOrDefault(instance.RuntimeStatus) + 1;
            }

            total += page.Values.Count;
            token = page.ContinuationToken;
        }
        while (token is not null && total < MaxCounted);
        var capped = token is not null;

        var byPhase = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var read = 0;
        token = null;
        do
        {
            var page = await AdmissionInstances.PageAsync(client, new OrchestrationQuery { Statuses = Unfinished, PageSize = 100, ContinuationToken = token, FetchInputsAndOutputs = true }, ct);
            foreach (var instance in page.Values)
            {
                var phase = AdmissionPage.ViewOf(instance)?.Phase ?? "Starting";
                byPhase[phase] = byPhase.GetValueOrDefault(phase) + 1;
            }

            read += page.Values.Count;
            token = page.ContinuationToken;
        }
        while (token is not null && read < MaxCounted);

        return new Counts(byStatus, byPhase, total, capped || token is not null);
    }

    private sealed record Counts(IReadOnlyDictionary<OrchestrationRuntimeStatus, int> ByStatus, IReadOnlyDictionary<string, int> ByPhase, int Total, bool Capped);
}
