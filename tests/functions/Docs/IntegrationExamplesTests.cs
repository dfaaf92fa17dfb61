using System.Text.Encodings.Web;
using System.Text.Json;
using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Tests.Admissions.Letters;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Docs;

/// <summary>
/// The examples in docs/integration/examples are what the code sends now: an admission played by
/// the workflow up to its medicine order and its discharge letter, each written as the CloudEvent the
/// channel sends (pretty-printed). With HAH_REGENERATE_DOCS=1 the test writes them; otherwise it
/// fails when they differ, so the documentation cannot go stale.
/// </summary>
public sealed class IntegrationExamplesTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void TheMedicineOrderExampleIsWhatTheWorkflowSends()
    {
        var (order, at) = Play().Single(c => c.Command.Type == AdmissionEngine.MedicineOrderType);

        Check("medicine-order.json", CloudEvent(new IntegrationMessage(order.Id, order.Type, EngineHarness.Plan().AdmissionId, at, order.Body)));
    }

    [Fact]
    public void TheDischargeLetterExampleIsWhatTheWorkflowSends()
    {
        var (letter, at) = Play().Single(c => c.Command.Type == AdmissionEngine.DischargeLetterType);
        var formatter = new DischargeLetterFormatter(LetterSamples.Validator, Options.Create(new EHospitalOptions()), NullLogger<DischargeLetterFormatter>.Instance);

        Check("discharge-letter.json", CloudEvent(formatter.Format(new IntegrationMessage(letter.Id, letter.Type, EngineHarness.Plan().AdmissionId, at, letter.Body))));
    }

    /// <summary>Ten days at three doses a day with a week of medicine: one dose confirmed late, one not given, the rest on time; the reorder delivered.</summary>
    private static List<(PublishMessage Command, DateTimeOffset At)> Play()
    {
        var harness = new EngineHarness(EngineHarness.Plan())
        {
            Responder = (item, at) => item.ItemId switch
            {
                "v5" => (at + TimeSpan.FromMinutes(140), true, null),
                "v9" => (at + TimeSpan.FromMinutes(62), false, "patienten sov"),
                _ => (at + TimeSpan.FromMinutes(65), true, null),
            },
        };
        harness.RunUntil(EngineHarness.Plan().Treatment.FirstDoseAt + TimeSpan.FromDays(6));
        harness.Signal(id => new MedicationDelivered(id, harness.Now, 4), harness.Now);
        harness.RunToEnd();
        return [.. harness.Commands.Where(c => c.Command is PublishMessage).Select(c => ((PublishMessage)c.Command, c.At))];
    }

    private static string CloudEvent(IntegrationMessage message)
    {
        using var written = JsonDocument.Parse(CloudEventEnvelope.Write(message, CloudEventEnvelope.SerializeBody(message.Body)));
        return JsonSerializer.Serialize(written.RootElement, Pretty) + "\n";
    }

    private static void Check(string name, string produced)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "integration", "examples", name);
        if (Environment.GetEnvironmentVariable("HAH_REGENERATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, produced);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with HAH_REGENERATE_DOCS=1 to write it.");
        Assert.True(File.ReadAllText(path) == produced, $"{path} is not what the code sends now: run the tests with HAH_REGENERATE_DOCS=1 and review the diff.");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HaH.Orchestration.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No HaH.Orchestration.sln above {AppContext.BaseDirectory}.");
    }
}
