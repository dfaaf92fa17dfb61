using System.Text.Json;
using System.Text.RegularExpressions;

namespace HaH.Orchestration.Infra.Tests;

/// <summary>Every app setting the Bicep sets is one the app reads, or one the platform reads.</summary>
public sealed partial class AppSettingsTests
{
    /// <summary>Read by App Service / Azure Functions, not by the app's configuration.</summary>
    private static readonly HashSet<string> PlatformSettings = new(StringComparer.Ordinal)
    {
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "ApplicationInsightsAgent_EXTENSION_VERSION",
        "WEBSITES_PORT",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        // StorageAccount.FromConfiguration reads the section AzureWebJobsStorage's accountName (an
        // identity-based connection), as the Functions host does.
        "AzureWebJobsStorage__accountName",
    };

    [Fact]
    public void EverySettingTheBicepSetsIsOneTheAppOrThePlatformReads()
    {
        var known = SampleSettingNames();
        var set = BicepSettingNames();

        Assert.NotEmpty(set);
        var unknown = set.Where(name => !known.Contains(name) && !PlatformSettings.Contains(name)).ToList();
        Assert.True(unknown.Count == 0,
            $"infra/modules/appSettings.bicep sets settings neither local.settings.sample.json documents nor the platform reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheServiceBusSettingsAreSetForManagedIdentity()
    {
        var set = BicepSettingNames();

        Assert.Contains("Integration__Channel", set);
        Assert.Contains("Integration__ServiceBus__FullyQualifiedNamespace", set);
        Assert.Contains("Integration__ServiceBus__Entity", set);
        Assert.Contains("Integration__Commands__Queue", set);
        Assert.DoesNotContain("Integration__ServiceBus__ConnectionString", set);
    }

    private static HashSet<string> SampleSettingNames()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepCompiler.RepoRoot, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names in the setting objects (var shared/functionsOnly/standaloneOnly) of appSettings.bicep.</summary>
    private static HashSet<string> BicepSettingNames()
    {
        var source = File.ReadAllText(Path.Combine(BicepCompiler.InfraFolder, "modules", "appSettings.bicep"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match block in SettingsBlock().Matches(source))
        {
            foreach (Match name in SettingName().Matches(block.Groups["body"].Value))
            {
                names.Add(name.Groups["name"].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"^var (shared|functionsOnly|standaloneOnly) = \{(?<body>.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SettingsBlock();

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex SettingName();
}
