using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// Writes clock times as <c>["08:00","14:00"]</c>. Without it System.Text.Json would write
/// <see cref="LocalTime"/> as an object and read it back as midnight, silently, on every replay.
/// </summary>
internal sealed class ClockTimesJsonConverter : JsonConverter<IReadOnlyList<LocalTime>>
{
    /// <summary>"HH:mm" — the form the start body uses.</summary>
    public static LocalTimePattern Pattern { get; } = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public override IReadOnlyList<LocalTime> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of \"HH:mm\" clock times, found {reader.TokenType}.");
        }

        var times = new List<LocalTime>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var parsed = Pattern.Parse(text ?? "");
            if (!parsed.Success)
            {
                throw new JsonException($"Expected a clock time \"HH:mm\", found {reader.TokenType} '{text}'.");
            }

            times.Add(parsed.Value);
        }

        return times;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<LocalTime> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var time in value)
        {
            writer.WriteStringValue(Pattern.Format(time));
        }

        writer.WriteEndArray();
    }
}
