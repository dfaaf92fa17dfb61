using HaH.Orchestration.Durable.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Bench.LongAdmission;

/// <summary>
/// The hospital-at-home app (functions/Program.cs) in memory, as its tests host it: Development,
/// an empty content root (no developer's local.settings.json), the bench's Azurite and task hub,
/// the virtual clock, and a storage account whose requests are counted.
/// </summary>
internal sealed class BenchApplication(StorageAccount account, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("hah-bench-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(_contentRoot);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton(account));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_contentRoot, recursive: true);
            }
            catch (IOException)
            {
                // A leftover empty temp folder is harmless.
            }
        }
    }
}
