using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Tests.Worker;
using HaH.Orchestration.Durable.Time;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// Records the golden histories by running <see cref="GoldenAdmission"/> on the real worker,
/// Azurite and a virtual clock, and writes them into the source tree. Skipped unless
/// HAH_REGENERATE_GOLDEN=1.
/// </summary>
public sealed class GoldenHistoryGenerator
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [RegenerateGoldenFact]
    public async Task Regenerate_GoldenAdmissionOnTheWorker_WritesTheCheckedInHistories()
    {
        var folder = Path.Combine(SourceFolder(), "Histories");
        Directory.CreateDirectory(folder);

        await RecordAsync(folder, "admission-all-confirmed", "Three visits, each confirmed three minutes after its reminder.", timedOutVisit: null);
        await RecordAsync(folder, "admission-visit-2-timed-out", "Three visits; visit 2 is never confirmed, its ten-minute wait times out and is escalated.", timedOutVisit: 2);
    }

    internal static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<GoldenAdmission>()
        .AddOrchestrator<GoldenCareTeam>()
        .AddActivityFunc<string, string>("AssignNurse", (_, _) => "nurse Ada")
        .AddActivityFunc<VisitReminder, string>("SendVisitSms", (_, reminder) => $"sms {reminder.Visit} sent")
        .AddActivityFunc<VisitReminder, string>("Escalate", (_, reminder) => $"called {reminder.PatientId}")
        .AddActivityFunc<string, string>("WriteSummary", (_, summary) => summary);

    private static async Task RecordAsync(string folder, string name, string scenario, int? timedOutVisit)
    {
        var clock = new VirtualTimeProvider(Morning);
        await using var runtime = await TestRuntime.StartAsync(Register, clock: clock);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GoldenAdmission), new AdmissionDay("patient-17", 3), new StartOrchestrationOptions { InstanceId = "golden-" + name });

        for (var visit = 1; visit <= 3; visit++)
        {
            await runtime.Runtime.WaitForIdleAsync();
            if (visit == timedOutVisit)
            {
                await runtime.Runtime.AdvanceClockAsync(GoldenAdmission.ConfirmationTimeout);
                continue;
            }

            await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(3));
            await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", $"yes, visit {visit}");
        }

        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {done.RuntimeStatus}: {done.FailureDetails}");
        var generation = Assert.Single(await runtime.Client.GetGenerationsAsync(id));
        var golden = new GoldenHistory(scenario, id, [.. generation.Events.Select(entry => entry.Event)]);

        var path = Path.Combine(folder, name + ".json");
        golden.Write(path);
        Assert.Equal(golden.Events.Select(HistoryEventJson.Serialize), GoldenHistory.ReadPath(path).Events.Select(HistoryEventJson.Serialize));
    }

    /// <summary>This folder in the source tree: found from the test assembly's folder upwards.</summary>
    private static string SourceFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HaH.Orchestration.Durable.Tests.csproj")))
            {
                return Path.Combine(folder.FullName, "Golden");
            }
        }

        throw new InvalidOperationException($"No HaH.Orchestration.Durable.Tests.csproj above {AppContext.BaseDirectory}.");
    }

    /// <summary>A fact that runs only when HAH_REGENERATE_GOLDEN=1.</summary>
    private sealed class RegenerateGoldenFactAttribute : FactAttribute
    {
        public RegenerateGoldenFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("HAH_REGENERATE_GOLDEN") != "1")
            {
                Skip = "Regenerates the checked-in golden histories; set HAH_REGENERATE_GOLDEN=1 to run it.";
            }
        }
    }
}
