using DurableTask.Core.History;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Tests.Worker;
using HaH.Orchestration.Durable.Time;
using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>The end-to-end tests' worker: <see cref="TestRuntime"/> on Azurite and a virtual clock, so that time passes only when a test moves it.</summary>
internal static class Runtimes
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static Task<TestRuntime> StartAsync(Action<DurableTaskRegistry> register, Action<AzureStorageOptions>? configure = null) =>
        TestRuntime.StartAsync(register, configure, new VirtualTimeProvider(Start));

    /// <summary>Every step replays the instance from storage: no execution is kept between steps.</summary>
    public static void ReplayEveryStep(AzureStorageOptions options) => options.MaxCachedInstances = 0;

    /// <summary>The current generation's history.</summary>
    public static async Task<IList<HistoryEvent>> HistoryAsync(this TestRuntime runtime, string instanceId) =>
        await runtime.Client.GetOrchestrationHistoryAsync(instanceId);
}
