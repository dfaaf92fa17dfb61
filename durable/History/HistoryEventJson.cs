using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace HaH.Orchestration.Durable.History;

/// <summary>
/// DurableTask.Core's history events as JSON, the way DurableTask.Core itself writes them: its
/// <c>[DataContract]</c> members through Newtonsoft.Json (which DurableTask.Core depends on), the kind
/// in <c>EventType</c> (a name, not a number). No type names are written or trusted: the kind picks
/// the class among DurableTask.Core's own event types.
/// </summary>
public static class HistoryEventJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Ignore,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,

        // ASCII only, as the rest of what is stored: a text's length is then its size on the wire.
        StringEscapeHandling = StringEscapeHandling.EscapeNonAscii,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        Converters = { new StringEnumConverter() },
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    // Every concrete event class, by the kind it reports (each overrides EventType with a constant).
    private static readonly Dictionary<EventType, Type> Kinds = HistoryEvent.KnownTypes()
        .ToDictionary(type => ((HistoryEvent)RuntimeHelpers.GetUninitializedObject(type)).EventType);

    /// <summary>The event as JSON text.</summary>
    public static string Serialize(HistoryEvent historyEvent)
    {
        ArgumentNullException.ThrowIfNull(historyEvent);
        return JsonConvert.SerializeObject(historyEvent, Settings);
    }

    /// <summary>The event written by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException">The text is not a history event of a known kind.</exception>
    public static HistoryEvent Deserialize(string json)
    {
        // Read as text: JObject.Parse would turn any string that looks like a time (a version, a tag,
        // an event name) into a date, and back into text in another format.
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        var data = JObject.Load(reader);
        var kind = data.Value<string>(nameof(HistoryEvent.EventType));
        if (kind is null || !Enum.TryParse<EventType>(kind, out var eventType) || !Kinds.TryGetValue(eventType, out var type))
        {
            throw new JsonException($"Expected a DurableTask.Core history event with a known EventType, found '{kind ?? "none"}'.");
        }

        return (HistoryEvent)(data.ToObject(type, Serializer) ?? throw new JsonException($"The {kind} event is empty."));
    }

    /// <summary>The kind's name, as stored beside the event for people reading the table.</summary>
    public static string KindOf(HistoryEvent historyEvent) => historyEvent.EventType.ToString();
}
