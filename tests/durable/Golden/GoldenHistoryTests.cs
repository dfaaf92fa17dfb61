using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// The checked-in histories of <see cref="GoldenAdmission"/> replayed on the current code through
/// <see cref="OrchestrationReplayer"/>: every step must decide exactly the recorded events. Two
/// deliberately changed orchestrators must fail them, and fail an instance in flight with
/// DurableTask.Core's non-determinism error.
/// </summary>
public sealed class GoldenHistoryTests
{
    /// <summary>The worker's options as the tests' runtime sets them: its payloads' JSON.</summary>
    private static readonly DurableTaskWorkerOptions Worker = new() { DataConverter = TestRuntime.Payloads };

    public static TheoryData<string> Files => [.. GoldenHistory.FileNames()];

    public static TheoryData<string, string> FilesAndChanges
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var file in GoldenHistory.FileNames())
            {
                data.Add(file, nameof(RenamedReminder));
                data.Add(file, nameof(ExtraCallBeforeReminder));
            }

            return data;
        }
    }

    [Fact]
    public void Files_CheckedIn_CoverBothScenariosInDurableTaskCoresEventModel()
    {
        var histories = GoldenHistory.FileNames().Select(GoldenHistory.Read).ToList();

        Assert.Equal(2, histories.Count);
        Assert.Contains(histories, h => h.Events.OfType<TimerFiredEvent>().Any() && h.Events.OfType<TaskScheduledEvent>().Any(t => t.Name == "Escalate"));
        Assert.Contains(histories, h => !h.Events.OfType<TimerFiredEvent>().Any() && h.Events.OfType<EventRaisedEvent>().Count() == 3);
        Assert.All(histories, h => Assert.Single(h.Events.OfType<SubOrchestrationInstanceCreatedEvent>()));
        Assert.All(histories, h => Assert.Equal(OrchestrationStatus.Completed, Assert.IsType<ExecutionCompletedEvent>(h.Events[^1]).OrchestrationStatus));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Replay_EveryStepOnCurrentCode_DecidesExactlyTheRecordedEvents(string file)
    {
        var golden = GoldenHistory.Read(file);

        var result = Replayer(() => new GoldenAdmission()).Replay(golden.Events);

        Assert.True(result.Succeeded, result.Divergence?.Message);
        Assert.Equal(golden.Events.OfType<OrchestratorStartedEvent>().Count(), result.StepsMatched);
        var output = TestRuntime.Payloads.Deserialize<string>(((ExecutionCompletedEvent)golden.Events[^1]).Result);
        Assert.StartsWith("care team of patient-17: nurse Ada; visit 1 ", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FilesAndChanges))]
    public void Replay_ChangedOrchestrator_DivergesWhereTheReminderWasRecordedAndIsBreaking(string file, string change)
    {
        var golden = GoldenHistory.Read(file);

        var result = Replayer(() => Changed(change)).Replay(golden.Events);

        var divergence = Assert.IsType<ReplayDivergence>(result.Divergence);
        Assert.True(divergence.Breaking);
        Assert.Equal(1, divergence.Step);
        Assert.Contains("records TaskScheduled 'SendVisitSms'", divergence.Message, StringComparison.Ordinal);
        Assert.Contains(change == nameof(RenamedReminder) ? "decides TaskScheduled 'SendVisitText'" : "decides TaskScheduled 'CheckPhoneNumber'", divergence.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FilesAndChanges))]
    public void Run_ChangedOrchestratorReplayingTheHistoryAsTheWorkerWould_FailsWithNonDeterminism(string file, string change)
    {
        var golden = GoldenHistory.Read(file);
        var lastStep = golden.Events.Select((e, i) => (e, i)).Last(pair => pair.e is OrchestratorStartedEvent).i;

        // An instance in flight, read from storage for its last step, on the changed code.
        var execution = new OrchestrationExecution(
            new DurableTaskShimFactory(Worker).CreateOrchestration(nameof(GoldenAdmission), Changed(change)),
            golden.Events.Take(lastStep));
        var result = execution.Run(golden.Events.Skip(lastStep).Where(e => !DecisionEvents.IsDecision(e)));

        var failed = Assert.IsType<DurableTask.Core.Command.OrchestrationCompleteOrchestratorAction>(Assert.Single(result.Actions));
        Assert.Equal(OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails?.ErrorType);
        Assert.Contains("'SendVisitSms'", failed.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    private static OrchestrationReplayer Replayer(Func<ITaskOrchestrator> create) => new(nameof(GoldenAdmission), create, Worker);

    private static GoldenAdmission Changed(string change) => change == nameof(RenamedReminder) ? new RenamedReminder() : new ExtraCallBeforeReminder();

    /// <summary>The reminder activity renamed: a change that needs a new orchestrator version.</summary>
    private sealed class RenamedReminder : GoldenAdmission
    {
        protected override Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder) =>
            context.CallActivityAsync<string>("SendVisitText", reminder);
    }

    /// <summary>An activity call inserted before the reminder: also a change that needs a new version.</summary>
    private sealed class ExtraCallBeforeReminder : GoldenAdmission
    {
        protected override async Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder)
        {
            await context.CallActivityAsync<bool>("CheckPhoneNumber", reminder.PatientId);
            return await base.SendReminderAsync(context, reminder);
        }
    }
}
