using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>Registers the outbound integration channel.</summary>
internal static class IntegrationRegistration
{
    /// <summary>
    /// The <see cref="StorageQueueIntegrationChannel"/> as <see cref="IIntegrationChannel"/> (and
    /// as itself, for the dev route), keeping bodies for listing only in Development. Needs the
    /// storage account, the clock and the task hub that <c>AddStorage</c> and
    /// <c>AddDurableRuntime</c> register.
    /// </summary>
    public static WebApplicationBuilder AddIntegrationChannel(this WebApplicationBuilder builder)
    {
        var keepBodies = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton(services => new StorageQueueIntegrationChannel(
            services.GetRequiredService<StorageAccount>(),
            services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.TaskHub,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<StorageQueueIntegrationChannel>>(),
            keepBodies));
        builder.Services.AddSingleton<IIntegrationChannel>(services => services.GetRequiredService<StorageQueueIntegrationChannel>());
        return builder;
    }
}
