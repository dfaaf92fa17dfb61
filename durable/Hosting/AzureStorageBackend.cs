using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>
/// What the worker and the client of one process share, registered once whichever of them is
/// added first: the options, the task hub's runtime (storage, partitions, in-process hand-overs)
/// and <see cref="DurableRuntime"/>.
/// </summary>
internal static class AzureStorageBackend
{
    public static void Add(IServiceCollection services, Action<AzureStorageOptions>? configure)
    {
        var options = services.AddOptions<AzureStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(service => service.ServiceType == typeof(TaskHubRuntime)))
        {
            return;
        }

        options.BindConfiguration(AzureStorageOptions.Section).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new TaskHubRuntime(
            provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value,
            provider.GetRequiredService<StorageAccount>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IFaultInjector>()));
        services.AddSingleton(provider => new DurableRuntime(provider.GetRequiredService<TaskHubRuntime>()));
    }
}
