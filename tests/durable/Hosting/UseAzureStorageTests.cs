using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Partitions;

namespace HaH.Orchestration.Durable.Tests.Hosting;

/// <summary>
/// The backend behind the SDK's builders: <c>AddDurableTaskClient(b => b.UseAzureStorage())</c> alone
/// makes a client that stores what it is asked and processes nothing; a host that also adds the
/// worker (<c>AddDurableTaskWorker(b => b.AddTasks(...).UseAzureStorage())</c>) takes the partitions
/// and runs the instances.
/// </summary>
public sealed class UseAzureStorageTests
{
    private static void Quick(DurableTaskRegistry registry) => registry.AddOrchestratorFunc<string, string>("Quick", (_, name) => Task.FromResult($"hello {name}"));

    [Fact]
    public async Task AddDurableTaskClient_WithoutWorker_StoresTheStartAndLeavesItToAWorkerHost()
    {
        await using var client = await TestRuntime.StartAsync(Quick, runWorker: false);

        var id = await client.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "ann");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await client.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty(client.Runtime.OwnedPartitions);
        Assert.All(await client.Storage.Leases.ReadOwnersAsync(), lease => Assert.Null(lease.OwnerId));

        await using var worker = await TestRuntime.StartAsync(Quick, taskHub: client.TaskHub);
        var done = await client.WaitForCompletionAsync(id);

        Assert.Equal("hello ann", done.ReadOutputAs<string>());
        Assert.Contains(worker.Owned.PartitionOf(id), worker.Runtime.OwnedPartitions);
    }
}
