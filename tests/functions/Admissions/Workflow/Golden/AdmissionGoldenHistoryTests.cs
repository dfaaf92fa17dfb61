using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.PhoneLines;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Golden;

/// <summary>
/// The checked-in histories of real admissions (and a nurse's phone line) replayed on the current
/// code, every generation step by step: a change to the workflow that would break admissions in
/// flight fails here. See README.md in this folder for what to do then.
/// </summary>
public sealed class AdmissionGoldenHistoryTests
{
    public static TheoryData<string> Files => [.. AdmissionGoldenHistory.FileNames()];

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryGenerationOfTheRecordedHistoryReplaysToExactlyTheRecordedEvents(string file)
    {
        var golden = AdmissionGoldenHistory.Read(file);
        var name = golden.Generations[0].OfType<ExecutionStartedEvent>().Single().Name;
        var replayer = new OrchestrationReplayer(name, () => Orchestrator(name), Worker);

        foreach (var (events, generation) in golden.Generations.Select((events, g) => (events, g)))
        {
            var result = replayer.Replay(events);

            Assert.True(result.Succeeded, $"generation {generation}: {result.Divergence?.Message} " + (result.Divergence?.Breaking == true
                ? "Admissions in flight would fail: register the change as a new orchestrator version."
                : "Admissions in flight would replay, but the workflow now decides differently: if that is meant, regenerate the histories (README.md)."));
            Assert.Equal(events.OfType<OrchestratorStartedEvent>().Count(), result.StepsMatched);
        }
    }

    [Fact]
    public void TheRecordingsTakeEveryPathOfTheWorkflowAndStayWithinTheHistoryBound()
    {
        var admissions = AdmissionGoldenHistory.FileNames().Where(f => !f.Contains("phone-line", StringComparison.Ordinal)).Select(AdmissionGoldenHistory.Read).ToList();
        var activities = admissions.SelectMany(a => a.AllEvents).OfType<TaskScheduledEvent>().Select(t => t.Name ?? "").ToHashSet();
        var signals = admissions.SelectMany(a => a.AllEvents).OfType<EventRaisedEvent>().Select(e => e.Input ?? "").ToList();

        Assert.Equal(2, admissions.Count);
        Assert.Contains(admissions, a => a.Generations.Count > 1);
        Assert.All(admissions.SelectMany(a => a.Generations), events => Assert.InRange(events.Count, 1, 200));
        Assert.All(admissions, a => Assert.Equal(OrchestrationStatus.Completed, a.Generations[^1].OfType<ExecutionCompletedEvent>().Single().OrchestrationStatus));
        Assert.Superset(new HashSet<string> { SendSmsActivityName, PublishActivityName, EnsurePhoneLineActivityName }, activities);
        foreach (var kind in new[] { "planChange", "pause", "resume", "discharge", "medicationDelivered", "round", "itemReply" })
        {
            Assert.Contains(signals, input => input.Contains($"\"kind\":\"{kind}\"", StringComparison.Ordinal));
        }

        var outputs = admissions.Select(a => a.Generations[^1].OfType<ExecutionCompletedEvent>().Single().Result ?? "").ToList();
        Assert.Contains(outputs, o => o.Contains($"\"outcome\":\"{nameof(DoseOutcome.Late)}\"", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(outputs, o => o.Contains($"\"outcome\":\"{nameof(DoseOutcome.NotGiven)}\"", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AnActivityCallAddedToTheAdmissionFailsTheRecordedHistories()
    {
        var golden = AdmissionGoldenHistory.Read("course-late-notgiven-reorder.json");
        var replayer = new OrchestrationReplayer(AdmissionOrchestrator.Name, () => new AdmissionCheckingThePatientPhoneFirst(), Worker);

        var result = replayer.Replay(golden.Generations[0]);

        var divergence = Assert.IsType<ReplayDivergence>(result.Divergence);
        Assert.Equal(0, divergence.Step);
        Assert.True(divergence.Breaking);
        Assert.Contains($"records TaskScheduled '{ReadAdmissionSettingsActivity.Name}' #0", divergence.Message, StringComparison.Ordinal);
        Assert.Contains("decides TaskScheduled 'CheckPatientPhone' #0", divergence.Message, StringComparison.Ordinal);
    }

    private const string SendSmsActivityName = "SendSmsActivity";
    private const string PublishActivityName = "PublishIntegrationActivity";
    private const string EnsurePhoneLineActivityName = "EnsurePhoneLineActivity";

    /// <summary>The worker's options as the app sets them: its payloads' JSON.</summary>
    private static readonly DurableTaskWorkerOptions Worker = new() { DataConverter = new JsonDataConverter(DurableSerializer.Options) };

    private static ITaskOrchestrator Orchestrator(string name) => name switch
    {
        AdmissionOrchestrator.Name => new AdmissionOrchestrator(),
        PhoneLineOrchestrator.Name => new PhoneLineOrchestrator(),
        _ => throw new InvalidOperationException($"The golden histories hold no orchestrator '{name}'."),
    };

    /// <summary>The admission with a new first step: the kind of change that needs a new orchestrator version.</summary>
    private sealed class AdmissionCheckingThePatientPhoneFirst : TaskOrchestrator<AdmissionState, DischargeSummary?>
    {
        public override async Task<DischargeSummary?> RunAsync(TaskOrchestrationContext context, AdmissionState input)
        {
            await context.CallActivityAsync<bool>("CheckPatientPhone", input.Plan.Patient.Phone);
            return await new AdmissionOrchestrator().RunAsync(context, input);
        }
    }
}
