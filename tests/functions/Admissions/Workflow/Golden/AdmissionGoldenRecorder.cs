using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using DurableTask.Core.History;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Golden;

/// <summary>
/// Records the golden histories: plays the scenarios of <see cref="AdmissionGoldenScenarios"/> on
/// the real app, runtime and Azurite on the virtual clock, and writes every generation of the
/// admission (and of the nurse's phone line) into the source tree. Skipped unless
/// HAH_REGENERATE_GOLDEN=1.
/// </summary>
public sealed class AdmissionGoldenRecorder
{
    [RegenerateGoldenFact]
    public async Task RegenerateTheCheckedInAdmissionHistories()
    {
        var folder = SourceFolder();
        foreach (var scenario in AdmissionGoldenScenarios.All)
        {
            using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
            {
                ["Clock:Mode"] = "Virtual",
                ["Clock:Start"] = AdmissionGoldenScenarios.ClockStart.ToString("O"),
            });
            var play = scenario.Script(app.Services);
            var done = await play.RunToDischargeAsync();
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

            var durable = app.Services.GetRequiredService<DurableTaskClient>();
            await WriteAsync(durable, Path.Combine(folder, scenario.Name + ".json"), scenario.Description, play.Plan.AdmissionId);
            var nurse = app.Services.GetRequiredService<PhoneLineIds>().For(play.Plan.CareTeam.HomeNursing.Phone);
            await WriteAsync(durable, Path.Combine(folder, scenario.Name + ".phone-line.json"), $"The home nurse's phone line during: {scenario.Description}", nurse);
        }
    }

    private static async Task WriteAsync(DurableTaskClient durable, string path, string scenario, string instanceId)
    {
        var generations = await durable.GetGenerationsAsync(instanceId);
        var golden = new AdmissionGoldenHistory(scenario, instanceId, [.. generations.Select(g => (IReadOnlyList<HistoryEvent>)[.. g.Events.Select(e => e.Event)])]);
        golden.Write(path);
        Assert.Equal(golden.AllEvents.Select(HistoryEventJson.Serialize), AdmissionGoldenHistory.ReadPath(path).AllEvents.Select(HistoryEventJson.Serialize));
    }

    /// <summary>The Histories folder in the source tree, found from the test assembly's folder upwards.</summary>
    private static string SourceFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HaH.Orchestration.Functions.Tests.csproj")))
            {
                return Path.Combine(folder.FullName, AdmissionGoldenHistory.Folder);
            }
        }

        throw new InvalidOperationException($"No HaH.Orchestration.Functions.Tests.csproj above {AppContext.BaseDirectory}.");
    }

    /// <summary>A fact that runs only when HAH_REGENERATE_GOLDEN=1.</summary>
    private sealed class RegenerateGoldenFactAttribute : FactAttribute
    {
        public RegenerateGoldenFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("HAH_REGENERATE_GOLDEN") != "1")
            {
                Skip = "Regenerates the checked-in admission histories; set HAH_REGENERATE_GOLDEN=1 to run it.";
            }
        }
    }
}
