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
    /// <see cref="ServiceBusIntegrationChannel"/> (a typed HttpClient). The storage channel is
    /// registered as itself either way, for the dev route, which lists only what it sent; it keeps
    /// bodies for that listing only in Development. Needs the storage account, the clock and the
    /// task hub that <c>AddStorage</c> and <c>AddDurableRuntime</c> register.
    /// </summary>
    public static WebApplicationBuilder AddIntegrationChannel(this WebApplicationBuilder builder)
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

        // The wall clock, not the host's (possibly virtual) one: Service Bus checks token expiry in real time.
        builder.Services.AddSingleton(services =>
        {
            var connection = services.GetRequiredService<IOptions<IntegrationOptions>>().Value.ServiceBusTarget().Connection;
            return new ServiceBusSasTokenProvider(connection.KeyName, connection.Key, TimeProvider.System);
        });
        builder.Services.AddHttpClient<ServiceBusIntegrationChannel>(http => http.Timeout = TimeSpan.FromSeconds(30));

        // Transient, so that the typed client's HttpClient is not captured for the host's lifetime.
        builder.Services.AddTransient<IIntegrationChannel>(services =>
            services.GetRequiredService<IOptions<IntegrationOptions>>().Value.UsesServiceBus
                ? services.GetRequiredService<ServiceBusIntegrationChannel>()
                : services.GetRequiredService<StorageQueueIntegrationChannel>());
        return builder;
    }
}
