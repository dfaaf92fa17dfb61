using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// One checked-in history: one generation of one instance as the worker stored it, in
/// DurableTask.Core's event model (each event as <see cref="HistoryEventJson"/> writes it).
/// </summary>
/// <param name="Scenario">What happened in the run that recorded it.</param>
/// <param name="InstanceId">The instance it was recorded for.</param>
/// <param name="Events">The generation's history events, in order.</param>
internal sealed record GoldenHistory(string Scenario, string InstanceId, IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>The folder of the checked-in files, below the test assembly's output folder.</summary>
    public const string Folder = "Golden/Histories";

    // Indented and without escaped quotes inside payloads, so the files read well in a diff.
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new StoredEventConverter() },
    };

    /// <summary>The checked-in files' names.</summary>
    public static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    /// <summary>A checked-in file, by its name, from the test assembly's output folder.</summary>
    public static GoldenHistory Read(string fileName) => ReadPath(Path.Combine(AppContext.BaseDirectory, Folder, fileName));

    public static GoldenHistory ReadPath(string path) =>
        JsonSerializer.Deserialize<GoldenHistory>(File.ReadAllText(path), FileOptions)
        ?? throw new InvalidDataException($"The golden history {path} holds 'null'.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileOptions) + "\n");

    /// <summary>A history event in the file: as the backend stores it, laid out as the rest of the file.</summary>
    private sealed class StoredEventConverter : JsonConverter<HistoryEvent>
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
}
