using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Dashboard.Today;

/// <summary>
/// The today board over the test server, on admissions running on the virtual clock, seen by the
/// eHospital's key: what it lists and in which order, who may open it, and acknowledging an alarm.
/// </summary>
public sealed partial class TodayBoardPageTests
{
    private const string MobileUnit = "+4520000003";

    [Fact]
    public async Task TheBoardListsTodaysVisitsAcrossAdmissionsInDanishWhatNeedsAPersonFirst()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartTodaysAdmissionsAsync(app, api);

        using var session = await SignedInAsEHospitalAsync(app);
        var html = await session.GetPageAsync("/today");

        // 12:00 escalated at 13:00; 12:50 due and not confirmed; 14:00 reminded; then 10:30 given and 22:30 planned.
        Assert.Equal(
            [("BRD-ALARM", "1", "needsaperson"), ("BRD-LATE", "1", "late"), ("BRD-SOON", "1", "reminded"), ("BRD-GIVEN", "1", "rest"), ("BRD-GIVEN", "2", "rest")],
            Rows(html));
        Assert.Contains("<main lang=\"da\">", html, StringComparison.Ordinal);
        Assert.Contains("Kræver handling", html, StringComparison.Ordinal);
        Assert.Matches(@"eSygeplejerske 13:00", html);
        Assert.Matches(@"<td class=""time"">12:50</td>[\s\S]*?Forsinket", html);
        Assert.Matches(@"<td class=""time"">22:30</td>[\s\S]*?Planlagt", html);
        Assert.Contains("Piperacillin/Tazobactam 4 g", html, StringComparison.Ordinal);
        Assert.Single(AcknowledgeForms().Matches(html));
        foreach (var secret in new[] { "0101801234", "Karen", "Jensen" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheEHospitalsKeySignsInToTheBoardAndOpensNothingElse()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var signedIn = await session.SignInAsync(TestApplication.EHospitalKey);
        var board = await session.GetPageAsync("/today");
        var overview = await session.Http.GetAsync(new Uri("/", UriKind.Relative));
        var admission = await session.Http.GetAsync(new Uri("/admissions/BRD-1", UriKind.Relative));
        using var api = app.CreateClient(TestApplication.EHospitalKey);

        Assert.Equal("/today", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, overview.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admission.StatusCode);
        Assert.DoesNotContain(">Overview</a>", board, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(new Uri("/api/admissions/BRD-1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(new Uri("/runtime/webhooks/durabletask/instances", UriKind.Relative))).StatusCode);
        using var integrator = DashboardSession.Anonymous(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.SignInAsync(TestApplication.IntegratorKey)).StatusCode);
    }

    [Fact]
    public async Task AnAlarmAcknowledgedOnTheBoardStopsItAndIsRecordedWithTheKeysName()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartTodaysAdmissionsAsync(app, api);
        using var session = await SignedInAsEHospitalAsync(app);
        var html = await session.GetPageAsync("/today");

        var answer = await session.PostAsync("/today/acknowledge", new()
        {
            [DashboardSession.TokenField] = DashboardSession.TokenOf(html),
            ["admission"] = "BRD-ALARM",
            ["alarm"] = "v1",
        });
        await DashboardPagesTests.IdleAsync(app);

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        var view = await api.GetFromJsonAsync<JsonElement>("/api/admissions/BRD-ALARM");
        var alarm = view.GetProperty("visits")[0].GetProperty("alarm");
        Assert.Equal(("acknowledged", "key:ehospital"), (alarm.GetProperty("state").GetString(), alarm.GetProperty("acknowledgedBy").GetString()));
        Assert.Equal("missed", view.GetProperty("visits")[0].GetProperty("state").GetString());
        var status = await api.GetFromJsonAsync<JsonElement>("/runtime/webhooks/durabletask/instances/BRD-ALARM?showHistory=true");
        Assert.Contains(status.GetProperty("historyEvents").EnumerateArray(), e =>
            e.GetProperty("EventType").GetString() == "EventRaised" && e.TryGetProperty("RequestedBy", out var by) && by.GetString() == "key:ehospital");
        var after = await session.GetPageAsync(answer.Headers.Location!.OriginalString);
        Assert.Contains("Alarmen er kvitteret", after, StringComparison.Ordinal);
        Assert.Equal(("BRD-ALARM", "1", "rest"), Rows(after).Single(row => row.Admission == "BRD-ALARM" && row.Visit == "1"));
        Assert.Matches(@"Kvitteret 13:05 \(ehospital\)", after);
    }

    [Theory]
    [InlineData(false, "BRD-ALARM", "v1", HttpStatusCode.BadRequest)]
    [InlineData(true, "BRD-ALARM", "v1; drop", HttpStatusCode.BadRequest)]
    [InlineData(true, "NO-SUCH", "v1", HttpStatusCode.NotFound)]
    public async Task AnAcknowledgementWithoutAValidTokenOrForNoSuchAlarmChangesNothing(bool withToken, string admission, string alarm, HttpStatusCode expected)
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartTodaysAdmissionsAsync(app, api);
        using var session = await SignedInAsEHospitalAsync(app);
        var html = await session.GetPageAsync("/today");

        var answer = await session.PostAsync("/today/acknowledge", new()
        {
            [DashboardSession.TokenField] = withToken ? DashboardSession.TokenOf(html) : "forged",
            ["admission"] = admission,
            ["alarm"] = alarm,
        });
        await DashboardPagesTests.IdleAsync(app);

        Assert.Equal(expected, answer.StatusCode);
        var view = await api.GetFromJsonAsync<JsonElement>("/api/admissions/BRD-ALARM");
        Assert.Equal("open", view.GetProperty("visits")[0].GetProperty("alarm").GetProperty("state").GetString());
    }

    [Fact]
    public async Task TheBoardAloneAnswersNotModifiedUntilWhatItShowsChanges()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await StartTodaysAdmissionsAsync(app, api);
        using var session = await SignedInAsEHospitalAsync(app);
        var page = await session.GetPageAsync("/today");

        var first = await session.Http.GetAsync(new Uri("/today/board", UriKind.Relative));
        var tag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/today/board") { Headers = { IfNoneMatch = { tag } } };
        var unchanged = await session.Http.SendAsync(again);
        await session.PostAsync("/today/acknowledge", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(page), ["admission"] = "BRD-ALARM", ["alarm"] = "v1" });
        await DashboardPagesTests.IdleAsync(app);
        using var afterAcknowledging = new HttpRequestMessage(HttpMethod.Get, "/today/board") { Headers = { IfNoneMatch = { tag } } };
        var changed = await session.Http.SendAsync(afterAcknowledging);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.DoesNotContain("<html", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Contains("Kvitteret", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// On 2 March from 10:00: five admissions whose first doses make every kind of row by 13:05 — one
    /// escalated at 13:00, one late, one reminded, one given (with a planned visit later today), and
    /// one that starts tomorrow (not on today's board).
    /// </summary>
    internal static async Task StartTodaysAdmissionsAsync(TestApplication app, HttpClient api)
    {
        await StartAsync(api, "BRD-GIVEN", "2026-03-02T10:30:00+01:00");
        await DashboardPagesTests.IdleAsync(app);
        var reminder = (await api.GetFromJsonAsync<JsonElement[]>($"/api/dev/sms?to={Uri.EscapeDataString(MobileUnit)}"))![^1];
        var code = Code().Match(reminder.GetProperty("body").GetString()!).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/dev/sms/reply", new { from = MobileUnit, text = $"OK {code}" })).StatusCode);
        await StartAsync(api, "BRD-ALARM", "2026-03-02T12:00:00+01:00");
        await StartAsync(api, "BRD-LATE", "2026-03-02T12:50:00+01:00");
        await StartAsync(api, "BRD-SOON", "2026-03-02T14:00:00+01:00");
        await StartAsync(api, "BRD-TOMORROW", "2026-03-03T08:00:00+01:00");
        await app.Services.GetRequiredService<DurableRuntime>().AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T13:05:00+01:00", CultureInfo.InvariantCulture));
        await DashboardPagesTests.IdleAsync(app);
    }

    internal static async Task<DashboardSession> SignedInAsEHospitalAsync(TestApplication app)
    {
        var session = DashboardSession.Anonymous(app);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(TestApplication.EHospitalKey)).StatusCode);
        return session;
    }

    private static async Task StartAsync(HttpClient api, string id, string firstDoseAt) =>
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id, firstDoseAt))).StatusCode);

    private static List<(string Admission, string Visit, string Urgency)> Rows(string html) =>
        [.. BoardRows().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];

    [GeneratedRegex("""<tr class="[^"]*" data-admission="([^"]+)" data-visit="(\d+)" data-state="\w+" data-urgency="(\w+)">""")]
    private static partial Regex BoardRows();

    [GeneratedRegex("""action="/today/acknowledge" """)]
    private static partial Regex AcknowledgeForms();

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
