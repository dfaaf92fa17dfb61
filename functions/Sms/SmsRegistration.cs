using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Functions.Sms.Webhook;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>Registers SMS in and out: the sender (ACS or the local outbox) and what the webhook needs.</summary>
internal static class SmsRegistration
{
    /// <summary>
    /// <see cref="SmsSendingRegistration.AddSmsSending"/>; the webhook's <see cref="SmsEventProcessor"/> with its
    /// tables of processed and rejected events; and the meter of <see cref="SmsMetrics"/>. The processor
    /// hands replies to <see cref="SmsInbound"/>, which the admission services register.
    /// </summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        builder.AddSmsSending();
        var services = builder.Services;
        services.AddSingleton<SmsMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(SmsMetrics.MeterName));
        services.AddSingleton(provider => new SeenSmsEvents(
            provider.GetRequiredService<StorageAccount>().Tables,
            TaskHub(provider),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new RejectedSmsEvents(
            provider.GetRequiredService<StorageAccount>().Tables,
            TaskHub(provider),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SmsEventProcessor>();
        return builder;
    }

    private static string TaskHub(IServiceProvider provider) => provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value.TaskHub;
}
