using Microsoft.DurableTask.Client;
using System.Text.Json;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// <c>GET /admissions/{id}</c>: one admission — header, the day-by-day visit timeline, open alerts,
/// medicine and discharge, pending timers, the actions and the whole history. Shows what the API
/// view shows (initials and municipality, never the CPR number or name) and no event payloads.
/// </summary>
internal static class AdmissionPage
{
    public static string Link(string id) => "/admissions/" + Uri.EscapeDataString(id);

    /// <summary>The admission's read model (its custom status), or null before the first step or for another kind of instance.</summary>
    public static AdmissionView? ViewOf(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Name != AdmissionOrchestrator.Name || instance.SerializedCustomStatus is null)
        {
            return null;
        }

        try
        {
            return instance.ReadCustomStatusAs<AdmissionView>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task<IResult> GetAsync(HttpContext http, string id, string? eventType, string? done, DurableTaskClient client, TimeProvider clock, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct) is not { } instance)
        {
            return DashboardLayout.Page(http, "Not found", Html.Of($"""<h1>Not found</h1>{DashboardLayout.Notice("error", $"There is no admission '{id}'.")}<p><a href="/">Back to the overview</a></p>"""), StatusCodes.Status404NotFound);
        }

        var history = await client.GetGenerationsAsync(id, ct);
        var timers = !instance.IsCompleted ? await client.GetPendingTimersAsync(id, ct) : [];
        var view = ViewOf(instance);

        var body = Html.Of($"""
            <p class="crumbs"><a href="/">Admissions</a> › {id}</p>
            {Header(instance, view)}
            {(done is null ? Html.Empty : DashboardLayout.Notice("ok", AdmissionActions.DoneText(done)))}
            {Alerts(view)}
            <section class="timeline-section" aria-labelledby="timeline-title">
              <h2 id="timeline-title">Visits day by day</h2>
              {(view is null ? Html.Raw("""<p class="empty">No visits yet: the admission has not taken its first step.</p>""") : VisitTimeline.Render(view, clock.GetUtcNow()))}
              {(view is null ? Html.Empty : VisitTimeline.Table(view))}
            </section>
            {Medication(view)}
            <section aria-labelledby="timers-title">
              <h2 id="timers-title">Pending timers</h2>
              {Timers(timers)}
            </section>
            {AdmissionActions.Forms(http, instance)}
            {HistoryTable.Render(id, history, eventType)}
            """);
        return DashboardLayout.Page(http, id, body);
    }

    private static Html Header(OrchestrationMetadata instance, AdmissionView? view) => Html.Of($"""
        <header class="admission-header">
          <h1>{instance.InstanceId}</h1>
          <dl class="facts">
            <div><dt>Patient</dt><dd id="initials">{view?.Patient.Initials ?? "—"}</dd></div>
            <div><dt>Municipality</dt><dd>{view?.Patient.Municipality ?? "—"}</dd></div>
            <div><dt>Treatment</dt><dd>{(view is null ? "—" : $"{view.Treatment.Drug} {view.Treatment.Dose}, {view.Treatment.TimesPerDay} times a day")}</dd></div>
            <div><dt>Ends</dt><dd>{DashboardLayout.LocalText(view?.Treatment.EndsAt)}</dd></div>
            <div><dt>Phase</dt><dd><span class="phase phase-{(view?.Phase ?? "").ToLowerInvariant()}" id="phase">{view?.Phase ?? "—"}</span></dd></div>
            <div><dt>Runtime status</dt><dd><span class="status status-{instance.RuntimeStatus.ToString().ToLowerInvariant()}" id="runtime-status">{instance.RuntimeStatus}</span></dd></div>
            <div><dt>Created</dt><dd>{DashboardLayout.LocalText(instance.CreatedAt)}</dd></div>
            <div><dt>Last updated</dt><dd>{DashboardLayout.LocalText(instance.LastUpdatedAt)}</dd></div>
            <div><dt>Generation</dt><dd>{instance.Generation}</dd></div>
          </dl>
        </header>
        """);

    private static Html Alerts(AdmissionView? view)
    {
        if (view is null || view.OpenAlerts.Count == 0)
        {
            return Html.Raw("""<section aria-labelledby="alerts-title"><h2 id="alerts-title">Open alerts</h2><p class="empty">None.</p></section>""");
        }

        var items = view.OpenAlerts.Select(alert => Html.Of($"""<li class="alert-item"><strong>{alert.Kind}</strong>{(alert.Visit is { } n ? $" (visit {n})" : "")} since {DashboardLayout.LocalText(alert.Since)}: {alert.Text}</li>"""));
        return Html.Of($"""<section class="alerts" aria-labelledby="alerts-title"><h2 id="alerts-title">Open alerts ({view.OpenAlerts.Count})</h2><ul>{items}</ul></section>""");
    }

    private static Html Medication(AdmissionView? view) => view is null ? Html.Empty : Html.Of($"""
        <section aria-labelledby="medication-title">
          <h2 id="medication-title">Medicine and discharge</h2>
          <dl class="facts">
            <div><dt>Supplied until</dt><dd>{DashboardLayout.LocalText(view.Medication.SuppliedUntil)}</dd></div>
            <div><dt>Last order placed</dt><dd>{DashboardLayout.LocalText(view.Medication.OrderedAt)}</dd></div>
            <div><dt>Delivered</dt><dd>{DashboardLayout.LocalText(view.Medication.DeliveredAt)}</dd></div>
            <div><dt>Discharged</dt><dd>{DashboardLayout.LocalText(view.Discharge.At)}</dd></div>
            <div><dt>Letter to GP sent</dt><dd>{DashboardLayout.LocalText(view.Discharge.LetterSentAt)}</dd></div>
          </dl>
        </section>
        """);

    private static Html Timers(IReadOnlyList<DurableTimerInfo> timers) => timers.Count == 0
        ? Html.Raw("""<p class="empty">None.</p>""")
        : Html.Of($"""<ul class="timers">{timers.Select(timer => Html.Of($"""<li>Timer {timer.TimerId} fires at {DashboardLayout.LocalText(timer.FireAt)}</li>"""))}</ul>""");
}
