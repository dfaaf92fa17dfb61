using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: headless Chromium (Debian's, at /usr/bin/chromium) driven by
/// Microsoft.Playwright against the host listening on Kestrel on a free port, on the virtual clock.
/// Every step waits for a condition, never for a fixed time. Screenshots go to the test output
/// (and to docs/screenshots when HAH_UPDATE_SCREENSHOTS=1).
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [BrowserFact]
    public async Task AnAdministratorFindsAnAdmissionAndSeesTheNursesSmsReplyConfirmTheVisitInTheTimeline()
    {
        using var app = await DashboardPagesTests.StartAsync();
        var baseUrl = DashboardBrowser.Serve(app);
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Add("x-api-key", TestApplication.AdminKey);
        // Only the first admission's first dose is at 12:00, so that the mobile unit's phone holds one reminder when it replies.
        foreach (var (id, firstDose) in new[] { ("BRW-2026-0001", "2026-03-02T12:00:00+01:00"), ("BRW-2026-0002", "2026-03-02T18:00:00+01:00"), ("OTHER-0001", "2026-03-02T18:00:00+01:00") })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id, firstDose, timesPerDay: 3, durationDays: 2))).StatusCode);
        }

        // An hour before the first dose (12:00) the mobile unit is reminded.
        await app.Services.GetRequiredService<DurableRuntime>().AdvanceClockAsync(TimeSpan.FromMinutes(65));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        await DashboardBrowser.WalkAsync(await DashboardBrowser.NewPageAsync(browser, baseUrl), "walk-through", WalkThroughAsync);
    }

    private static async Task WalkThroughAsync(IPage page)
    {
        // Sign in: the dashboard sends a browser without a session to the form.
        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#key", TestApplication.AdminKey);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForSelectorAsync("table.admissions");
        Assert.DoesNotContain(TestApplication.AdminKey, page.Url, StringComparison.Ordinal);

        // Find the admission by its id.
        await page.FillAsync("#search", "BRW-");
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForURLAsync(new Regex("search=BRW-"));
        var listed = await page.Locator("table.admissions tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.admission)");
        Assert.Equal(["BRW-2026-0001", "BRW-2026-0002"], listed.Order(StringComparer.Ordinal));
        await DashboardBrowser.ScreenshotAsync(page, "overview.png");
        await page.ClickAsync("text=BRW-2026-0001");
        await page.WaitForSelectorAsync("#visit-timeline");

        // The timeline: the first visit, at 12:00, has been reminded; the other five of the two days are planned.
        Assert.Equal("KJ", await page.TextContentAsync("#initials"));
        Assert.Equal(6, await page.Locator("#visit-timeline g.visit").CountAsync());
        Assert.Equal("reminded", await VisitStateAsync(page, 1));
        Assert.Equal(Enumerable.Repeat("scheduled", 5), await page.Locator("#visit-timeline g.visit:not([data-visit='1'])").EvaluateAllAsync<string[]>("visits => visits.map(v => v.dataset.state)"));

        // The history filter works in the page.
        await page.SelectOptionAsync("#eventType", "ExecutionStarted");
        var shownTypes = await page.Locator("#history-rows tr").EvaluateAllAsync<string[]>("rows => rows.filter(r => !r.hidden).map(r => r.dataset.eventType)");
        Assert.NotEmpty(shownTypes);
        Assert.All(shownTypes, type => Assert.Equal("ExecutionStarted", type));

        // The phone simulator: the mobile unit's reminder, the nurse's reply, then the clock past the dose.
        await page.ClickAsync("header.top >> text=Phone simulator");
        await page.WaitForSelectorAsync("#number");
        await page.SelectOptionAsync("#number", "+4520000003");
        await page.WaitForSelectorAsync("section.phone[data-number='+4520000003'] li.sms");
        var reminder = await page.Locator("li.sms p").Last.TextContentAsync();
        var code = Code().Match(reminder ?? "").Groups[1].Value;
        Assert.True(code.Length == 4, $"No code in the reminder: {reminder}");
        await page.FillAsync("#reply-text", $"OK {code}");
        await page.ClickAsync("#send-reply");
        await page.WaitForSelectorAsync("li.sms >> text=registreret som givet");
        await page.FillAsync("#advance-by", "PT1H");
        await page.ClickAsync("#advance");
        await page.WaitForSelectorAsync("text=The clock is now 2026-03-02 12:05");
        await DashboardBrowser.ScreenshotAsync(page, "phone-simulator.png");

        // Back to the admission: the first visit is now confirmed in the picture.
        await page.ClickAsync("header.top >> text=Overview");
        await page.FillAsync("#search", "BRW-2026-0001");
        await page.ClickAsync("form.search button[type=submit]");
        await page.ClickAsync("table.admissions >> text=BRW-2026-0001");
        await page.WaitForSelectorAsync("#visit-timeline");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('g.visit[data-visit=\"1\"]')?.dataset.state === 'confirmed' || (location.reload(), false)",
            null,
            new PageWaitForFunctionOptions { PollingInterval = 500, Timeout = DashboardBrowser.Timeout });
        Assert.Equal("confirmed", await VisitStateAsync(page, 1));
        Assert.Equal("rgb(30, 142, 62)", await page.Locator("g.visit[data-visit='1'] circle").EvaluateAsync<string>("c => getComputedStyle(c).fill"));

        // A night without replies: the next visits escalate and end unresolved, as the picture shows.
        await page.ClickAsync("header.top >> text=Phone simulator");
        await page.FillAsync("#advance-by", "PT20H");
        await page.ClickAsync("#advance");
        await page.WaitForSelectorAsync("text=The clock is now 2026-03-03 08:05");
        await page.GotoAsync("/admissions/BRW-2026-0001");
        await page.WaitForSelectorAsync("g.visit[data-visit='3']");
        Assert.Equal(["confirmed", "unresolved", "unresolved", "scheduled", "scheduled", "scheduled"], await page.Locator("#visit-timeline g.visit").EvaluateAllAsync<string[]>("visits => visits.map(v => v.dataset.state)"));
        Assert.True(await page.Locator("#visit-timeline polygon.escalation").CountAsync() >= 4);
        await DashboardBrowser.ScreenshotAsync(page, "admission.png", fullPage: false);
    }

    private static async Task<string?> VisitStateAsync(IPage page, int visit) =>
        await page.Locator($"g.visit[data-visit='{visit}']").GetAttributeAsync("data-state");

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
