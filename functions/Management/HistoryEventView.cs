using System.Text.Json.Nodes;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;

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
        return [.. generations.SelectMany(generation => generation.Events.Select(e => From(e, generation.Generation, showOutput)))];
    }

    private static JsonObject From(HistoryEvent e, int generation, bool showOutput)
    {
        var view = new JsonObject
        {
            ["EventType"] = e.Kind,
            ["EventId"] = e.EventId,
            ["Timestamp"] = e.Timestamp,
            ["Generation"] = generation,
        };
        switch (e)
        {
            case ExecutionStarted started:
                view["FunctionName"] = started.Name;
                view["Version"] = started.Version;
                view["ExecutionId"] = started.ExecutionId;
                view["ScheduledStartTime"] = started.ScheduledStartTime;
                Add(view, "Input", started.Input, showOutput);
                view["RequestedBy"] = started.RequestedBy;
                break;
            case ExecutionCompleted completed:
                view["OrchestrationStatus"] = completed.Status.ToString();
                Add(view, "Result", completed.Output, showOutput);
                view["FailureDetails"] = completed.Failure?.ErrorMessage;
                break;
            case ExecutionTerminated terminated:
                view["Reason"] = terminated.Reason;
                view["RequestedBy"] = terminated.RequestedBy;
                break;
            case ExecutionSuspended suspended:
                view["Reason"] = suspended.Reason;
                view["RequestedBy"] = suspended.RequestedBy;
                break;
            case ExecutionResumed resumed:
                view["Reason"] = resumed.Reason;
                view["RequestedBy"] = resumed.RequestedBy;
                break;
            case TaskScheduled scheduled:
                view["FunctionName"] = scheduled.Name;
                Add(view, "Input", scheduled.Input, showOutput);
                break;
            case TaskCompleted completed:
                view["TaskScheduledId"] = completed.TaskScheduledId;
                Add(view, "Result", completed.Result, showOutput);
                break;
            case TaskFailed failed:
                view["TaskScheduledId"] = failed.TaskScheduledId;
                view["FailureDetails"] = failed.Failure.ErrorMessage;
                break;
            case SubOrchestrationCreated created:
                view["FunctionName"] = created.Name;
                view["InstanceId"] = created.InstanceId;
                Add(view, "Input", created.Input, showOutput);
                break;
            case SubOrchestrationCompleted completed:
                view["TaskScheduledId"] = completed.TaskScheduledId;
                Add(view, "Result", completed.Result, showOutput);
                break;
            case SubOrchestrationFailed failed:
                view["TaskScheduledId"] = failed.TaskScheduledId;
                view["FailureDetails"] = failed.Failure.ErrorMessage;
                break;
            case TimerCreated created:
                view["FireAt"] = created.FireAt;
                break;
            case TimerFired fired:
                view["TimerId"] = fired.TimerId;
                view["FireAt"] = fired.FireAt;
                break;
            case TimerCancelled cancelled:
                view["TimerId"] = cancelled.TimerId;
                break;
            case EventRaised raised:
                view["Name"] = raised.Name;
                Add(view, "Input", raised.Input, showOutput);
                view["RequestedBy"] = raised.RequestedBy;
                break;
            case EventSent sent:
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

    // Payloads can be large and hold patient data: shown only when asked for (showHistoryOutput=true).
    private static void Add(JsonObject view, string name, string? payload, bool show)
    {
        if (show)
        {
            view[name] = InstanceStatus.Json(payload);
        }
    }
}
