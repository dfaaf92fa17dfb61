using System.Text.Json;
using DurableTask.Core;
using Newtonsoft.Json;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Stores DurableTask.Core's <see cref="FailureDetails"/> (a failure as data: type, message, stack,
/// inner failure, non-retriable flag — never a serialized exception) as DurableTask.Core writes it.
/// </summary>
internal sealed class FailureDetailsJsonConverter : System.Text.Json.Serialization.JsonConverter<FailureDetails>
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        StringEscapeHandling = StringEscapeHandling.EscapeNonAscii,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
    };

    public override FailureDetails? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return JsonConvert.DeserializeObject<FailureDetails>(document.RootElement.GetRawText(), Settings);
    }

    public override void Write(Utf8JsonWriter writer, FailureDetails value, JsonSerializerOptions options) =>
        writer.WriteRawValue(JsonConvert.SerializeObject(value, Settings), skipInputValidation: true);
}
