using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// The app's own storage (the SMS outbox, idempotency keys, processed SMS events, the integration
/// queue) in the account of <c>AzureWebJobsStorage</c>, as in the standalone host, with table and
/// queue names prefixed by the task hub that host.json gives Durable Functions.
/// </summary>
internal static class AppStorageRegistration
{
    /// <summary>The setting host.json names the task hub with (<c>"hubName": "%TaskHub%"</c>).</summary>
    public const string TaskHubSetting = "TaskHub";

    public static FunctionsApplicationBuilder AddAppStorage(this FunctionsApplicationBuilder builder)
    {
        builder.AddStorage();

        // Durable Functions' timers run on the host's clock: the standalone host's virtual clock has no meaning here.
        builder.Services.AddSingleton(TimeProvider.System);

        // The app's tables are named after the task hub; here the hub is Durable Functions' one, not durable/'s.
        builder.Services.AddOptions<AzureStorageOptions>().Configure<IConfiguration>((options, configuration) =>
            options.TaskHub = TaskHubName(configuration));
        return builder;
    }

    /// <summary><c>TaskHub</c>; else the standalone host's <c>Durable:TaskHub</c>; else its default.</summary>
    public static string TaskHubName(IConfiguration configuration) =>
        new[] { configuration[TaskHubSetting], configuration["Durable:TaskHub"] }.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name))
        ?? DurableRegistration.DefaultTaskHub;
}
