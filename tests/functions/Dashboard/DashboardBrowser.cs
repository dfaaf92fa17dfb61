using Microsoft.Playwright;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>
/// What the browser tests share: the host on Kestrel at a free port, Debian's Chromium driven by
/// Microsoft.Playwright (no browser download), and screenshots into the test output (and into
/// docs/screenshots when HAH_UPDATE_SCREENSHOTS=1).
/// </summary>
internal static class DashboardBrowser
{
    /// <summary>How long any one browser step may take on a loaded machine.</summary>
    public const float Timeout = 90_000;

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>Starts the test host on Kestrel and returns its address.</summary>
    public static string Serve(TestApplication app)
    {
        Assert.True(File.Exists(BrowserFactAttribute.ChromiumPath), $"Chromium is missing at {BrowserFactAttribute.ChromiumPath}; CI installs it in .ci/run (apt-get install chromium).");
        return app.ServeOnKestrel();
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = BrowserFactAttribute.ChromiumPath,
        Headless = true,
        Args = ChromiumArgs,
        Timeout = Timeout,
    });

    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = baseUrl });
        context.SetDefaultTimeout(Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>Runs <paramref name="walk"/>; when a step fails, keeps what the browser showed as <c>failure-{name}.png</c>.</summary>
    public static async Task WalkAsync(IPage page, string name, Func<IPage, Task> walk)
    {
        try
        {
            await walk(page);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"failure-{name}.png"), FullPage = true });
            throw;
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(output);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, name), FullPage = fullPage });
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
}
