using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private const float Timeout = 90_000;

    [BrowserFact]
    public async Task AnAdministratorFindsAnAdmissionAndSeesTheNursesSmsReplyConfirmTheVisitInTheTimeline()
    {
        Assert.True(File.Exists(BrowserFactAttribute.ChromiumPath), $"Chromium is missing at {BrowserFactAttribute.ChromiumPath}; CI installs it in .ci/run (apt-get install chromium).");
        using var app = await DashboardPagesTests.StartAsync();
        app.UseKestrel(0);
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
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
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = Timeout,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = baseUrl });
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        try
        {
            await WalkThroughAsync(page);
        }
        catch
        {
            // What the browser showed when a step failed, beside the other screenshots.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "failure.png"), FullPage = true });
            throw;
        }
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
        await Screenshot(page, "overview.png");
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
        await Screenshot(page, "phone-simulator.png");

        // Back to the admission: the first visit is now confirmed in the picture.
        await page.ClickAsync("header.top >> text=Overview");
        await page.FillAsync("#search", "BRW-2026-0001");
        await page.ClickAsync("form.search button[type=submit]");
        await page.ClickAsync("table.admissions >> text=BRW-2026-0001");
        await page.WaitForSelectorAsync("#visit-timeline");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('g.visit[data-visit=\"1\"]')?.dataset.state === 'confirmed' || (location.reload(), false)",
            null,
            new PageWaitForFunctionOptions { PollingInterval = 500, Timeout = Timeout });
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
        await Screenshot(page, "admission.png");
    }

    private static async Task<string?> VisitStateAsync(IPage page, int visit) =>
        await page.Locator($"g.visit[data-visit='{visit}']").GetAttributeAsync("data-state");

    private static async Task Screenshot(IPage page, string name)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(output);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, name), FullPage = name != "admission.png" });
        if (Environment.GetEnvironmentVariable("HAH_UPDATE_SCREENSHOTS") == "1" && RepositoryRoot() is { } root)
        {
            var docs = Path.Combine(root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name), bytes);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HaH.Orchestration.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
