using System.Globalization;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HaH.Orchestration.Functions.Tests.Dashboard.Today;

/// <summary>
/// The today board in headless Chromium, as the eHospital nurse uses it: signed in with the
/// eHospital's key, it shows what needs her first, follows the admissions by itself while open
/// (no reload), and an alarm is acknowledged from it.
/// </summary>
public sealed class TodayBoardBrowserTests
{
    [BrowserFact]
    public async Task TheNurseSeesTheAlarmFirstWatchesTheBoardFollowTheLadderWithoutReloadingAndAcknowledgesIt()
    {
        using var app = await DashboardPagesTests.StartAsync(new Dictionary<string, string?> { ["Dashboard:BoardRefreshSeconds"] = "2" });
        var baseUrl = DashboardBrowser.Serve(app);
        using var api = app.CreateClient(TestApplication.AdminKey);
        await TodayBoardPageTests.StartTodaysAdmissionsAsync(app, api);
        var runtime = app.Services.GetRequiredService<DurableRuntime>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        await DashboardBrowser.WalkAsync(await DashboardBrowser.NewPageAsync(browser, baseUrl), "today", async page =>
        {
            // Sign in with the eHospital's key: the board is where she lands.
            await page.GotoAsync("/login");
            await page.FillAsync("#key", TestApplication.EHospitalKey);
            await page.ClickAsync("form button[type=submit]");
            await page.WaitForURLAsync(new Regex("/today$"));
            Assert.Equal("da", await page.Locator("main").GetAttributeAsync("lang"));
            Assert.Equal(
                ["needsaperson", "late", "reminded", "rest", "rest"],
                await page.Locator("#today-board tbody tr[data-visit]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.urgency)"));
            var alarm = page.Locator("tr[data-admission='BRD-ALARM'][data-visit='1']");
            Assert.Contains("eSygeplejerske 13:00", await alarm.TextContentAsync(), StringComparison.Ordinal);

            // Fifteen minutes on, level 2 goes to the eHospital doctor: the open board shows it by itself.
            await page.EvaluateAsync("() => { window.notReloaded = true; }");
            await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T13:16:00+01:00", CultureInfo.InvariantCulture));
            await page.WaitForSelectorAsync("tr[data-admission='BRD-ALARM'][data-visit='1'] >> text=eLæge 13:15");
            Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The board was reloaded instead of refreshing itself.");
            await DashboardBrowser.ScreenshotAsync(page, "today.png");

            // She acknowledges it: the board says so, and the alarm leaves "Kræver handling".
            await alarm.Locator("button", new() { HasText = "Kvittér" }).ClickAsync();
            await page.WaitForSelectorAsync("text=Alarmen er kvitteret");
            await page.WaitForFunctionAsync(
                "() => document.querySelector(\"tr[data-admission='BRD-ALARM'][data-visit='1']\")?.dataset.urgency === 'rest'",
                null,
                new PageWaitForFunctionOptions { PollingInterval = 250, Timeout = DashboardBrowser.Timeout });
            Assert.Contains("Kvitteret 13:16 (ehospital)", await alarm.TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#board-needs-person tbody tr").CountAsync());
        });
    }
}
