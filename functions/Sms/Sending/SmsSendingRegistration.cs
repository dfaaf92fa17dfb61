using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Sms.Acs;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>Registers how the app sends SMS.</summary>
internal static class SmsSendingRegistration
{
    /// <summary>How long one request to ACS may take before it counts as failed (and is retried).</summary>
    public static readonly TimeSpan AcsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="ISmsSender"/>: <see cref="AcsSmsSender"/> when <c>Sms:ConnectionString</c> and <c>Sms:From</c>
    /// are set, otherwise the <see cref="LocalSmsOutbox"/> (which is registered either way, for the dev
    /// routes); the settings are validated on start. Also <see cref="SmsMessageLog"/>, the delivery states.
    /// Needs the storage account, the clock and the task hub that <c>AddStorage</c> and <c>AddDurableRuntime</c> register.
    /// </summary>
    public static TBuilder AddSmsSending<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<AcsSmsOptions>()
            .BindConfiguration(AcsSmsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(AcsSmsSender.HttpClientName, client => client.Timeout = AcsTimeout);

        services.AddSingleton(provider => new LocalSmsOutbox(
            provider.GetRequiredService<StorageAccount>().Tables,
            TaskHub(provider),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LocalSmsOutbox>>()));
        services.AddSingleton(provider => new SmsMessageLog(provider.GetRequiredService<StorageAccount>().Tables, TaskHub(provider)));
        services.AddSingleton(provider => new AcsSmsSender(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<AcsSmsOptions>>().Value,
            provider.GetRequiredService<SmsMessageLog>(),
            TaskHub(provider),
            TimeProvider.System, // ACS checks request times against its own clock, also when the host's is virtual.
            provider.GetRequiredService<ILogger<AcsSmsSender>>()));
        services.AddSingleton<ISmsSender>(provider => provider.GetRequiredService<IOptions<AcsSmsOptions>>().Value.IsConfigured
            ? provider.GetRequiredService<AcsSmsSender>()
            : provider.GetRequiredService<LocalSmsOutbox>());
        return builder;
    }

    private static string TaskHub(IServiceProvider provider) => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHub;
}
