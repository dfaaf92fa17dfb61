using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Client;
using CoreParentInstance = DurableTask.Core.ParentInstance;
using ParentInstance = HaH.Orchestration.Durable.Storage.ParentInstance;

namespace HaH.Orchestration.Durable.Tests.Storage;

/// <summary>Test data: states, DurableTask.Core events and messages with every field set.</summary>
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
        Parent = new ParentInstance("parent-1", "exec-p", 7, "Parent", "1"),
        HistoryLength = historyLength,
        PendingTimers = [new PendingTimer(3, T0.AddDays(10))],
        RecentMessageIds = ["m-1", "m-2"],
        Partition = 2,
        IndexedStatus = OrchestrationRuntimeStatus.Pending,
    };

    /// <summary>A failure with every field set, an inner failure among them.</summary>
    public static FailureDetails Failure() =>
        new("System.TimeoutException", "late", "at X", new FailureDetails("Inner", "cause", null, null, isNonRetriable: false), isNonRetriable: true);

    /// <summary>
    /// One event of every kind DurableTask.Core declares (<see cref="HistoryEvent.KnownTypes"/>) but
    /// <see cref="ExecutionRewoundEvent"/> (<see cref="StoredKinds"/>), with every field the backend
    /// stores set. Decisions are numbered by their task id from <paramref name="firstDecisionId"/> (as
    /// DurableTask.Core numbers them), the other events have -1; timestamps are one second apart.
    /// </summary>
    public static IReadOnlyList<HistoryEvent> OneOfEachKind(int firstDecisionId = 0)
    {
        var failure = Failure();
        var d = firstDecisionId;
        HistoryEvent[] events =
        [
            new OrchestratorStartedEvent(-1),
            new ExecutionStartedEvent(-1, """{"a":1}""")
            {
                Name = "Admission",
                Version = "2",
                OrchestrationInstance = new OrchestrationInstance { InstanceId = "admission-1", ExecutionId = "exec-0" },
                Generation = 0,
                ParentInstance = new CoreParentInstance
                {
                    OrchestrationInstance = new OrchestrationInstance { InstanceId = "p", ExecutionId = "e" },
                    TaskScheduleId = 4,
                    Name = "Parent",
                    Version = "1",
                },
                ScheduledStartTime = T0.AddHours(1).UtcDateTime,
            },
            new ExecutionTerminatedEvent(-1, "\"operator\""),
            new ExecutionSuspendedEvent(-1, "pause"),
            new ExecutionResumedEvent(-1, "go"),
            new TaskScheduledEvent(d, "SendSms", "1", """{"to":"+3161"}"""),
            new TaskCompletedEvent(-1, d, """ "ok" """),
            new TaskFailedEvent(-1, d, "late", null, failure),
            new SubOrchestrationInstanceCreatedEvent(d + 1) { Name = "Visit", Version = "1", InstanceId = "visit-1", Input = "3" },
            new SubOrchestrationInstanceCompletedEvent(-1, d + 1, "42"),
            new SubOrchestrationInstanceFailedEvent(-1, d + 1, "late", null, failure),
            new TimerCreatedEvent(d + 2, T0.AddDays(30).UtcDateTime),
            new TimerFiredEvent(-1, T0.AddDays(30).UtcDateTime) { TimerId = d + 2 },
            new EventRaisedEvent(-1, """{"by":"nurse"}""") { Name = "Approved" },
            new EventSentEvent(d + 3) { InstanceId = "other-1", Name = "Ping", Input = "\"pong\"" },
            new GenericEvent(-1, "generic data"),
            new HistoryStateEvent(-1, new OrchestrationState { Name = "Admission", Version = "2", OrchestrationStatus = OrchestrationStatus.Running }),
            new OrchestratorCompletedEvent(-1),
            new ContinueAsNewEvent(d + 4, """{"round":2}"""),
            new ExecutionCompletedEvent(d + 5, """{"o":true}""", OrchestrationStatus.Failed, failure),
        ];
        for (var i = 0; i < events.Length; i++)
        {
            events[i].Timestamp = T0.AddSeconds(i).UtcDateTime;
        }

        return events;
    }

    /// <summary>
    /// The kinds of event the backend stores: each concrete event class's <see cref="HistoryEvent.EventType"/>
    /// that DurableTask.Core declares, but rewind's, which the backend does not offer (it refuses the
    /// action) and which no client of it sends.
    /// </summary>
    public static IEnumerable<EventType> StoredKinds() =>
        HistoryEvent.KnownTypes()
            .Select(type => ((HistoryEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)).EventType)
            .Where(kind => kind != EventType.ExecutionRewound);

    /// <summary><paramref name="events"/> as the history rows of one generation, placed from <paramref name="firstSequence"/> on.</summary>
    public static HistoryRecord[] Records(int generation, IEnumerable<HistoryEvent> events, int firstSequence = 0) =>
        [.. events.Select((e, i) => new HistoryRecord(generation, firstSequence + i, e))];

    /// <summary>
    /// An event as stored, for comparing: DurableTask.Core's events are classes without value
    /// equality, so two events are the same when their stored JSON is (every field, ticks included).
    /// </summary>
    public static string Json(HistoryEvent historyEvent) => HistoryEventJson.Serialize(historyEvent);

    /// <summary>Records as stored, for comparing: generation, place, event JSON and requester.</summary>
    public static IEnumerable<string> Json(IEnumerable<HistoryRecord> records) =>
        records.Select(r => $"{r.Generation}/{r.Sequence} {Json(r.Event)} by {r.RequestedBy ?? "-"}");

    /// <summary>Events as stored, for comparing.</summary>
    public static IEnumerable<string> Json(IEnumerable<HistoryEvent> events) => events.Select(Json);

    /// <summary>A message as stored, for comparing (its event has no value equality either).</summary>
    public static string Json(WorkMessage message) => StorageJson.Serialize(message);

    /// <summary>Messages as stored, for comparing.</summary>
    public static IEnumerable<string> Json(IEnumerable<WorkMessage> messages) => messages.Select(Json);

    public static OrchestrationMessage Message(string instanceId, string messageId, string? input = null) =>
        new(messageId, T0, instanceId, null, new EventRaisedEvent(-1, input ?? """{"ok":true}""") { Name = "Approved", Timestamp = T0.UtcDateTime }, "nurse-key");

    public static ActivityRequest Activity(string instanceId, string messageId, string? input = null) =>
        new(messageId, T0, instanceId, "exec-0", 6, "SendSms", null, input ?? """{"to":"+3161"}""");

    /// <summary>JSON text of about <paramref name="chars"/> characters.</summary>
    public static string LargeJson(int chars) => "\"" + string.Concat(Enumerable.Range(0, chars / 10).Select(i => $"{i % 100000:D5}-abcd")) + "\"";
}
