using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Functions.Sms.Webhook;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>Registers SMS in and out: the sender (ACS or the local outbox) and what the webhook needs.</summary>
internal static class SmsRegistration
{
    /// <summary>
    /// <see cref="SmsSendingRegistration.AddSmsSending"/>, and the webhook's <see cref="SmsEventProcessor"/>
    /// with its table of processed event ids. The processor hands replies to <see cref="SmsInbound"/>,
    /// which the admission services register.
    /// </summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        builder.AddSmsSending();
        builder.Services.AddSingleton(provider => new SeenSmsEvents(
            provider.GetRequiredService<StorageAccount>().Tables,
            provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value.TaskHub,
            provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SmsEventProcessor>();
        return builder;
    }
}
