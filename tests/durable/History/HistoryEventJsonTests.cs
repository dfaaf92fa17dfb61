using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HaH.Orchestration.Durable.Tests.History;

public sealed class HistoryEventJsonTests
{
    // Every kind but ExecutionRewound, which the backend never writes: it offers no rewind (DecisionEvents
    // refuses the action, the client the request), and Newtonsoft.Json finds no constructor to read it with.
    public static TheoryData<string> Kinds =>
        [.. HistoryEvent.KnownTypes().Where(type => type != typeof(ExecutionRewoundEvent)).Select(type => type.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Deserialize_EveryKindWithEveryMemberSet_RoundTripsEveryMember(string typeName)
    {
        var type = HistoryEvent.KnownTypes().Single(t => t.Name == typeName);
        var original = HistoryEventSamples.Full(type);

        var json = HistoryEventJson.Serialize(original);
        var back = HistoryEventJson.Deserialize(json);

        Assert.IsType(type, back);
        Assert.Equal(json, HistoryEventJson.Serialize(back));
        var stored = JObject.Parse(json);
        Assert.All(HistoryEventSamples.DataMembers(type), member =>
            Assert.True(stored[HistoryEventSamples.StoredName(member)] is { Type: not JTokenType.Null }, $"{typeName}.{member.Name} is not stored."));
        Assert.Equal(HistoryEventSamples.At, back.Timestamp);
        Assert.Equal(DateTimeKind.Utc, back.Timestamp.Kind);
    }

    [Fact]
    public void Serialize_TaskFailed_WritesTheKindByNameAndTheFailureAsData()
    {
        var failed = new TaskFailedEvent(-1, 4, "no bed", null, new DurableTask.Core.FailureDetails("Ward.Full", "no bed", null, null, isNonRetriable: true));

        var json = JObject.Parse(HistoryEventJson.Serialize(failed));

        Assert.Equal("TaskFailed", json.Value<string>("EventType"));
        Assert.Equal("TaskFailed", HistoryEventJson.KindOf(failed));
        Assert.Equal("Ward.Full", json["FailureDetails"]?.Value<string>("ErrorType"));
        Assert.True(json["FailureDetails"]?.Value<bool>("IsNonRetriable"));
        Assert.DoesNotContain("$type", json.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_TypeNameInTheJson_IsIgnoredAndTheKindPicksTheClass()
    {
        const string json = """{"$type":"DurableTask.Core.History.TimerFiredEvent, DurableTask.Core","EventType":"TaskCompleted","TaskScheduledId":3,"Result":"1","EventId":-1,"Timestamp":"2026-03-01T08:00:00Z"}""";

        var completed = Assert.IsType<TaskCompletedEvent>(HistoryEventJson.Deserialize(json));

        Assert.Equal(3, completed.TaskScheduledId);
    }

    [Theory]
    [InlineData("""{"EventType":"Nonsense","EventId":1}""", "'Nonsense'")]
    [InlineData("""{"EventId":1}""", "'none'")]
    public void Deserialize_UnknownOrMissingKind_ThrowsNamingIt(string json, string named)
    {
        var error = Assert.Throws<JsonException>(() => HistoryEventJson.Deserialize(json));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_NonAsciiText_IsEscapedAndRoundTrips()
    {
        var raised = new EventRaisedEvent(-1, "\"Næstved\"") { Name = "Ændret" };

        var json = HistoryEventJson.Serialize(raised);
        var back = Assert.IsType<EventRaisedEvent>(HistoryEventJson.Deserialize(json));

        Assert.True(json.All(char.IsAscii), json);
        Assert.Equal(("Ændret", "\"Næstved\""), (back.Name, back.Input));
    }

    [Theory]
    [InlineData("2026-03-01T08:00:00+01:00")]
    [InlineData("2026-03-01T08:00:00.1234567Z")]
    public void Deserialize_TextThatLooksLikeATime_StaysTheSameText(string text)
    {
        var started = new ExecutionStartedEvent(-1, text) { Name = text, Version = text, Tags = new Dictionary<string, string> { ["due"] = text } };

        var back = Assert.IsType<ExecutionStartedEvent>(HistoryEventJson.Deserialize(HistoryEventJson.Serialize(started)));

        Assert.Equal((text, text, text, text), (back.Name, back.Version, back.Input, back.Tags["due"]));
    }

    [Fact]
    public void Deserialize_TimeWithOffset_IsReadAsUtc()
    {
        var fired = Assert.IsType<TimerFiredEvent>(HistoryEventJson.Deserialize("""{"EventType":"TimerFired","TimerId":2,"FireAt":"2026-03-01T09:00:00+01:00","EventId":-1,"Timestamp":"2026-03-01T09:00:00.5+01:00"}"""));

        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), fired.FireAt);
        Assert.Equal(DateTimeKind.Utc, fired.FireAt.Kind);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, 500, DateTimeKind.Utc), fired.Timestamp);
    }
}
