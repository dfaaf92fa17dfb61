using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>How results are written: camelCase, indented, enums as names.</summary>
internal static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(object result) => JsonSerializer.Serialize(result, result.GetType(), Options);
}
