using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Time;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// Adds the Durable Task SDK's worker (the workflow's orchestrators and activities) and client, both
/// on the Azure Storage backend of <c>durable/</c>, and the clock they run on. Payloads are
/// JSON as the app writes it everywhere (<see cref="DurableSerializer"/>).
/// </summary>
internal static class DurableRegistration
{
    /// <summary>The task hub when no setting names one (the sample's documented default).</summary>
    public const string DefaultTaskHub = "hah";

    private static readonly DataConverter Payloads = new JsonDataConverter(DurableSerializer.Options);

    public static WebApplicationBuilder AddDurableRuntime(this WebApplicationBuilder builder, Action<DurableTaskRegistry> registerTasks)
    {
        builder.Services.AddSingleton(services => CreateClock(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()));
        builder.Services.AddDurableTaskWorker(worker => worker
            .AddTasks(registerTasks)
            .Configure(options => options.DataConverter = Payloads)
            .UseAzureStorage());
        builder.Services.AddDurableTaskClient(client => client
            .Configure(options => options.DataConverter = Payloads)
            .UseAzureStorage());
        builder.Services.AddOptions<AzureStorageOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(configuration["Durable:TaskHub"]))
            {
                options.TaskHub = DefaultTaskHub;
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>Clock:Mode</c> <c>System</c> (default) or <c>Virtual</c>; the virtual clock starts at
    /// <c>Clock:Start</c> (or now) and moves only when told. Virtual time outside Development
    /// would let anyone with a key move every patient's schedule: refused.
    /// </summary>
    internal static TimeProvider CreateClock(IConfiguration configuration, IHostEnvironment environment)
    {
        var mode = configuration["Clock:Mode"];
        if (string.IsNullOrWhiteSpace(mode) || mode.Equals("System", StringComparison.OrdinalIgnoreCase))
        {
            return TimeProvider.System;
        }

        if (!mode.Equals("Virtual", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Clock:Mode '{mode}' is not known: use System or Virtual.");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("Clock:Mode Virtual is only allowed in Development.");
        }

        var start = configuration["Clock:Start"];
        if (string.IsNullOrWhiteSpace(start))
        {
            return new VirtualTimeProvider(TimeProvider.System.GetUtcNow());
        }

        return DateTimeOffset.TryParse(start, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant)
            ? new VirtualTimeProvider(instant.ToUniversalTime())
            : throw new InvalidOperationException($"Clock:Start '{start}' is not an ISO 8601 instant, e.g. 2026-03-28T08:00:00+01:00.");
    }
}
