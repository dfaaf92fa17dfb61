using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaH.Orchestration.Durable;

/// <summary>
/// The JSON settings of every payload the runtime stores: inputs, outputs, activity results, event
/// payloads and custom status. System.Text.Json with <see cref="JsonSerializerDefaults.Web"/>
/// (camelCase, case-insensitive reading) and enums as strings.
/// </summary>
public static class DurableSerializer
{
    /// <summary>The (read-only) serializer options of payloads.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
