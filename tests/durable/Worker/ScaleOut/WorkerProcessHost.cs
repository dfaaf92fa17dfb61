using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Tests.Worker.ScaleOut;

/// <summary>
/// The test assembly's entry point, unused by the test runner. <c>dotnet
/// HaH.Orchestration.Durable.Tests.dll worker --connection … --hub … --id … --partitions N</c> runs
/// one durable worker of <see cref="ScaleOutScenario"/> in its own process, so that a test can
/// kill it for real. It prints <c>ready</c> once started, logs partition changes, warnings and
/// its storage requests every 10 s to stdout, and stops gracefully when its standard input
/// closes (also when the test process dies). <c>--defaults true</c> keeps the runtime's default
/// intervals instead of the tests' short ones (to measure an idle worker's cost).
/// </summary>
internal static class WorkerProcessHost
{
    public const string ReadyLine = "ready";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["worker", .. var rest] || rest.Length % 2 != 0)
        {
            await Console.Error.WriteLineAsync("usage: worker --connection <connection string> --hub <task hub> --id <worker id> --partitions <count>");
            return 2;
        }

        var settings = rest.Chunk(2).ToDictionary(pair => pair[0].TrimStart('-'), pair => pair[1], StringComparer.Ordinal);
        var workerId = settings["id"];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new PartitionLogProvider(workerId));
        var counter = new StorageRequestCounter();
        builder.Services.AddSingleton(StorageAccount.FromConnectionString(settings["connection"], new StorageClientSettings { RequestCounter = counter }));
        void Configure(AzureStorageOptions options)
        {
            options.TaskHub = settings["hub"];
            options.WorkerId = workerId;
            options.PartitionCount = int.Parse(settings["partitions"], System.Globalization.CultureInfo.InvariantCulture);
            if (settings.GetValueOrDefault("defaults") != "true")
            {
                ScaleOutTests.Configure(options);
            }
        }

        builder.Services.AddDurableTaskWorker(worker => worker
            .AddTasks(registry => ScaleOutScenario.Register(registry, workerId))
            .Configure(options => options.DataConverter = TestRuntime.Payloads)
            .UseAzureStorage(Configure));
        builder.Services.AddDurableTaskClient(client => client.Configure(options => options.DataConverter = TestRuntime.Payloads).UseAzureStorage(Configure));

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine(ReadyLine);
        using var report = new PeriodicTimer(TimeSpan.FromSeconds(10));
        var reporting = ReportAsync(report, counter, workerId);
        await Console.In.ReadToEndAsync();
        report.Dispose();
        await reporting;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(stop.Token);
        Console.WriteLine("stopped");
        return 0;
    }

    private static async Task ReportAsync(PeriodicTimer timer, StorageRequestCounter counter, string workerId)
    {
        while (await timer.WaitForNextTickAsync())
        {
            var counts = counter.Snapshot();
            counter.Reset();
            Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {workerId} storage in 10 s: {counts}");
        }
    }

    /// <summary>Partition and worker events (ids 100–199) and every warning or error, one line each.</summary>
    private sealed class PartitionLogProvider(string workerId) : ILoggerProvider, ILogger
    {
        private static readonly object Gate = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning || eventId.Id is >= 100 and < 200)
            {
                lock (Gate)
                {
                    Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {workerId} {logLevel} {eventId.Id}: {formatter(state, exception)}");
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
