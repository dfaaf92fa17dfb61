using System.Collections.Concurrent;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Hosting;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Versions side by side: an instance is stamped with its version at start and always replays on
/// that version's code, also when every step is replayed from storage; a worker that lacks the
/// version fails the instance visibly instead of running other code on it.
/// </summary>
public sealed class VersioningTests
{
    // Every step replays the instance from storage: no live session is kept between steps.
    private static void ReplayEveryStep(DurableTaskOptions options) => options.MaxCachedInstances = 0;

    [Fact]
    public async Task Schedule_V1AndDefaultV2SideBySide_EachReplaysOnItsOwnVersionAcrossSteps()
    {
        var runs = new Runs();
        await using var runtime = await TestRuntime.StartAsync(
            registry => Register(registry.AddActivityFunc<string, string>("Note", (_, text) => Task.FromResult(text)), runs, withV1: true),
            ReplayEveryStep);

        var onV1 = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "ann", new StartOrchestrationOptions { InstanceId = "on-v1", Version = "v1" });
        var onDefault = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "bo", new StartOrchestrationOptions { InstanceId = "on-default" });
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal("v1", (await runtime.Client.GetInstanceAsync(onV1))!.Version);
        Assert.Equal("v2", (await runtime.Client.GetInstanceAsync(onDefault))!.Version);

        await runtime.Client.RaiseEventAsync(onV1, "Discharged", "day 3");
        await runtime.Client.RaiseEventAsync(onDefault, "Discharged", "day 5");
        var v1 = await runtime.WaitForCompletionAsync(onV1, TimeSpan.FromSeconds(20));
        var v2 = await runtime.WaitForCompletionAsync(onDefault, TimeSpan.FromSeconds(20));

        Assert.Equal("v1: admitted ann; discharged day 3", v1.ReadOutputAs<string>());
        Assert.Equal("v2: admitted bo; visit bo; discharged day 5; summary bo", v2.ReadOutputAs<string>());
        Assert.Equal(["v1"], runs.VersionsRunFor(onV1));
        Assert.Equal(["v2"], runs.VersionsRunFor(onDefault));
        // The event came after at least one committed step, so both versions were replayed from storage.
        Assert.Contains(("on-v1", "v1"), runs.Replays);
        Assert.Contains(("on-default", "v2"), runs.Replays);
    }

    [Fact]
    public async Task Restart_WorkerWithoutV1_FailsTheV1InstanceWithOrchestratorNotRegistered()
    {
        var runs = new Runs();
        string taskHub;
        await using (var before = await TestRuntime.StartAsync(
            registry => Register(registry.AddActivityFunc<string, string>("Note", (_, text) => Task.FromResult(text)), runs, withV1: true),
            ReplayEveryStep))
        {
            taskHub = before.TaskHub;
            await before.Client.ScheduleNewOrchestrationInstanceAsync("Admission", "ann", new StartOrchestrationOptions { InstanceId = "on-v1", Version = "v1" });
            await before.Runtime.WaitForIdleAsync();
        }

        await using var after = await TestRuntime.StartAsync(
            registry => Register(registry.AddActivityFunc<string, string>("Note", (_, text) => Task.FromResult(text)), runs, withV1: false),
            ReplayEveryStep,
            taskHub: taskHub);
        await after.Client.RaiseEventAsync("on-v1", "Discharged", "day 3");
        var failed = await after.WaitForCompletionAsync("on-v1", TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("v1", failed.Version);
        var failure = Assert.IsType<FailureDetails>(failed.FailureDetails);
        Assert.Equal("OrchestratorNotRegistered", failure.ErrorType);
        Assert.Contains("'Admission' version 'v1'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["v1"], runs.VersionsRunFor("on-v1"));
        var history = Assert.Single(await after.Client.GetHistoryAsync("on-v1")).Events;
        Assert.Single(history.OfType<TaskScheduled>());
    }

    private static DurableTaskRegistry Register(DurableTaskRegistry registry, Runs runs, bool withV1)
    {
        if (withV1)
        {
            registry.AddOrchestratorFunc<string, string>(
                "Admission",
                async (context, patient) =>
                {
                    runs.Record(context, "v1");
                    var admitted = await context.CallActivityAsync<string>("Note", $"admitted {patient}");
                    var discharged = await context.WaitForExternalEvent<string>("Discharged");
                    return $"v1: {admitted}; discharged {discharged}";
                },
                version: "v1");
        }

        // Registered last: the default version for new instances.
        return registry.AddOrchestratorFunc<string, string>(
            "Admission",
            async (context, patient) =>
            {
                runs.Record(context, "v2");
                var admitted = await context.CallActivityAsync<string>("Note", $"admitted {patient}");
                var visit = await context.CallActivityAsync<string>("Note", $"visit {patient}");
                var discharged = await context.WaitForExternalEvent<string>("Discharged");
                var summary = await context.CallActivityAsync<string>("Note", $"summary {patient}");
                return $"v2: {admitted}; {visit}; discharged {discharged}; {summary}";
            },
            version: "v2");
    }

    /// <summary>Which version's code ran for which instance, and which of those runs were replays.</summary>
    private sealed class Runs
    {
        private readonly ConcurrentQueue<(string InstanceId, string Version, bool Replaying)> _runs = new();

        public IEnumerable<(string InstanceId, string Version)> Replays =>
            _runs.Where(run => run.Replaying).Select(run => (run.InstanceId, run.Version)).Distinct();

        /// <summary>Records a run of the code of <paramref name="codeVersion"/> (not the instance's stamp, which a wrong dispatch would not change).</summary>
        public void Record(TaskOrchestrationContext context, string codeVersion) => _runs.Enqueue((context.InstanceId, codeVersion, context.IsReplaying));

        public string[] VersionsRunFor(string instanceId) =>
            [.. _runs.Where(run => run.InstanceId == instanceId).Select(run => run.Version).Distinct().Order(StringComparer.Ordinal)];
    }
}
