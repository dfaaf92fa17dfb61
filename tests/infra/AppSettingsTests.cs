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
        known.UnionWith(HostJsonSettingNames());
        var set = BicepSettingNames();

        Assert.NotEmpty(set);
        var unknown = set.Where(name => !known.Contains(name) && !PlatformSettings.Contains(name)).ToList();
        Assert.True(unknown.Count == 0,
            $"infra/modules/appSettings.bicep sets settings neither local.settings.sample.json documents nor the platform reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EverySettingTheFunctionsAppsHostJsonNamesIsSetForTheFunctionsHosting()
    {
        var set = BicepSettingNames("shared", "functionsOnly");

        var missing = HostJsonSettingNames().Where(name => !set.Contains(name)).ToList();

        Assert.NotEmpty(HostJsonSettingNames());
        Assert.True(missing.Count == 0,
            $"functions-app/host.json names settings the functions hosting does not set (the Functions host would not start its Durable extension): {string.Join(", ", missing)}");
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

    /// <summary>The settings functions-app/host.json refers to as <c>%Name%</c>, which the Functions host resolves from app settings.</summary>
    private static HashSet<string> HostJsonSettingNames()
    {
        var hostJson = File.ReadAllText(Path.Combine(BicepCompiler.RepoRoot, "functions-app", "host.json"));
        return HostJsonSetting().Matches(hostJson).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names in the setting objects of appSettings.bicep (by default all: shared, functionsOnly, standaloneOnly).</summary>
    private static HashSet<string> BicepSettingNames(params string[] blocks)
    {
        var source = File.ReadAllText(Path.Combine(BicepCompiler.InfraFolder, "modules", "appSettings.bicep"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match block in SettingsBlock().Matches(source).Where(block => blocks.Length == 0 || blocks.Contains(block.Groups["block"].Value)))
        {
            foreach (Match name in SettingName().Matches(block.Groups["body"].Value))
            {
                names.Add(name.Groups["name"].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"^var (?<block>shared|functionsOnly|standaloneOnly) = \{(?<body>.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SettingsBlock();

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex SettingName();

    [GeneratedRegex(@"%(?<name>[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex HostJsonSetting();
}
