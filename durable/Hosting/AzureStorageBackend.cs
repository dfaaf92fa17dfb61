using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>
/// What the worker and the client of one process share, registered once whichever of them is
/// added first: the options, the task hub's storage seams, the partitions this process owns (so
/// that a message sent here reaches its owner in memory), the work in flight (for idle
/// detection), instances seen finishing, and <see cref="DurableRuntime"/>.
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

        if (services.Any(service => service.ServiceType == typeof(TaskHubStorage)))
        {
            return;
        }

        options.BindConfiguration(AzureStorageOptions.Section).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFaultInjector>(NoFaults.Instance);
        services.AddSingleton(provider =>
        {
            var hub = Options(provider);
            return new TaskHubStorage(provider.GetRequiredService<StorageAccount>(), new TaskHubNames(hub.TaskHub, hub.PartitionCount), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider => new OwnedPartitions(Options(provider).PartitionCount));
        services.AddSingleton(provider => new MessageDispatch(
            provider.GetRequiredService<TaskHubStorage>(),
            provider.GetRequiredService<OwnedPartitions>(),
            new WakeUpBell(provider.GetRequiredService<TaskHubStorage>().WakeUps, (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Logs.Category))));
        services.AddSingleton<WorkInFlight>();
        services.AddSingleton<LocalFinishes>();
        services.AddSingleton(provider => new DurableRuntime(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<OwnedPartitions>(),
            provider.GetRequiredService<WorkInFlight>(),
            provider.GetRequiredService<TaskHubStorage>(),
            provider.GetRequiredService<MessageDispatch>()));
    }

    private static AzureStorageOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
}
