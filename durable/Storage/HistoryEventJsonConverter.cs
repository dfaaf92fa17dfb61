using System.Text.Json;
using System.Text.Json.Serialization;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>Lets stored records (messages, history rows) carry a DurableTask.Core event in <see cref="HistoryEventJson"/>'s form.</summary>
internal sealed class HistoryEventJsonConverter : JsonConverter<HistoryEvent>
{
    public override bool CanConvert(Type typeToConvert) => typeof(HistoryEvent).IsAssignableFrom(typeToConvert);

    public override HistoryEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return HistoryEventJson.Deserialize(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, HistoryEvent value, JsonSerializerOptions options) =>
        writer.WriteRawValue(HistoryEventJson.Serialize(value), skipInputValidation: true);
}
