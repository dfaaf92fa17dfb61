using System.Collections.Concurrent;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Versions side by side, by the naming convention <c>Name@version</c>: an instance is stamped with
/// its version at start and replays on the orchestrator registered as <c>Name@version</c>, also when
/// every step is replayed from storage; new instances get the client's default version and run the
/// current code, registered as <c>Name</c>. A worker without an instance's old version runs the
/// current code on it, and DurableTask.Core fails it visibly where that code decides differently; a
/// worker without the orchestrator at all fails it as not registered.
/// </summary>
public sealed class VersioningTests
{
    // Every step replays the instance from storage: no live execution is kept between steps.
    private static void ReplayEveryStep(AzureStorageOptions options) => options.MaxCachedInstances = 0;

    // New instances are stamped "v2": the version of the code registered as plain "Admission".
    private static void V2IsCurrent(IServiceCollection services) => services.Configure<DurableTaskClientOptions>(options => options.DefaultVersion = "v2");

    [Fact]
    public async Task Schedule_V1AndDefaultV2SideBySide_EachReplaysOnItsOwnVersionAcrossSteps()
    {
        var runs = new Runs();
        await using var runtime = await TestRuntime.StartAsync(registry => Register(registry, runs, withV1: true), ReplayEveryStep, services: V2IsCurrent);

        var onV1 = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "ann", new StartOrchestrationOptions { InstanceId = "on-v1", Version = "v1" });
        var onDefault = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "bo", new StartOrchestrationOptions { InstanceId = "on-default" });
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal("v1", await StampedVersionAsync(runtime, onV1));
        Assert.Equal("v2", await StampedVersionAsync(runtime, onDefault));

        await runtime.Client.RaiseEventAsync(onV1, "Discharged", "day 3");
        await runtime.Client.RaiseEventAsync(onDefault, "Discharged", "day 5");
        var v1 = await runtime.WaitForCompletionAsync(onV1, TimeSpan.FromSeconds(20));
        var v2 = await runtime.WaitForCompletionAsync(onDefault, TimeSpan.FromSeconds(20));

        Assert.Equal("v1: admitted ann; discharged day 3", v1.ReadOutputAs<string>());
        Assert.Equal("v2: admitted bo; visit bo; discharged day 5; summary bo", v2.ReadOutputAs<string>());
        Assert.Equal(["v1"], runs.VersionsRunFor(onV1));
        Assert.Equal(["v2"], runs.VersionsRunFor(onDefault));

        // The event came after at least one committed step, so both versions were replayed from storage,
        // and the context told each its instance's stamp.
        Assert.Contains(("on-v1", "v1"), runs.Replays);
        Assert.Contains(("on-default", "v2"), runs.Replays);
        Assert.Equal(["v1"], runs.StampsSeenBy(onV1));
        Assert.Equal(["v2"], runs.StampsSeenBy(onDefault));
    }

    [Fact]
    public async Task Restart_WorkerWithoutV1_RunsTheCurrentCodeOnTheV1InstanceAndFailsItWhereItDecidesDifferently()
    {
        var runs = new Runs();
        string taskHub;
        await using (var before = await TestRuntime.StartAsync(registry => Register(registry, runs, withV1: true), ReplayEveryStep, services: V2IsCurrent))
        {
            taskHub = before.TaskHub;
            await before.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "ann", new StartOrchestrationOptions { InstanceId = "on-v1", Version = "v1" });
            await before.Runtime.WaitForIdleAsync();
        }

        await using var after = await TestRuntime.StartAsync(registry => Register(registry, runs, withV1: false), ReplayEveryStep, taskHub: taskHub, services: V2IsCurrent);
        await after.Client.RaiseEventAsync("on-v1", "Discharged", "day 3");
        var failed = await after.WaitForCompletionAsync("on-v1", TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(failed.FailureDetails);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("named 'Note'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("instead scheduled an activity task named 'Admit'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["v1", "v2"], runs.VersionsRunFor("on-v1"));
        Assert.Equal("v1", await StampedVersionAsync(after, "on-v1"));
        var history = await after.Client.OnlyGenerationAsync("on-v1");
        Assert.Equal(["Note"], history.OfType<TaskScheduledEvent>().Select(e => e.Name));
    }

    [Fact]
    public async Task Schedule_OrchestratorRegisteredUnderNoName_FailsVisiblyAsNotRegistered()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => Register(registry, new Runs(), withV1: true), ReplayEveryStep);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Discharge", "ann", new StartOrchestrationOptions { Version = "v1" });
        var failed = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(failed.FailureDetails);
        Assert.Equal(FailureTypes.OrchestratorNotRegistered, failure.ErrorType);
        Assert.Contains("'Discharge' version 'v1'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Discharge@v1'", failure.ErrorMessage, StringComparison.Ordinal);
    }

    private static async Task<string?> StampedVersionAsync(TestRuntime runtime, string instanceId) =>
        (await runtime.Client.OnlyGenerationAsync(instanceId)).OfType<ExecutionStartedEvent>().Single().Version;

    private static void Register(DurableTaskRegistry registry, Runs runs, bool withV1)
    {
        registry
            .AddActivityFunc<string, string>("Note", (_, text) => Task.FromResult(text))
            .AddActivityFunc<string, string>("Admit", (_, text) => Task.FromResult(text));
        if (withV1)
        {
            registry.AddOrchestratorFunc<string, string>(
                "Admission@v1",
                async (context, patient) =>
                {
                    runs.Record(context, "v1");
                    var admitted = await context.CallActivityAsync<string>("Note", $"admitted {patient}");
                    var discharged = await context.WaitForExternalEvent<string>("Discharged");
                    return $"v1: {admitted}; discharged {discharged}";
                });
        }

        // The current code, version v2: its first decision is another activity than v1's.
        registry.AddOrchestratorFunc<string, string>(
            "Admission",
            async (context, patient) =>
            {
                runs.Record(context, "v2");
                var admitted = await context.CallActivityAsync<string>("Admit", $"admitted {patient}");
                var visit = await context.CallActivityAsync<string>("Note", $"visit {patient}");
                var discharged = await context.WaitForExternalEvent<string>("Discharged");
                var summary = await context.CallActivityAsync<string>("Note", $"summary {patient}");
                return $"v2: {admitted}; {visit}; discharged {discharged}; {summary}";
            });
    }

    /// <summary>Which version's code ran for which instance, the stamp its context reported, and which runs were replays.</summary>
    private sealed class Runs
    {
        private readonly ConcurrentQueue<(string InstanceId, string Version, string Stamp, bool Replaying)> _runs = new();

        public IEnumerable<(string InstanceId, string Version)> Replays =>
            _runs.Where(run => run.Replaying).Select(run => (run.InstanceId, run.Version)).Distinct();

        /// <summary>Records a run of the code of <paramref name="codeVersion"/> (not the instance's stamp, which a wrong dispatch would not change).</summary>
        public void Record(TaskOrchestrationContext context, string codeVersion) =>
            _runs.Enqueue((context.InstanceId, codeVersion, context.Version, context.IsReplaying));

        public string[] VersionsRunFor(string instanceId) =>
            [.. _runs.Where(run => run.InstanceId == instanceId).Select(run => run.Version).Distinct().Order(StringComparer.Ordinal)];

        public string[] StampsSeenBy(string instanceId) =>
            [.. _runs.Where(run => run.InstanceId == instanceId).Select(run => run.Stamp).Distinct().Order(StringComparer.Ordinal)];
    }
}
