namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>
/// A test that drives the system's Chromium. Skipped, saying why, where Chromium is not installed —
/// except on CI (<c>CI=true</c>), where a missing browser must fail the run rather than hide the
/// tests (.ci/run installs it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !IsCi)
        {
            Skip = $"Chromium is not installed at {ChromiumPath}: 'apt-get install chromium' (Debian) to run the browser tests. On CI (CI=true) they fail instead of skipping.";
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
