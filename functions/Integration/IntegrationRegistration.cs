using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>Registers the outbound integration channel.</summary>
internal static class IntegrationRegistration
{
    /// <summary>
    /// <see cref="IntegrationOptions"/> (validated on start) and the <see cref="IIntegrationChannel"/>
    /// they choose: the <see cref="StorageQueueIntegrationChannel"/> by default, or the
    /// <see cref="ServiceBusIntegrationChannel"/> over the process's one <c>ServiceBusClient</c>
    /// (<see cref="ServiceBusClientRegistration"/>, shared with the command queue). The storage channel is
    /// registered as itself either way, for the dev route, which lists only what it sent; it keeps
    /// bodies for that listing only in Development. Needs the storage account, the clock and the
    /// task hub that <c>AddStorage</c> and <c>AddDurableRuntime</c> register.
    /// </summary>
    public static TBuilder AddIntegrationChannel<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<IntegrationOptions>()
            .BindConfiguration(IntegrationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var keepBodies = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton(services => new StorageQueueIntegrationChannel(
            services.GetRequiredService<StorageAccount>(),
            services.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHub,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<StorageQueueIntegrationChannel>>(),
            keepBodies));

        // One client and one sender per process, made on first use: nothing connects with the storage queue channel.
        builder.Services.AddIntegrationServiceBusClient();
        builder.Services.AddSingleton(services => new ServiceBusIntegrationChannel(
            services.GetIntegrationServiceBusClient().CreateSender(services.GetRequiredService<IOptions<IntegrationOptions>>().Value.ServiceBus.OutboundEntity),
            services.GetRequiredService<ILogger<ServiceBusIntegrationChannel>>()));

        builder.Services.AddSingleton<IIntegrationChannel>(services =>
            services.GetRequiredService<IOptions<IntegrationOptions>>().Value.UsesServiceBus
                ? services.GetRequiredService<ServiceBusIntegrationChannel>()
                : services.GetRequiredService<StorageQueueIntegrationChannel>());
        return builder;
    }
}
