using Microsoft.DurableTask.Client;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Management;
using Microsoft.AspNetCore.Antiforgery;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The administrator's actions on one admission — raise an event, suspend, resume, terminate,
/// purge — each in two steps: the form posts to <c>/admissions/{id}/actions/{action}</c>, which
/// answers with a confirmation page; only its "yes" (<c>confirmed=yes</c>, a fresh antiforgery
/// token) acts, after checking the admission's state again. Every action is recorded in the
/// admission's history with the signed-in key's name, as the management routes record theirs; a
/// purge, which deletes that history, is logged instead.
/// </summary>
internal static partial class AdmissionActions
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["raise"] = "Raise event",
        ["suspend"] = "Suspend",
        ["resume"] = "Resume",
        ["terminate"] = "Terminate",
        ["purge"] = "Purge history",
    };

    public static string DoneText(string action) => action switch
    {
        "raise" => "The event was sent; the admission handles it in its next step.",
        "suspend" => "Suspend requested.",
        "resume" => "Resume requested.",
        "terminate" => "Terminate requested.",
        _ => "Done.",
    };

    public static Html Forms(HttpContext http, OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var id = instance.InstanceId;
        var token = DashboardLayout.AntiforgeryField(http);
        if (instance.IsCompleted)
        {
            return Html.Of($"""
                <section class="actions" aria-labelledby="actions-title">
                  <h2 id="actions-title">Actions</h2>
                  <p>The admission has ended ({instance.RuntimeStatus}); it takes no more events.</p>
                  <form method="post" action="{ActionLink(id, "purge")}" class="action action-purge">{token}
                    <p>Purging deletes its state and its whole history for good.</p>
                    <button type="submit" class="danger">Purge…</button>
                  </form>
                </section>
                """);
        }

        return Html.Of($"""
            <section class="actions" aria-labelledby="actions-title">
              <h2 id="actions-title">Actions</h2>
              <p>Each action asks for confirmation and is recorded in the history as done by {DashboardLayout.Requester(http.User)}.</p>
              <div class="action-grid">
                <form method="post" action="{ActionLink(id, "raise")}" class="action action-raise">{token}
                  <h3>Raise an event</h3>
                  <label for="eventName">Event name</label>
                  <input id="eventName" name="eventName" required maxlength="100">
                  <label for="eventBody">JSON body (optional)</label>
                  <textarea id="eventBody" name="eventBody" rows="3" spellcheck="false"></textarea>
                  <button type="submit">Raise…</button>
                </form>
                {(instance.RuntimeStatus == OrchestrationRuntimeStatus.Suspended
                    ? ReasonForm(id, "resume", "Resume", "Resume…", token, "")
                    : ReasonForm(id, "suspend", "Suspend", "Suspend…", token, ""))}
                {ReasonForm(id, "terminate", "Terminate", "Terminate…", token, "danger")}
              </div>
            </section>
            """);
    }

    public static async Task<IResult> PostAsync(
        HttpContext http, string id, string action, DurableTaskClient client, IAntiforgery antiforgery, ILogger<ManagementAudit> audit, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refused(http, id, "The form's antiforgery token is missing or invalid (an old page, or a request from elsewhere). Nothing was done.", StatusCodes.Status400BadRequest);
        }

        if (!Titles.TryGetValue(action, out var title))
        {
            return Refused(http, id, $"'{action}' is not an action; use raise, suspend, resume, terminate or purge.", StatusCodes.Status404NotFound);
        }

        var reason = form["reason"].ToString().Trim() is { Length: > 0 } given ? given : null;
        var eventName = form["eventName"].ToString().Trim();
        var eventBody = form["eventBody"].ToString();
        JsonElement? payload = null;
        if (action == "raise")
        {
            if (!EventName().IsMatch(eventName))
            {
                return Refused(http, id, "The event name must be 1–100 letters, digits, '.', '_' or '-'.", StatusCodes.Status400BadRequest);
            }

            if (!string.IsNullOrWhiteSpace(eventBody))
            {
                try
                {
                    using var document = JsonDocument.Parse(eventBody);
                    payload = document.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    return Refused(http, id, $"The event body is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest);
                }
            }
        }

        // Checked on the confirmation page and again on "yes": the admission may have changed in between.
        if (await client.GetInstanceAsync(id, cancellation: ct) is not { } instance)
        {
            return Refused(http, id, $"There is no admission '{id}'.", StatusCodes.Status404NotFound);
        }

        if (action == "purge" ? !instance.IsCompleted : instance.IsCompleted)
        {
            return Refused(
                http,
                id,
                action == "purge" ? $"Admission '{id}' is {instance.RuntimeStatus}: terminate it before purging its history." : $"Admission '{id}' has ended ({instance.RuntimeStatus}): it takes no more events or actions.",
                action == "purge" ? StatusCodes.Status409Conflict : StatusCodes.Status410Gone);
        }

        if (form["confirmed"] != "yes")
        {
            return Confirm(http, id, action, title, reason, eventName, eventBody);
        }

        var requester = DashboardLayout.Requester(http.User);
        var acting = client.ActingAs(requester);
        switch (action)
        {
            case "purge":
                await client.PurgeInstanceAsync(id, ct);
                audit.InstancePurged(id, requester);
                return DashboardLayout.SeeOther("/?purged=" + Uri.EscapeDataString(id));
            case "raise":
                await acting.RaiseEventAsync(id, eventName, payload, ct);
                break;
            case "suspend":
                await acting.SuspendInstanceAsync(id, reason, ct);
                await SettleAsync(client, id, status => status == OrchestrationRuntimeStatus.Suspended, ct);
                break;
            case "resume":
                await acting.ResumeInstanceAsync(id, reason, ct);
                await SettleAsync(client, id, status => status != OrchestrationRuntimeStatus.Suspended, ct);
                break;
            case "terminate":
                await acting.TerminateInstanceAsync(id, reason, ct);
                await SettleAsync(client, id, status => status == OrchestrationRuntimeStatus.Terminated, ct);
                break;
        }

        return DashboardLayout.SeeOther($"{AdmissionPage.Link(id)}?done={action}");
    }

    private static Html ReasonForm(string id, string action, string heading, string button, Html token, string buttonClass) => Html.Of($"""
        <form method="post" action="{ActionLink(id, action)}" class="action action-{action}">{token}
          <h3>{heading}</h3>
          <label for="{action}-reason">Reason</label>
          <input id="{action}-reason" name="reason" maxlength="500">
          <button type="submit" class="{buttonClass}">{button}</button>
        </form>
        """);

    private static IResult Confirm(HttpContext http, string id, string action, string title, string? reason, string eventName, string eventBody)
    {
        var details = action switch
        {
            "raise" => Html.Of($"""<dl class="facts"><div><dt>Event</dt><dd>{eventName}</dd></div><div><dt>Body</dt><dd><pre>{(string.IsNullOrWhiteSpace(eventBody) ? "(none)" : eventBody)}</pre></dd></div></dl>"""),
            "purge" => Html.Raw("""<p>This deletes the admission's state and its whole history. It cannot be undone.</p>"""),
            _ => Html.Of($"""<dl class="facts"><div><dt>Reason</dt><dd>{reason ?? "(none given)"}</dd></div></dl>"""),
        };
        var body = Html.Of($"""
            <p class="crumbs"><a href="/">Admissions</a> › <a href="{AdmissionPage.Link(id)}">{id}</a> › confirm</p>
            <section class="confirm" aria-labelledby="confirm-title">
              <h1 id="confirm-title">{title}: {id}?</h1>
              {details}
              <p>It will be recorded as done by {DashboardLayout.Requester(http.User)}.</p>
              <form method="post" action="{ActionLink(id, action)}">
                {DashboardLayout.AntiforgeryField(http)}
                <input type="hidden" name="confirmed" value="yes">
                <input type="hidden" name="reason" value="{reason}">
                <input type="hidden" name="eventName" value="{eventName}">
                <input type="hidden" name="eventBody" value="{eventBody}">
                <button type="submit" class="{(action is "terminate" or "purge" ? "danger" : "")}" id="confirm">Yes, {title.ToLowerInvariant()}</button>
                <a href="{AdmissionPage.Link(id)}" class="cancel">Cancel</a>
              </form>
            </section>
            """);
        return DashboardLayout.Page(http, $"Confirm {title.ToLowerInvariant()}", body);
    }

    private static IResult Refused(HttpContext http, string id, string message, int statusCode) => DashboardLayout.Page(
        http,
        "Not done",
        Html.Of($"""<h1>Not done</h1>{DashboardLayout.Notice("error", message)}<p><a href="{AdmissionPage.Link(id)}">Back to {id}</a></p>"""),
        statusCode);

    // The admission handles the message in its next step, usually within milliseconds: wait a
    // little so that the page shows the new status, but never long (the page loads either way).
    private static async Task SettleAsync(DurableTaskClient client, string id, Func<OrchestrationRuntimeStatus, bool> settled, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await client.GetInstanceAsync(id, cancellation: ct) is not { } instance || settled(instance.RuntimeStatus))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, ct);
        }
    }

    private static string ActionLink(string id, string action) => $"{AdmissionPage.Link(id)}/actions/{action}";

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,100}$")]
    private static partial Regex EventName();
}
