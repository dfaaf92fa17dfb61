using System.Text.Json.Nodes;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Management;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The whole history across every generation, as the management route shows it but without
/// payloads (inputs hold the patient's CPR number and name). Filtered by event type in the page
/// (dashboard.js) or, without script, by <c>?eventType=</c>.
/// </summary>
internal static class HistoryTable
{
    // Shown in the details column, in this order, when an event has them.
    private static readonly string[] DetailNames = ["FunctionName", "Name", "InstanceId", "Reason", "FireAt", "TimerId", "TaskScheduledId", "OrchestrationStatus", "FailureDetails"];

    public static Html Render(string id, IReadOnlyList<OrchestrationGeneration> generations, string? eventType)
    {
        var events = HistoryEventView.From(generations, showOutput: false);
        var types = events.Select(e => Text(e, "EventType")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var filter = types.Contains(eventType ?? "", StringComparer.Ordinal) ? eventType : null;
        var rows = events.Select(e =>
        {
            var type = Text(e, "EventType");
            var details = string.Join("; ", DetailNames.Where(e.ContainsKey).Select(name => $"{name}: {Text(e, name)}"));
            return Html.Of($"""<tr data-event-type="{type}"{(filter is not null && filter != type ? " hidden" : "")}><td class="num">{Text(e, "Generation")}</td><td class="num">{Text(e, "EventId")}</td><td>{Time(e)}</td><td>{type}</td><td>{details}</td><td>{Text(e, "RequestedBy")}</td></tr>""");
        });
        return Html.Of($"""
            <section class="history" aria-labelledby="history-title">
              <h2 id="history-title">History ({events.Count} events, {generations.Count} generations)</h2>
              <form method="get" action="{AdmissionPage.Link(id)}" class="history-filter">
                <label for="eventType">Event type</label>
                <select id="eventType" name="eventType" data-filters="history-rows">
                  <option value="">all</option>
                  {types.Select(t => Html.Of($"""<option{(t == filter ? " selected" : "")}>{t}</option>"""))}
                </select>
                <button type="submit" class="no-script">Filter</button>
              </form>
              <table class="history-table">
                <thead><tr><th>Gen.</th><th>Id</th><th>Time</th><th>Event</th><th>Details</th><th>Requested by</th></tr></thead>
                <tbody id="history-rows">{rows}</tbody>
              </table>
            </section>
            """);
    }

    private static string Text(JsonObject e, string name) => e[name] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<DateTimeOffset>(out var at) => DashboardLayout.LocalText(at, seconds: true),
        var node => node.ToJsonString(),
    };

    private static string Time(JsonObject e) =>
        e["Timestamp"] is JsonValue value && value.TryGetValue<DateTimeOffset>(out var at) ? DashboardLayout.LocalText(at, seconds: true) : Text(e, "Timestamp");
}
