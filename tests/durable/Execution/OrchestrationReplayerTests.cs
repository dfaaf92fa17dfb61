using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Tests.Golden;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// The public replayer that applications use for their own golden histories (the changes that must
/// fail, a renamed activity and an added call, are in <see cref="GoldenHistoryTests"/>).
/// </summary>
public sealed class OrchestrationReplayerTests
{
    /// <summary>The worker's options as an application passes them: its payloads' JSON, the rest the SDK's defaults.</summary>
    private static readonly DurableTaskWorkerOptions Worker = new() { DataConverter = TestRuntime.Payloads };

    [Fact]
    public async Task Replay_HistoryTheWorkerRecorded_MatchesEveryStepOfEveryGeneration()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc<int, int>("Check", (_, bed) => bed == 2 && Flaky.Fails() ? throw new InvalidOperationException("busy") : bed * 10)
            .AddOrchestratorFunc<int, string>("Child", (_, bed) => Task.FromResult($"child {bed}"))
            .AddOrchestratorFunc<int, string>("Rich", Rich));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Rich", 0);
        await runtime.Runtime.WaitForIdleAsync();
        await runtime.Client.RaiseEventAsync(id, "Consent", "yes");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromDays(11));
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromDays(11));
        var done = await runtime.WaitForCompletionAsync(id);
        Assert.Equal("generation 1: 60, none, child 1", done.ReadOutputAs<string>());

        var replayer = new OrchestrationReplayer("Rich", () => new CodeOrchestrator<int, string>(Rich), Worker);
        var generations = await runtime.Client.GetGenerationsAsync(id);
        Assert.Equal(2, generations.Count);
        foreach (var generation in generations)
        {
            var events = generation.Events.Select(entry => entry.Event).ToList();
            var result = replayer.Replay(events);

            Assert.True(result.Succeeded, $"generation {generation.Generation}: {result.Divergence?.Message}");
            Assert.Equal(events.OfType<OrchestratorStartedEvent>().Count(), result.StepsMatched);
        }
    }

    [Fact]
    public void Replay_ActivityGivenOtherInput_ReportsAContentOnlyDivergence()
    {
        var golden = GoldenHistory.Read(GoldenHistory.FileNames().First());

        var result = new OrchestrationReplayer(nameof(GoldenAdmission), () => new OtherPatientAdmission(), Worker).Replay(golden.Events);

        var divergence = Assert.IsType<ReplayDivergence>(result.Divergence);
        Assert.False(divergence.Breaking);
        Assert.Contains("TaskScheduled 'SendVisitSms'", divergence.Message, StringComparison.Ordinal);
        Assert.Contains("other content", divergence.Message, StringComparison.Ordinal);
        Assert.Null(divergence.Failure);
        Assert.Equal(divergence.Step, result.StepsMatched);
    }

    [Fact]
    public void Replay_EventsWithoutExecutionStarted_AreRefusedAsNotAGeneration()
    {
        var golden = GoldenHistory.Read(GoldenHistory.FileNames().First());

        var error = Assert.Throws<ArgumentException>(() =>
            new OrchestrationReplayer(nameof(GoldenAdmission), () => new GoldenAdmission(), Worker).Replay([.. golden.Events.Where(e => e is not ExecutionStartedEvent)]));

        Assert.Contains("ExecutionStarted", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A 10-day timer, a retried activity in a fan-out, an event with a time-out, a child, and continue-as-new.</summary>
    private static async Task<string> Rich(TaskOrchestrationContext context, int generation)
    {
        var checks = await Task.WhenAll(Enumerable.Range(1, 3).Select(bed =>
            context.CallActivityAsync<int>("Check", bed, new TaskOptions(new RetryPolicy(3, TimeSpan.FromMinutes(1))))));
        string consent;
        try
        {
            consent = await context.WaitForExternalEvent<string>("Consent", TimeSpan.FromHours(1));
        }
        catch (OperationCanceledException)
        {
            consent = "none";
        }

        await context.CreateTimer(TimeSpan.FromDays(10), CancellationToken.None);
        var child = await context.CallSubOrchestratorAsync<string>("Child", generation);
        if (generation == 0)
        {
            context.ContinueAsNew(1);
            return "";
        }

        return $"generation {generation}: {checks.Sum()}, {consent}, {child}";
    }

    /// <summary>The second bed's check fails once per test run.</summary>
    private static class Flaky
    {
        private static int _calls;

        public static bool Fails() => Interlocked.Increment(ref _calls) == 1;
    }

    private sealed class OtherPatientAdmission : GoldenAdmission
    {
        protected override Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder) =>
            base.SendReminderAsync(context, reminder with { PatientId = "patient-18" });
    }
}
