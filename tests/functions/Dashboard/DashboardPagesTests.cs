using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>The dashboard's pages over the test server, on admissions running on the virtual clock.</summary>
public sealed partial class DashboardPagesTests
{
    internal const string ClockStart = "2026-03-02T10:00:00+01:00";

    private static readonly string[] PatientSecrets = ["0101801234", "010180-1234", "Karen", "Jensen"];

    [Fact]
    public async Task TheOverviewCountsAndListsAdmissionsAndSearchesByIdPrefix()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        foreach (var id in new[] { "OVR-A1", "OVR-A2", "OVR-B1" })
        {
            await StartAdmissionAsync(app, api, id);
        }

        using var session = await DashboardSession.SignedInAsync(app);
        var all = await session.GetPageAsync("/");
        var searched = await session.GetPageAsync("/?search=OVR-A");
        var none = await session.GetPageAsync("/?search=NOTHING");

        Assert.Equal(["OVR-A1", "OVR-A2", "OVR-B1"], Listed(all));
        Assert.Matches("""status-running" href="/\?status=Running"><span class="label">Running</span> <span class="n">3</span>""", all);
        Assert.Matches("""<span class="label">Treatment</span> <span class="n">3</span>""", all);
        Assert.Contains("""<section id="quality" """, all, StringComparison.Ordinal);
        Assert.Equal(["OVR-A1", "OVR-A2"], Listed(searched));
        Assert.Empty(Listed(none));
        Assert.Contains("No admission matches.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOverviewPagesThroughTheIndex()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        var ids = Enumerable.Range(1, 27).Select(n => $"PAGE-{n:00}").ToList();
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id))).StatusCode);
        }

        await IdleAsync(app);
        using var session = await DashboardSession.SignedInAsync(app);
        var seen = new List<string>();
        var path = "/?search=PAGE-";
        for (var pages = 0; path is not null && pages < 10; pages++)
        {
            var html = await session.GetPageAsync(path);
            seen.AddRange(Listed(html));
            path = NextPage().Match(html) is { Success: true } next ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;
        }

        Assert.Equal(ids, seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheAdmissionPageDrawsEveryVisitInTheTimelineInItsStateWithItsEscalations()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, api, "TL-1");
        var runtime = app.Services.GetRequiredService<DurableRuntime>();
        await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T12:05:00+01:00", CultureInfo.InvariantCulture));
        await ReplyAsync(api, "+4520000003", $"OK {await LastCodeAsync(api, "+4520000003")}");
        await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-03T02:00:00+01:00", CultureInfo.InvariantCulture));
        await IdleAsync(app);

        using var session = await DashboardSession.SignedInAsync(app);
        var html = await session.GetPageAsync("/admissions/TL-1");
        var view = await api.GetFromJsonAsync<JsonElement>("/api/admissions/TL-1");

        Assert.Contains("""<svg class="timeline" id="visit-timeline" """, html, StringComparison.Ordinal);
        var drawn = VisitMarks().Matches(html).ToDictionary(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m => m.Groups[1].Value);
        var visits = view.GetProperty("visits").EnumerateArray().ToDictionary(v => v.GetProperty("number").GetInt32(), v => v.GetProperty("state").GetString()!);
        Assert.Equal(visits.Count, drawn.Count);
        Assert.Equal(visits, drawn);
        Assert.Equal("confirmed", drawn[1]);
        Assert.Equal("unresolved", drawn[2]);
        var escalations = view.GetProperty("visits").EnumerateArray().Sum(v => v.GetProperty("escalations").GetArrayLength());
        Assert.True(escalations >= 2, $"expected the second visit to have escalated: {view}");
        Assert.Equal(escalations, Regex.Count(html, """<polygon class="escalation level-\d"""));
        Assert.Contains("visitUnresolved", html, StringComparison.Ordinal);
        Assert.Contains("""id="initials">KJ<""", html, StringComparison.Ordinal);
        Assert.Contains("Piperacillin/Tazobactam 4 g, 2 times a day", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-event-type=\"ExecutionStarted\">", html, StringComparison.Ordinal);
        Assert.Contains("Pending timers", html, StringComparison.Ordinal);
        foreach (var state in new[] { "scheduled", "reminded", "confirmed", "confirmedLate", "notGiven", "missed", "unresolved", "cancelled" })
        {
            Assert.Contains($"""<li><span class="swatch state-{state}"></span>{state}</li>""", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheHistoryCanBeFilteredByEventTypeWithoutScript()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, api, "HIST-1");
        using var session = await DashboardSession.SignedInAsync(app);

        var html = await session.GetPageAsync("/admissions/HIST-1?eventType=TimerCreated");

        var rows = Regex.Matches(html, """<tr data-event-type="(\w+)"( hidden)?>""");
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(row.Groups[1].Value != "TimerCreated", row.Groups[2].Success));
        Assert.Contains(rows, row => row.Groups[1].Value == "TimerCreated");
    }

    [Fact]
    public async Task AReplyFromThePhoneSimulatorConfirmsTheVisit()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, api, "PHONE-1");
        using var session = await DashboardSession.SignedInAsync(app);
        var start = await session.GetPageAsync("/phone");
        var advanced = await session.PostAsync("/phone/clock", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(start), ["by"] = "PT2H5M", ["number"] = "+4520000003" });
        Assert.Equal(HttpStatusCode.SeeOther, advanced.StatusCode);

        var phone = await session.GetPageAsync(advanced.Headers.Location!.OriginalString);
        var code = Code().Match(phone).Groups[1].Value;
        var replied = await session.PostAsync("/phone/reply", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(phone), ["number"] = "+4520000003", ["text"] = $"ok {code}" });
        Assert.Equal(HttpStatusCode.SeeOther, replied.StatusCode);
        var after = await session.GetPageAsync(replied.Headers.Location!.OriginalString);
        var admission = await session.GetPageAsync("/admissions/PHONE-1");
        var overview = await session.GetPageAsync("/");

        Assert.Contains("2026-03-02 12:05", phone, StringComparison.Ordinal);
        Assert.Contains("""<div class="figure" id="doses-on-time"><dt>Doses on time</dt><dd>1 (100 %)</dd></div>""", overview, StringComparison.Ordinal);
        Assert.Contains("+4520000003", phone, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(after, """<li class="sms" """));
        Assert.Matches("""<g class="visit state-confirmed" data-visit="1" """, admission);
    }

    [Fact]
    public async Task NoPageShowsTheCprNumberOrThePatientsName()
    {
        using var app = await StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, api, "PRIV-1");
        await app.Services.GetRequiredService<DurableRuntime>().AdvanceClockAsync(TimeSpan.FromDays(2));
        await api.PostAsync(new Uri("/runtime/webhooks/durabletask/instances/PRIV-1/raiseEvent/Note", UriKind.Relative), JsonContent.Create(new { cpr = "0101801234", name = "Karen Jensen" }));
        await IdleAsync(app);
        using var session = await DashboardSession.SignedInAsync(app);

        var pages = new List<string> { "/", "/admissions/PRIV-1", "/admissions/PRIV-1?eventType=ExecutionStarted", "/phone" };
        var phones = PhoneLinks().Matches(await session.GetPageAsync("/phone")).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(phones);
        pages.AddRange(phones);
        var admission = await session.GetPageAsync("/admissions/PRIV-1");
        var confirm = await session.PostAsync("/admissions/PRIV-1/actions/terminate", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(admission), ["reason"] = "test" });

        foreach (var html in (await Task.WhenAll(pages.Select(session.GetPageAsync))).Append(await confirm.Content.ReadAsStringAsync()))
        {
            foreach (var secret in PatientSecrets)
            {
                Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task ThePhoneSimulatorIsAbsentOutsideDevelopment()
    {
        using var app = await TestApplication.StartAsync();
        using var production = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var session = await DashboardSession.SignedInAsync(production);

        var overview = await session.GetPageAsync("/");
        var phone = await session.Http.GetAsync(new Uri("/phone", UriKind.Relative));
        var reply = await session.PostAsync("/phone/reply", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(overview), ["number"] = "+4520000003", ["text"] = "OK 1234" });

        Assert.Equal(HttpStatusCode.NotFound, phone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.DoesNotContain("/phone", overview, StringComparison.Ordinal);
    }

    internal static Task<TestApplication> StartAsync(IDictionary<string, string?>? settings = null) =>
        TestApplication.StartAsync(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = ClockStart });

    internal static async Task StartAdmissionAsync(TestApplication app, HttpClient api, string id, int timesPerDay = 2, int durationDays = 1)
    {
        var answer = await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id, timesPerDay: timesPerDay, durationDays: durationDays));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await IdleAsync(app);
    }

    internal static Task IdleAsync(TestApplication app) => app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();

    private static async Task<string> LastCodeAsync(HttpClient api, string phone)
    {
        var sms = await api.GetFromJsonAsync<JsonElement[]>($"/api/dev/sms?to={Uri.EscapeDataString(phone)}");
        return Code().Match(sms![^1].GetProperty("body").GetString()!).Groups[1].Value;
    }

    private static async Task ReplyAsync(HttpClient api, string from, string text)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/dev/sms/reply", new { from, text })).StatusCode);
    }

    private static List<string> Listed(string html) => [.. AdmissionRows().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex("""<tr data-admission="([^"]+)">""")]
    private static partial Regex AdmissionRows();

    [GeneratedRegex("""<a rel="next" href="([^"]+)">""")]
    private static partial Regex NextPage();

    [GeneratedRegex("""<g class="visit state-(\w+)" data-visit="(\d+)" """)]
    private static partial Regex VisitMarks();

    [GeneratedRegex("<a href=\"(/phone\\?number=[^\"]+)\"")]
    private static partial Regex PhoneLinks();

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
