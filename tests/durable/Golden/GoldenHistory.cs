using System.Text.Encodings.Web;
using System.Text.Json;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// One checked-in history: one generation of one instance as the worker recorded it, in the
/// runtime's own stored JSON (events carry their <c>kind</c> discriminator).
/// </summary>
/// <param name="Scenario">What happened in the run that recorded it.</param>
/// <param name="InstanceId">The instance it was recorded for (the replay uses the same id).</param>
/// <param name="Events">The generation's history events, EventIds 0, 1, 2, ….</param>
internal sealed record GoldenHistory(string Scenario, string InstanceId, IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>The folder of the checked-in files, below the test assembly's output folder.</summary>
    public const string Folder = "Golden/Histories";

    // The storage's options, indented and without escaping quotes inside payloads, so the files read well in a diff.
    private static readonly JsonSerializerOptions FileOptions = new(StorageJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The checked-in files copied next to the test assembly.</summary>
    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.json").Order(StringComparer.Ordinal);

    public static GoldenHistory Read(string path) =>
        JsonSerializer.Deserialize<GoldenHistory>(File.ReadAllText(path), FileOptions)
        ?? throw new InvalidDataException($"The golden history {path} holds 'null'.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileOptions) + "\n");

    /// <summary>The history cut into its steps, each beginning with <see cref="OrchestratorStarted"/>.</summary>
    public IEnumerable<(IReadOnlyList<HistoryEvent> Past, IReadOnlyList<HistoryEvent> Step)> Steps()
    {
        var starts = Events.Select((e, i) => (e, i)).Where(pair => pair.e is OrchestratorStarted).Select(pair => pair.i).ToList();
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] : Events.Count;
            yield return ([.. Events.Take(starts[s])], [.. Events.Skip(starts[s]).Take(end - starts[s])]);
        }
    }
}
