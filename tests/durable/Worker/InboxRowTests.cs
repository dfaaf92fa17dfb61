using DurableTask.Core.History;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using HaH.Orchestration.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// A message sent from the process that owns its instance's partition (a client's event, an
/// answer, an event between instances) is an inbox row beside the instance, handed over in memory:
/// one write, no queue message to send, receive or delete; the commit that applies it deletes the
/// row. After a crash the partition's recovery finds the row and applies it, once.
/// </summary>
public sealed class InboxRowTests
{
    private static void Waits(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go"));

    [Fact]
    public async Task EventRaisedInTheOwnersProcess_IsOneRowWrite_AndTheCommitThatAppliesItDeletesTheRow()
    {
        var counter = new StorageRequestCounter();
        var connection = (await TestAzurite.GetAsync()).ConnectionString;
        await using var runtime = await TestRuntime.StartAsync(
            Waits, services: services => services.AddSingleton(StorageAccount.FromConnectionString(connection, new StorageClientSettings { RequestCounter = counter })));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Runtime.WaitForIdleAsync();
        counter.Reset();

        await runtime.Client.RaiseEventAsync(id, "Go", "confirmed");
        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20));
        await runtime.Runtime.WaitForIdleAsync();

        var counts = counter.Snapshot();
        Assert.Equal("confirmed", done.ReadOutputAs<string>());
        Assert.Equal(0, counts.Operation(StorageService.Queue, "send"));
        Assert.Equal(0, counts.Operation(StorageService.Queue, "delete"));
        Assert.Equal(0, counts.Operation(StorageService.Table, "delete"));
        Assert.Empty((await runtime.Storage.Instances.ReadStateAndInboxAsync(id)).Inbox);
    }

    [Fact]
    public async Task CrashBeforeTheCommitThatAppliesIt_RecoveryFindsTheRowAndAppliesTheEventOnce()
    {
        var faults = new CrashOnceBeforeCommit();
        await using var runtime = await TestRuntime.StartAsync(Waits, faults: faults);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Runtime.WaitForIdleAsync();
        faults.Arm(id);

        await runtime.Client.RaiseEventAsync(id, "Go", "confirmed");
        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20));

        Assert.True(faults.Crashed);
        Assert.Equal("confirmed", done.ReadOutputAs<string>());
        Assert.Single((await runtime.Client.OnlyGenerationAsync(id)).OfType<EventRaisedEvent>());
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Empty((await runtime.Storage.Instances.ReadStateAndInboxAsync(id)).Inbox);
    }

    /// <summary>Crashes, as a dying process would (nothing given back), the armed instance's next commit.</summary>
    private sealed class CrashOnceBeforeCommit : IFaultInjector
    {
        private readonly Lock _gate = new();
        private string? _armed;

        public bool Crashed { get; private set; }

        public void Arm(string instanceId)
        {
            lock (_gate)
            {
                _armed = instanceId;
            }
        }

        public void At(FaultPoint point, string instanceId)
        {
            lock (_gate)
            {
                if (point != FaultPoint.BeforeCommit || _armed != instanceId)
                {
                    return;
                }

                _armed = null;
                Crashed = true;
            }

            throw new InjectedFaultException(point, instanceId);
        }
    }
}
