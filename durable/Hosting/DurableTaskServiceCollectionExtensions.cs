using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>Adds the durable runtime to a host.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: the registry filled by <paramref name="registerTasks"/>, the
    /// <see cref="DurableTaskClient"/>, <see cref="DurableRuntime"/> and (unless
    /// <see cref="DurableTaskOptions.RunWorker"/> is false) the hosted worker. Needs a
    /// <see cref="StorageAccount"/> in the container; uses the container's
    /// <see cref="TimeProvider"/> (the system clock unless one is registered). Options come from
    /// the <c>Durable</c> configuration section and <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddDurableTask(
        this IServiceCollection services,
        Action<DurableTaskRegistry> registerTasks,
        Action<DurableTaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(registerTasks);
        var registry = new DurableTaskRegistry();
        registerTasks(registry);
        var options = services.AddOptions<DurableTaskOptions>().BindConfiguration(DurableTaskOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton(provider => new TaskHubRuntime(
            provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value,
            provider.GetRequiredService<StorageAccount>(),
            registry,
            provider,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IFaultInjector>()));
        services.AddSingleton(provider => new DurableTaskClient(provider.GetRequiredService<TaskHubRuntime>()));
        services.AddSingleton(provider => new DurableRuntime(provider.GetRequiredService<TaskHubRuntime>()));
        services.AddHostedService<DurableTaskWorker>();
        return services;
    }
}
