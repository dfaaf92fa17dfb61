using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>A normal stop is quiet: what a stop cancels comes back by design and is not worth a warning.</summary>
public sealed class WorkerShutdownTests
{
    [Fact]
    public async Task Stop_ActivityFinishingAfterTheStop_LogsNoWarningOrError()
    {
        var logs = new WarningsAndErrors();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TestRuntime? runtime = null;
        runtime = await TestRuntime.StartAsync(
            registry => registry
                .AddOrchestratorFunc<object?, string>("CallsSlowActivity", (context, _) => context.CallActivityAsync<string>("FinishesAfterTheStop"))
                .AddActivityFunc<object?, string>("FinishesAfterTheStop", async (context, _) =>
                {
                    // The SDK's activities get no cancellation token: the test tells the activity
                    // when it stops the worker.
                    started.TrySetResult();
                    await stopping.Task;

                    // Finished once the partitions are released, its result can only be sent, with
                    // the stop's cancelled token.
                    while (runtime!.Owned.All.Count > 0)
                    {
                        await Task.Delay(10);
                    }

                    return "done after the stop";
                }),
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("CallsSlowActivity");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        stopping.SetResult();
        await runtime.DisposeAsync();

        Assert.Empty(logs.Entries);
    }

    /// <summary>Collects every warning and error logged.</summary>
    private sealed class WarningsAndErrors : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningsAndErrors owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Entries.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}");
                }
            }
        }
    }
}
