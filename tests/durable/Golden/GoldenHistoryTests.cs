using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// The checked-in histories of <see cref="GoldenAdmission"/> replayed on the current code: it must
/// make exactly the recorded decisions and finish with the recorded output. A deliberately changed
/// orchestrator must fail them with a non-determinism error, as an instance in flight would.
/// </summary>
public sealed class GoldenHistoryTests
{
    public static TheoryData<string> Histories => [.. FileNames()];

    public static TheoryData<string, string> HistoriesAndChanges
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var file in FileNames())
            {
                data.Add(file, nameof(RenamedReminder));
                data.Add(file, nameof(ExtraCallBeforeReminder));
            }

            return data;
        }
    }

    [Fact]
    public void Files_CheckedIn_CoverBothScenarios()
    {
        var histories = GoldenHistory.Files().Select(GoldenHistory.Read).ToList();

        Assert.Equal(2, histories.Count);
        Assert.Contains(histories, h => h.Events.OfType<TimerFired>().Any() && h.Events.OfType<TaskScheduled>().Any(t => t.Name == "Escalate"));
        Assert.Contains(histories, h => !h.Events.OfType<TimerFired>().Any() && h.Events.OfType<EventRaised>().Count() == 3);
        Assert.All(histories, h => Assert.Single(h.Events.OfType<SubOrchestrationCreated>()));
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_WholeHistoryOnCurrentCode_MatchesEveryDecisionAndStaysFinished(string file)
    {
        var golden = Read(file);

        var session = new OrchestrationSession(new GoldenAdmission(), golden.InstanceId);
        var result = session.Execute(golden.Events, [new OrchestratorStarted { Timestamp = golden.Events[^1].Timestamp }]);

        Assert.Null(result.Completion?.Failure);
        Assert.Empty(result.NewEvents);
        Assert.True(result.IsCompleted);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_EveryStepOnCurrentCode_ReproducesTheRecordedEventsAndOutputExactly(string file)
    {
        var golden = Read(file);
        var steps = 0;

        // As a worker without the instance in memory: a fresh session replays the history before
        // the step, then runs the step's recorded inputs live.
        foreach (var (past, recorded) in golden.Steps())
        {
            var session = new OrchestrationSession(new GoldenAdmission(), golden.InstanceId);
            var result = session.Execute(past, [.. recorded.Where(e => !Decision.IsDecisionEvent(e))]);

            Assert.Equal(recorded, result.NewEvents);
            steps++;
        }

        var completed = Assert.IsType<ExecutionCompleted>(golden.Events[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.Status);
        Assert.StartsWith("care team of patient-17: nurse Ada; visit 1 ", PayloadSerializer.Deserialize<string>(completed.Output), StringComparison.Ordinal);
        Assert.Equal(golden.Events.OfType<OrchestratorStarted>().Count(), steps);
    }

    [Theory]
    [MemberData(nameof(HistoriesAndChanges))]
    public void Replay_ChangedOrchestrator_FailsWithNonDeterminism(string file, string change)
    {
        var golden = Read(file);
        GoldenAdmission changed = change == nameof(RenamedReminder) ? new RenamedReminder() : new ExtraCallBeforeReminder();

        var session = new OrchestrationSession(changed, golden.InstanceId);
        var result = session.Execute(golden.Events, [new OrchestratorStarted { Timestamp = golden.Events[^1].Timestamp }]);

        var failure = Assert.IsType<FailureDetails>(result.Completion?.Failure);
        Assert.Equal(OrchestrationErrorTypes.NonDeterminism, failure.ErrorType);
        Assert.Contains("history expects TaskScheduled 'SendVisitSms'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(change == nameof(RenamedReminder) ? "CallActivity 'SendVisitText'" : "CallActivity 'CheckPhoneNumber'", failure.ErrorMessage, StringComparison.Ordinal);
    }

    private static IEnumerable<string> FileNames() => GoldenHistory.Files().Select(path => Path.GetFileName(path));

    private static GoldenHistory Read(string file) => GoldenHistory.Read(Path.Combine(AppContext.BaseDirectory, GoldenHistory.Folder, file));

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
