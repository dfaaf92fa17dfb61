using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>The one JSON configuration of everything the runtime stores: table rows, blobs and queue messages.</summary>
internal static class StorageJson
{
    /// <summary>
    /// Web defaults (camelCase, case-insensitive reads), enums as strings, and discriminators
    /// accepted anywhere in an object. The default encoder keeps the text ASCII, so its length
    /// in characters is also its size in bytes on the wire.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Expected a {typeof(T).Name} in stored JSON but found 'null'.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new HistoryEventJsonConverter());
        options.Converters.Add(new FailureDetailsJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
