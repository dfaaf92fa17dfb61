using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>Registers how the app sends SMS.</summary>
internal static class SmsSendingRegistration
{
    /// <summary>
    /// The <see cref="LocalSmsOutbox"/> as <see cref="ISmsSender"/> (and as itself, for the dev
    /// routes). Needs the storage account, the clock and the task hub that <c>AddStorage</c> and
    /// <c>AddDurableRuntime</c> register.
    /// </summary>
    public static WebApplicationBuilder AddLocalSmsOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services => new LocalSmsOutbox(
            services.GetRequiredService<StorageAccount>().Tables,
            services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.TaskHub,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<LocalSmsOutbox>>()));
        builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<LocalSmsOutbox>());
        return builder;
    }
}
