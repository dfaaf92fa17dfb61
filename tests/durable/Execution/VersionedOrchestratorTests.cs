using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// Versions side by side, by the backend's naming convention: an instance started with version
/// <c>v</c> of <c>N</c> runs (and replays) on the orchestrator registered as <c>N@v</c> when there is
/// one, else on the one registered as plain <c>N</c>, the current code.
/// </summary>
public sealed class VersionedOrchestratorTests
{
    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_VersionRegisteredAsNameAtVersion_RunsThatCodeAndOthersRunThePlainName()
    {
        await using var runtime = await Runtimes.StartAsync(Register, Runtimes.ReplayEveryStep);

        var onV1 = await StartAsync(runtime, "on-v1", "1");
        var onV2 = await StartAsync(runtime, "on-v2", "2");
        var unversioned = await StartAsync(runtime, "unversioned", null);
        await runtime.Runtime.WaitForIdleAsync();
        foreach (var id in new[] { onV1, onV2, unversioned })
        {
            await runtime.Client.RaiseEventAsync(id, "Discharged", "day 3");
        }

        // Each replayed from storage for the event: the version picks the code on replay too.
        Assert.Equal("v1 admitted, discharged day 3", (await runtime.WaitForCompletionAsync(onV1)).ReadOutputAs<string>());
        Assert.Equal("current admitted, visited, discharged day 3", (await runtime.WaitForCompletionAsync(onV2)).ReadOutputAs<string>());
        Assert.Equal("current admitted, visited, discharged day 3", (await runtime.WaitForCompletionAsync(unversioned)).ReadOutputAs<string>());
        Assert.Equal("1", (await runtime.HistoryAsync(onV1)).OfType<ExecutionStartedEvent>().Single().Version);
    }

    [Fact]
    public async Task ContinueAsNew_OldVersionMovingToANewVersion_RunsTheNextGenerationOnThatVersionsCode()
    {
        await using var runtime = await Runtimes.StartAsync(registry => Register(registry
            .AddOrchestratorFunc<string?, string>("Eternal@1", (context, _) =>
            {
                context.ContinueAsNew(new ContinueAsNewOptions { NewInput = "from v1", NewVersion = "2" });
                return Task.FromResult("");
            })
            .AddOrchestratorFunc<string?, string>("Eternal", (context, input) => Task.FromResult($"current code, {input}, version {context.Version}"))));

        var id = await StartAsync(runtime, "eternal", "1", "Eternal");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("current code, from v1, version 2", done.ReadOutputAs<string>());
        Assert.Equal(1, done.Generation());
    }

    private static Task<string> StartAsync(TestRuntime runtime, string id, string? version, string name = "Admission") =>
        runtime.Client.ScheduleNewOrchestrationInstanceAsync(name, null, new StartOrchestrationOptions { InstanceId = id, Version = version is null ? null : new TaskVersion(version) });

    private static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Note", (_, text) => text)
        .AddOrchestratorFunc<string?, string>("Admission@1", async (context, _) =>
        {
            var admitted = await context.CallActivityAsync<string>("Note", "v1 admitted");
            return $"{admitted}, discharged {await context.WaitForExternalEvent<string>("Discharged")}";
        })
        .AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            var admitted = await context.CallActivityAsync<string>("Note", "current admitted");
            var visited = await context.CallActivityAsync<string>("Note", "visited");
            return $"{admitted}, {visited}, discharged {await context.WaitForExternalEvent<string>("Discharged")}";
        });
}
