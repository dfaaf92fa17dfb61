using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Letters;
using Microsoft.Extensions.Options;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Integration;

namespace HaH.Orchestration.Functions.Admissions;

/// <summary>What the admission workflow's activities need: settings, the SMS sender, the integration channel and the discharge letter's format.</summary>
internal static class AdmissionServices
{
    public static WebApplicationBuilder AddAdmissionServices(this WebApplicationBuilder builder)
    {
        builder.AddAdmissionActivityServices();
        builder.Services.AddSingleton<AdmissionStarter>();
        builder.Services.AddSingleton<AdmissionRequests>();
        builder.AddIdempotencyKeys();
        builder.Services.AddSingleton<SmsInbound>();
        return builder;
    }

    /// <summary>The table of the admission changes' <c>Idempotency-Key</c>s, named after the task hub.</summary>
    public static TBuilder AddIdempotencyKeys<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(provider => new IdempotencyKeys(
            provider.GetRequiredService<StorageAccount>().Tables,
            provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHub,
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// What the workflow's activities resolve, in any host (the standalone one and the Functions app):
    /// the escalation settings, SMS, the integration channel and the discharge letter's format.
    /// Needs the storage account, the clock and the task hub's name registered.
    /// </summary>
    public static TBuilder AddAdmissionActivityServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<EscalationOptions>()
            .BindConfiguration(EscalationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddSms();
        builder.AddIntegrationChannel();
        builder.AddDischargeLetters();
        return builder;
    }
}
