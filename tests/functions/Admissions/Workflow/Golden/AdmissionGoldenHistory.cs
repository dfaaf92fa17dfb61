using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Golden;

/// <summary>
/// One checked-in recording: every generation of one instance (an admission or a phone line) as
/// the backend stored it — DurableTask.Core's history events — after a scripted admission on the
/// real app, backend and Azurite on the virtual clock.
/// </summary>
/// <param name="Scenario">What happened in the run that recorded it.</param>
/// <param name="InstanceId">The instance it was recorded for (the replay uses the same id).</param>
/// <param name="Generations">Its history, one list of events per continue-as-new generation.</param>
internal sealed record AdmissionGoldenHistory(string Scenario, string InstanceId, IReadOnlyList<IReadOnlyList<HistoryEvent>> Generations)
{
    /// <summary>The folder of the checked-in files, below the test assembly's output folder.</summary>
    public const string Folder = "Admissions/Workflow/Golden/Histories";

    // Indented and without escaped quotes or Danish letters, so that a regenerated file reads well in a diff.
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new CoreEventConverter() },
    };

    public static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    /// <summary>A checked-in file, by its name, from the test assembly's output folder.</summary>
    public static AdmissionGoldenHistory Read(string fileName) => ReadPath(Path.Combine(AppContext.BaseDirectory, Folder, fileName));

    public static AdmissionGoldenHistory ReadPath(string path) =>
        JsonSerializer.Deserialize<AdmissionGoldenHistory>(File.ReadAllText(path), FileOptions)
        ?? throw new InvalidDataException($"The golden history {path} holds 'null'.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileOptions) + "\n");

    public IEnumerable<HistoryEvent> AllEvents => Generations.SelectMany(events => events);
}

/// <summary>A DurableTask.Core event in the file: as the backend stores it, laid out as the rest of the file.</summary>
internal sealed class CoreEventConverter : JsonConverter<HistoryEvent>
{
    public override bool CanConvert(Type typeToConvert) => typeof(HistoryEvent).IsAssignableFrom(typeToConvert);

    public override HistoryEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return HistoryEventJson.Deserialize(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, HistoryEvent value, JsonSerializerOptions options) =>
        JsonNode.Parse(HistoryEventJson.Serialize(value))!.WriteTo(writer, options);
}
