using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests;

/// <summary>
/// The host for one test: its own content root (an empty folder, so no developer's
/// local.settings.json leaks in), Development, the test run's Azurite and its own task hub.
/// Settings given to the constructor override those defaults.
/// </summary>
internal sealed class TestApplication : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public TestApplication(string storageConnectionString, IDictionary<string, string?>? settings = null)
    {
        ContentRoot = Directory.CreateTempSubdirectory("hah-test-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Durable:TaskHub"] = TestTaskHub.NewName(),
            ["Auth:Keys:integrator:Key"] = IntegratorKey,
            ["Auth:Keys:integrator:Role"] = "integrator",
            ["Auth:Keys:sms:Key"] = SmsKey,
            ["Auth:Keys:sms:Role"] = "sms",
            ["Auth:Keys:admin:Key"] = AdminKey,
            ["Auth:Keys:admin:Role"] = "admin",
            ["Auth:Keys:ehospital:Key"] = EHospitalKey,
            ["Auth:Keys:ehospital:Role"] = "ehospital",

            // The names the test server and Kestrel on a free port answer as (Production needs AllowedHosts or Http:PublicBaseUrl).
            ["AllowedHosts"] = "localhost;127.0.0.1;[::1]",

            // Not the development key, so that a test may run the host as Production.
            ["Sms:PseudonymKey"] = PseudonymKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public const string IntegratorKey = "test-integrator-key";
    public const string SmsKey = "test-sms-key";
    public const string AdminKey = "test-admin-key";
    public const string EHospitalKey = "test-ehospital-key";

    /// <summary>The key phone line ids are made from in tests (Sms:PseudonymKey); the golden histories were recorded with it.</summary>
    public const string PseudonymKey = "test-phone-pseudonym-key-of-32-characters";

    public string ContentRoot { get; }

    /// <summary>The task hub this application runs in.</summary>
    public string TaskHub => _settings["Durable:TaskHub"]!;

    /// <summary>A client that sends <paramref name="key"/> as x-api-key.</summary>
    public HttpClient CreateClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    /// <summary>Serves the host on Kestrel at a free port of this machine (for clients outside this process); returns its address.</summary>
    public string ServeOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public static async Task<TestApplication> StartAsync(IDictionary<string, string?>? settings = null) =>
        new((await TestAzurite.GetAsync()).ConnectionString, settings);

    /// <summary>
    /// What starting the app with <paramref name="settings"/> (and <paramref name="configure"/>) throws, or
    /// null. WebApplicationFactory's deferred host asks the app's services for their lifetime after the app
    /// may already have failed its start and disposed them (seen in CI-like runs under load): that
    /// ObjectDisposedException says nothing about the app, so the start is tried again.
    /// </summary>
    public static async Task<Exception?> StartFailureAsync(IDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var host = await StartAsync(settings);
            using var app = configure is null ? host : host.WithWebHostBuilder(configure);
            var failure = Xunit.Record.Exception(() => app.Server);
            if (failure is not ObjectDisposedException || attempt == 3)
            {
                return failure;
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(ContentRoot);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(ContentRoot, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
