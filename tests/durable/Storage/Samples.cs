using System.Text.Json.Serialization;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

/// <summary>Test data: states, events and messages with every field set.</summary>
internal static class Samples
{
    /// <summary>A time with sub-millisecond ticks, to catch precision loss.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static string NewInstanceId() => "admission/" + Guid.NewGuid().ToString("N")[..8] + "#1?";

    public static InstanceState State(string instanceId, int historyLength = 0, int generation = 0) => new()
    {
        InstanceId = instanceId,
        Name = "Admission",
        Version = "2",
        ExecutionId = "exec-" + generation,
        Generation = generation,
        RuntimeStatus = OrchestrationRuntimeStatus.Running,
        CustomStatus = """{"stage":"triage"}""",
        Input = """{"patient":"p-1","ward":"A"}""",
        CreatedAt = T0,
        LastUpdatedAt = T0.AddSeconds(1),
        ScheduledStartAt = T0.AddMinutes(5),
        Parent = new ParentInstance("parent-1", "exec-p", 7),
        HistoryLength = historyLength,
        PendingTimers = [new PendingTimer(3, T0.AddDays(10))],
        RecentMessageIds = ["m-1", "m-2"],
        Partition = 2,
        IndexedStatus = OrchestrationRuntimeStatus.Pending,
    };

    /// <summary>One event of every kind <see cref="HistoryEvent"/> declares, numbered from <paramref name="firstEventId"/>.</summary>
    public static IReadOnlyList<HistoryEvent> OneOfEachKind(int firstEventId = 0)
    {
        var failure = new FailureDetails("System.TimeoutException", "late", "at X", new FailureDetails("Inner", "cause"), IsNonRetriable: true);
        HistoryEvent[] events =
        [
            new OrchestratorStarted(),
            new ExecutionStarted("Admission", "2", """{"a":1}""")
            {
                ExecutionId = "exec-0", Generation = 0, Parent = new ParentInstance("p", "e", 4), ScheduledStartTime = T0.AddHours(1),
            },
            new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, """{"o":true}""", failure),
            new ExecutionTerminated("operator") { MessageId = "m-t" },
            new ExecutionSuspended("pause") { MessageId = "m-s" },
            new ExecutionResumed("go") { MessageId = "m-r" },
            new TaskScheduled("SendSms", """{"to":"+3161"}"""),
            new TaskCompleted(6, """ "ok" """),
            new TaskFailed(6, failure),
            new SubOrchestrationCreated("Visit", "1", "visit-1", null),
            new SubOrchestrationCompleted(9, "42"),
            new SubOrchestrationFailed(9, failure),
            new TimerCreated(T0.AddDays(30)),
            new TimerFired(12, T0.AddDays(30)),
            new TimerCancelled(12),
            new EventRaised("Approved", """{"by":"nurse"}""") { MessageId = "m-e" },
            new EventSent("other-1", "Ping", null),
        ];
        return events.Select((e, i) => e with { EventId = firstEventId + i, Timestamp = T0.AddSeconds(i) }).ToArray();
    }

    /// <summary>The discriminators <see cref="HistoryEvent"/> declares.</summary>
    public static IEnumerable<string> DeclaredKinds() =>
        typeof(HistoryEvent).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false)
            .Cast<JsonDerivedTypeAttribute>()
            .Select(attribute => (string)attribute.TypeDiscriminator!);

    public static OrchestrationMessage Message(string instanceId, string messageId, string? input = null) =>
        new(messageId, T0, instanceId, null, new EventRaised("Approved", input ?? """{"ok":true}""") { MessageId = messageId, Timestamp = T0 });

    public static ActivityRequest Activity(string instanceId, string messageId, string? input = null) =>
        new(messageId, T0, instanceId, "exec-0", 6, "SendSms", input ?? """{"to":"+3161"}""");

    /// <summary>JSON text of about <paramref name="chars"/> characters.</summary>
    public static string LargeJson(int chars) => "\"" + string.Concat(Enumerable.Range(0, chars / 10).Select(i => $"{i % 100000:D5}-abcd")) + "\"";
}
