using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Durable.Worker;
using HaH.Orchestration.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// A worker process in a test: a generic host with the Durable Task SDK's worker and client on this
/// backend, on the test run's Azurite, its own task hub (unless one is given, to share it), fast
/// polling and short time-outs so that crash recovery is quick, and optionally a virtual clock and
/// a fault injector. Payloads are JSON as <see cref="DurableSerializer"/> writes them. With
/// <c>runWorker: false</c> the host is a client only.
/// </summary>
internal sealed class TestRuntime : IAsyncDisposable
{
    private readonly IHost _host;

    private TestRuntime(IHost host, string taskHub, StorageAccount account)
    {
        _host = host;
        TaskHub = taskHub;
        Account = account;
    }

    public string TaskHub { get; }

    public StorageAccount Account { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public DurableRuntime Runtime => _host.Services.GetRequiredService<DurableRuntime>();

    public TimeProvider Clock => _host.Services.GetRequiredService<TimeProvider>();

    public VirtualTimeProvider VirtualClock => (VirtualTimeProvider)Clock;

    internal TaskHubStorage Storage => _host.Services.GetRequiredService<TaskHubStorage>();

    internal OwnedPartitions Owned => _host.Services.GetRequiredService<OwnedPartitions>();

    internal MessageDispatch Dispatch => _host.Services.GetRequiredService<MessageDispatch>();

    internal LocalFinishes Finishes => _host.Services.GetRequiredService<LocalFinishes>();

    /// <summary>The payload converter every test runtime uses (the app's).</summary>
    public static readonly DataConverter Payloads = new JsonDataConverter(DurableSerializer.Options);

    public static async Task<TestRuntime> StartAsync(
        Action<DurableTaskRegistry> register,
        Action<AzureStorageOptions>? configure = null,
        TimeProvider? clock = null,
        string? taskHub = null,
        IFaultInjector? faults = null,
        Action<IServiceCollection>? services = null,
        bool runWorker = true)
    {
        var account = await TestAzurite.GetAccountAsync();
        taskHub ??= TestTaskHub.NewName();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(account);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        if (faults is not null)
        {
            builder.Services.AddSingleton(faults);
        }

        services?.Invoke(builder.Services);
        void Configure(AzureStorageOptions options)
        {
            options.TaskHub = taskHub;
            options.PartitionCount = 2;
            options.LeaseDuration = TimeSpan.FromSeconds(15);
            options.LeaseRenewInterval = TimeSpan.FromSeconds(1);
            options.MessageVisibilityTimeout = TimeSpan.FromSeconds(3);
            options.MinPollingInterval = TimeSpan.FromMilliseconds(20);
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(500);
            configure?.Invoke(options);
        }

        if (runWorker)
        {
            builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(register).Configure(o => o.DataConverter = Payloads).UseAzureStorage(Configure));
        }

        builder.Services.AddDurableTaskClient(client => client.Configure(o => o.DataConverter = Payloads).UseAzureStorage(Configure));
        var host = builder.Build();
        await host.StartAsync();
        return new TestRuntime(host, taskHub, account);
    }

    /// <summary>Waits until the instance finished; fails the test after <paramref name="timeout"/> (default 60 s).</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await Client.GetInstanceAsync(instanceId, true);
            throw new TimeoutException($"Instance {instanceId} did not finish: {instance?.RuntimeStatus}, custom status {instance?.SerializedCustomStatus}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
