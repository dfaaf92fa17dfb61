using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// The process's one <see cref="ServiceBusClient"/>, registered the Azure SDK way
/// (<c>AddAzureClients</c>): made on first use from <see cref="ServiceBusOptions"/> — a connection
/// string, or the namespace with <see cref="DefaultAzureCredential"/> (the managed identity in
/// Azure) — and disposed with the host. The outbound channel and the command queue share it, so
/// they share one AMQP connection.
/// </summary>
internal static class ServiceBusClientRegistration
{
    /// <summary>The client's name in <see cref="IAzureClientFactory{TClient}"/>.</summary>
    public const string ClientName = "Integration";

    /// <summary>
    /// The SDK's own retries of one operation, before a failure reaches the caller (the publish
    /// activity, whose retry policy then tries again minutes later): exponential from 1 s, at most
    /// 3 retries, each attempt given 30 s, no wait longer than 30 s.
    /// </summary>
    public static ServiceBusRetryOptions RetryOptions() => new()
    {
        Mode = ServiceBusRetryMode.Exponential,
        MaxRetries = 3,
        Delay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        TryTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Registers the client; needs <see cref="IntegrationOptions"/> bound. Nothing connects until a sender or processor is used.</summary>
    public static IServiceCollection AddIntegrationServiceBusClient(this IServiceCollection services)
    {
        services.AddAzureClients(clients => clients
            .AddClient<ServiceBusClient, ServiceBusClientOptions>((clientOptions, credential, provider) =>
            {
                var settings = provider.GetRequiredService<IOptions<IntegrationOptions>>().Value.ServiceBus;
                return settings.HasConnectionString
                    ? new ServiceBusClient(settings.ConnectionString, clientOptions)
                    : new ServiceBusClient(settings.FullyQualifiedNamespace!.Trim(), credential, clientOptions);
            })
            .WithName(ClientName)

            // Used only with a namespace; creating it reads the environment, asking for a token waits until the first send.
            .WithCredential(_ => new DefaultAzureCredential())
            .ConfigureOptions(options => options.RetryOptions = RetryOptions()));
        return services;
    }

    /// <summary>The client (made on first call).</summary>
    public static ServiceBusClient GetIntegrationServiceBusClient(this IServiceProvider services) =>
        services.GetRequiredService<IAzureClientFactory<ServiceBusClient>>().CreateClient(ClientName);
}
