using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;
using HaH.Orchestration.Durable.Tests.Golden;

namespace HaH.Orchestration.Durable.Tests.Replay;

/// <summary>The public replayer that applications use for their own golden histories.</summary>
public sealed class OrchestrationReplayerTests
{
    [Fact]
    public void Replay_RecordedHistoryOnSameCode_MatchesEveryStep()
    {
        var golden = GoldenHistory.Files().Select(GoldenHistory.Read).First();

        var result = new OrchestrationReplayer(Registry<GoldenAdmission>()).Replay(golden.InstanceId, golden.Events);

        Assert.True(result.Succeeded, result.Divergence?.Message);
        Assert.Equal(golden.Events.OfType<OrchestratorStarted>().Count(), result.StepsMatched);
    }

    [Fact]
    public void Replay_ActivityCallInsertedBeforeTheReminder_ReportsTheFirstDivergingStep()
    {
        var golden = GoldenHistory.Files().Select(GoldenHistory.Read).First();

        var result = new OrchestrationReplayer(Registry<CheckedPhoneAdmission>()).Replay(golden.InstanceId, golden.Events);

        var divergence = Assert.IsType<ReplayDivergence>(result.Divergence);
        // The first step that runs the new call live decides other events than the recorded ones.
        Assert.Contains("records TaskScheduled 'SendVisitSms'", divergence.Message, StringComparison.Ordinal);
        Assert.Contains("produces TaskScheduled 'CheckPhoneNumber'", divergence.Message, StringComparison.Ordinal);
        Assert.True(divergence.Breaking);
        Assert.Equal(divergence.Step, result.StepsMatched);
        Assert.True(result.StepsMatched > 0, "the care-team step before the first reminder still matches");
    }

    [Fact]
    public void Replay_ActivityGivenOtherInput_ReportsTheEventWhoseContentChanged()
    {
        var golden = GoldenHistory.Files().Select(GoldenHistory.Read).First();

        var result = new OrchestrationReplayer(Registry<OtherPatientAdmission>()).Replay(golden.InstanceId, golden.Events);

        var divergence = Assert.IsType<ReplayDivergence>(result.Divergence);
        Assert.Contains("TaskScheduled 'SendVisitSms'", divergence.Message, StringComparison.Ordinal);
        Assert.Contains("other content", divergence.Message, StringComparison.Ordinal);
        Assert.False(divergence.Breaking);
    }

    [Fact]
    public void Replay_OrchestratorNotRegisteredUnderTheRecordedName_SaysWhichOneIsMissing()
    {
        var golden = GoldenHistory.Files().Select(GoldenHistory.Read).First();

        var result = new OrchestrationReplayer(new DurableTaskRegistry().AddOrchestrator<GoldenAdmission>("Renamed")).Replay(golden.InstanceId, golden.Events);

        Assert.Contains($"No orchestrator '{nameof(GoldenAdmission)}'", result.Divergence?.Message, StringComparison.Ordinal);
    }

    private static DurableTaskRegistry Registry<T>()
        where T : GoldenAdmission, new() => new DurableTaskRegistry().AddOrchestrator<T>(nameof(GoldenAdmission));

    private sealed class CheckedPhoneAdmission : GoldenAdmission
    {
        protected override async Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder)
        {
            await context.CallActivityAsync<bool>("CheckPhoneNumber", reminder.PatientId);
            return await base.SendReminderAsync(context, reminder);
        }
    }

    private sealed class OtherPatientAdmission : GoldenAdmission
    {
        protected override Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder) =>
            base.SendReminderAsync(context, reminder with { PatientId = "patient-18" });
    }
}
