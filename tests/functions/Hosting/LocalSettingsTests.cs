using HaH.Orchestration.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace HaH.Orchestration.Functions.Tests.Hosting;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hah-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LocalSettingsAreOverriddenByAppSettingsThenEnvironmentThenCommandLine()
    {
        // Unique keys: environment variables are process-wide and tests run in parallel.
        var key = "Precedence" + Guid.NewGuid().ToString("N");
        WriteLocalSettings("local.settings.json", new()
        {
            [$"{key}__OnlyLocal"] = "local",
            [$"{key}__Json"] = "local",
            [$"{key}__Env"] = "local",
            [$"{key}__CommandLine"] = "local",
        });
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), $$"""
            { "{{key}}": { "Json": "appsettings", "Env": "appsettings", "CommandLine": "appsettings" } }
            """);
        Environment.SetEnvironmentVariable($"{key}__Env", "environment");
        Environment.SetEnvironmentVariable($"{key}__CommandLine", "environment");
        try
        {
            // The same builder Program.cs uses, with the same call.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ContentRootPath = _folder,
                Args = [$"--{key}:CommandLine=commandline"],
            });
            builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);

            Assert.Equal("local", builder.Configuration[$"{key}:OnlyLocal"]);
            Assert.Equal("appsettings", builder.Configuration[$"{key}:Json"]);
            Assert.Equal("environment", builder.Configuration[$"{key}:Env"]);
            Assert.Equal("commandline", builder.Configuration[$"{key}:CommandLine"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{key}__Env", null);
            Environment.SetEnvironmentVariable($"{key}__CommandLine", null);
        }
    }

    [Fact]
    public void WithoutLocalSettingsTheSamplesDefaultsApply()
    {
        WriteLocalSettings("local.settings.sample.json", new() { ["Durable__TaskHub"] = "fromsample" });

        var values = Read();

        Assert.Equal("fromsample", values["Durable:TaskHub"]);
        Assert.EndsWith("local.settings.sample.json", values[LocalSettings.LocalSettingsFileKey], StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSettingsWinOverTheSampleInTheSameFolder()
    {
        WriteLocalSettings("local.settings.sample.json", new() { ["Durable__TaskHub"] = "fromsample", ["Sms__From"] = "+4511111111" });
        WriteLocalSettings("local.settings.json", new() { ["Durable__TaskHub"] = "fromlocal" });

        var values = Read();

        Assert.Equal("fromlocal", values["Durable:TaskHub"]);
        // The sample is not merged in: a developer's file is the whole local configuration.
        Assert.False(values.ContainsKey("Sms:From"));
    }

    [Fact]
    public void SettingsAreFoundInAParentFolder()
    {
        WriteLocalSettings("local.settings.json", new() { ["Durable__TaskHub"] = "fromparent" });
        var child = Directory.CreateDirectory(Path.Combine(_folder, "functions")).FullName;

        var configuration = new ConfigurationBuilder().AddLocalSettings(child).Build();

        Assert.Equal("fromparent", configuration["Durable:TaskHub"]);
    }

    [Fact]
    public void TheRepositorysSampleDocumentsEverySettingOfTheContract()
    {
        var sample = LocalSettings.Find(AppContext.BaseDirectory);
        Assert.NotNull(sample);
        Assert.EndsWith(LocalSettings.SampleFileName, sample, StringComparison.Ordinal);
        var text = File.ReadAllText(sample);
        var values = LocalSettings.ReadValues(sample);

        foreach (var setting in new[]
        {
            "AzureWebJobsStorage", "Durable:TaskHub", "Auth:Keys:admin:Key", "Auth:Keys:admin:Role",
            "Escalation:NursePhone", "Escalation:DoctorPhone", "Escalation:NurseHours",
            "Sms:ConnectionString", "Sms:From", "Clock:Mode", "Clock:Start", "ASPNETCORE_URLS",
            "Integration:Channel", "Integration:ServiceBus:ConnectionString", "Integration:ServiceBus:FullyQualifiedNamespace", "Integration:ServiceBus:Entity",
            "Integration:Commands:Queue", "Integration:Commands:MaxConcurrentCalls",
            "Http:PublicBaseUrl", "AllowedHosts", "Http:ForwardedHeaders:KnownProxies", "Http:ForwardedHeaders:KnownNetworks",
            "Auth:FailedAttempts:Limit", "Auth:FailedAttempts:WindowSeconds",
            "EHospital:Name", "EHospital:SorCode", "EHospital:EanNumber", "EHospital:Phone",
        })
        {
            Assert.True(values.ContainsKey(setting), $"The sample has no value for {setting}.");
            var documentedName = setting.Replace(":", "__", StringComparison.Ordinal).Replace("__admin__", "__{name}__", StringComparison.Ordinal);
            Assert.Contains($"\"{documentedName}\":", text, StringComparison.Ordinal);
        }

        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("hah", values["Durable:TaskHub"]);
        Assert.Equal("StorageQueue", values["Integration:Channel"]);
        Assert.Equal(HostUrls.Default, values["ASPNETCORE_URLS"]);
    }

    private Dictionary<string, string?> Read()
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings(_folder).Build();
        return configuration.AsEnumerable().ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }

    private void WriteLocalSettings(string name, Dictionary<string, string> values) =>
        File.WriteAllText(
            Path.Combine(_folder, name),
            System.Text.Json.JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
}
