using System.Text.Json.Nodes;
using HaH.Orchestration.Durable.Client;
using DurableTask.Core.History;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// History events in the shape of Durable Functions' <c>historyEvents</c> (PascalCase names,
/// <c>EventType</c>, <c>FunctionName</c>, <c>Result</c>, …), with the generation each belongs to
/// and <c>RequestedBy</c> for what a person or system asked for.
/// </summary>
internal static class HistoryEventView
{
    public static IReadOnlyList<JsonObject> From(IReadOnlyList<OrchestrationGeneration> generations, bool showOutput)
    {
        ArgumentNullException.ThrowIfNull(generations);
        return [.. generations.SelectMany(generation => generation.Events.Select(entry => From(entry, generation.Generation, showOutput)))];
    }

    private static JsonObject From(HistoryEntry entry, int generation, bool showOutput)
    {
        var e = entry.Event;
        var view = new JsonObject
        {
            ["EventType"] = e.EventType.ToString(),
            ["EventId"] = e.EventId,
            ["Timestamp"] = new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)),
            ["Generation"] = generation,
            ["RequestedBy"] = entry.RequestedBy,
        };
        switch (e)
        {
            case ExecutionStartedEvent started:
                view["FunctionName"] = started.Name;
                view["Version"] = started.Version;
                view["ExecutionId"] = started.OrchestrationInstance?.ExecutionId;
                view["ScheduledStartTime"] = started.ScheduledStartTime;
                Add(view, "Input", started.Input, showOutput);
                break;
            case ExecutionCompletedEvent completed:
                view["OrchestrationStatus"] = completed.OrchestrationStatus.ToString();
                Add(view, "Result", completed.Result, showOutput);
                view["FailureDetails"] = completed.FailureDetails?.ErrorMessage;
                break;
            case ExecutionTerminatedEvent terminated:
                view["Reason"] = Text(terminated.Input);
                break;
            case ExecutionSuspendedEvent suspended:
                view["Reason"] = suspended.Reason;
                break;
            case ExecutionResumedEvent resumed:
                view["Reason"] = resumed.Reason;
                break;
            case TaskScheduledEvent scheduled:
                view["FunctionName"] = scheduled.Name;
                Add(view, "Input", scheduled.Input, showOutput);
                break;
            case TaskCompletedEvent completed:
                view["TaskScheduledId"] = completed.TaskScheduledId;
                Add(view, "Result", completed.Result, showOutput);
                break;
            case TaskFailedEvent failed:
                view["TaskScheduledId"] = failed.TaskScheduledId;
                view["FailureDetails"] = failed.FailureDetails?.ErrorMessage ?? failed.Reason;
                break;
            case SubOrchestrationInstanceCreatedEvent created:
                view["FunctionName"] = created.Name;
                view["InstanceId"] = created.InstanceId;
                Add(view, "Input", created.Input, showOutput);
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                view["TaskScheduledId"] = completed.TaskScheduledId;
                Add(view, "Result", completed.Result, showOutput);
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                view["TaskScheduledId"] = failed.TaskScheduledId;
                view["FailureDetails"] = failed.FailureDetails?.ErrorMessage ?? failed.Reason;
                break;
            case TimerCreatedEvent created:
                view["FireAt"] = created.FireAt;
                break;
            case TimerFiredEvent fired:
                view["TimerId"] = fired.TimerId;
                view["FireAt"] = fired.FireAt;
                break;
            case EventRaisedEvent raised:
                view["Name"] = raised.Name;
                Add(view, "Input", raised.Input, showOutput);
                break;
            case EventSentEvent sent:
                view["Name"] = sent.Name;
                view["InstanceId"] = sent.InstanceId;
                Add(view, "Input", sent.Input, showOutput);
                break;
        }

        foreach (var (key, value) in view.ToList())
        {
            if (value is null)
            {
                view.Remove(key);
            }
        }

        return view;
    }

    /// <summary>A terminate's reason, stored as the JSON of its output: the text itself when it is a JSON string.</summary>
    private static string? Text(string? json)
    {
        var node = InstanceStatus.Json(json);
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
    }

    // Payloads can be large and hold patient data: shown only when asked for (showHistoryOutput=true).
    private static void Add(JsonObject view, string name, string? payload, bool show)
    {
        if (show)
        {
            view[name] = InstanceStatus.Json(payload);
        }
    }
}
