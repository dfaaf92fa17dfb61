using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Functions.Sms.Webhook;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>Registers SMS in and out: the sender (ACS or the local outbox) and what the webhook needs.</summary>
internal static class SmsRegistration
{
    /// <summary>
    /// <see cref="SmsSendingRegistration.AddSmsSending"/>; the <see cref="SmsInboundOptions"/> (validated on
    /// start, the development pseudonym key refused outside Development); <see cref="PhoneLineIds"/>; the
    /// rate-limited <see cref="UnknownSenderHelp"/>; the webhook's <see cref="SmsEventProcessor"/> with its
    /// tables of processed and rejected events; and the meter of <see cref="SmsMetrics"/>. The processor
    /// hands replies to <see cref="SmsInbound"/>, which the admission services register.
    /// </summary>
    public static TBuilder AddSms<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddSmsSending();
        var services = builder.Services;
        services.AddOptions<SmsInboundOptions>()
            .BindConfiguration(SmsInboundOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IHostEnvironment>(
                (options, environment) => environment.IsDevelopment() || options.PseudonymKey != SmsInboundOptions.DevelopmentPseudonymKey,
                $"{SmsInboundOptions.Section}:PseudonymKey is the documented development key, which is refused outside Development: "
                + "set a secret of this deployment, at least 32 characters (e.g. 32 random bytes in base64), and never change it while admissions run.")
            .ValidateOnStart();
        services.AddSingleton(provider => new PhoneLineIds(provider.GetRequiredService<IOptions<SmsInboundOptions>>().Value.PseudonymKey));
        services.AddSingleton<SmsMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(SmsMetrics.MeterName));
        services.AddSingleton<UnknownSenderHelp>();
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

    private static string TaskHub(IServiceProvider provider) => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHub;
}
