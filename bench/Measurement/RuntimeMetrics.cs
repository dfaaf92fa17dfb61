using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HaH.Orchestration.Durable.Diagnostics;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>
/// Listens to the runtime's own metrics in this process (no storage requests): finished
/// instances (how the bench knows the work is done), steps, ETag conflicts, step duration and
/// message latency (time from a message being sent to the step that applied it); and from .NET's
/// HTTP client, how long storage requests waited for a connection and took in all; and how long
/// they waited for a slot of the runtime's request gate.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<double> _stepDurations = new();
    private readonly ConcurrentQueue<double> _messageLatencies = new();
    private readonly ConcurrentQueue<double> _connectionWaits = new();
    private readonly ConcurrentQueue<double> _httpRequests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _gateWaits = new(StringComparer.Ordinal);
    private long _finished;
    private long _failed;
    private long _steps;
    private long _conflicts;

    public RuntimeMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DurableTelemetry.Name
                || (instrument.Meter.Name == "System.Net.Http" && instrument.Name is "http.client.request.time_in_queue" or "http.client.request.duration"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();
    }

    /// <summary>Instances that reached a final status.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    /// <summary>Instances that ended in any status but Completed.</summary>
    public long FinishedUnsuccessfully => Interlocked.Read(ref _failed);

    public RuntimeFigures Figures() => new(
        Interlocked.Read(ref _steps),
        Interlocked.Read(ref _conflicts),
        LatencySummary.From(_stepDurations),
        LatencySummary.From(_messageLatencies),
        LatencySummary.From(_connectionWaits),
        LatencySummary.From(_httpRequests),
        _gateWaits.OrderBy(lane => lane.Key, StringComparer.Ordinal).ToDictionary(lane => lane.Key, lane => LatencySummary.From(lane.Value)));

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "durable.orchestration.finished":
                Interlocked.Add(ref _finished, value);
                foreach (var tag in tags)
                {
                    if (tag.Key == "status" && !"Completed".Equals(tag.Value))
                    {
                        Interlocked.Add(ref _failed, value);
                    }
                }

                break;
            case "durable.orchestration.steps":
                Interlocked.Add(ref _steps, value);
                break;
            case "durable.orchestration.step_conflicts":
                Interlocked.Add(ref _conflicts, value);
                break;
        }
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "durable.orchestration.step.duration":
                _stepDurations.Enqueue(value);
                break;
            case "durable.message.latency":
                _messageLatencies.Enqueue(value);
                break;
            case "http.client.request.time_in_queue":
                _connectionWaits.Enqueue(value * 1000);
                break;
            case "http.client.request.duration":
                _httpRequests.Enqueue(value * 1000);
                break;
            case "durable.storage.gate.wait":
                _gateWaits.GetOrAdd(TagValue(tags, "urgency"), _ => new()).Enqueue(value);
                break;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString() ?? "";
            }
        }

        return "";
    }
}

/// <summary>What the runtime's metrics said about a run.</summary>
/// <param name="Steps">Orchestration steps committed.</param>
/// <param name="StepConflicts">Steps whose commit lost an ETag race.</param>
/// <param name="StepDurationMs">From picking up an instance's messages to the end of its step (commit, delivery, index; deletes run after).</param>
/// <param name="MessageLatencyMs">From a message being sent to the step that applied it (runtime clock).</param>
/// <param name="ConnectionWaitMs">Storage requests of this process waiting for an HTTP connection (.NET's <c>http.client.request.time_in_queue</c>).</param>
/// <param name="HttpRequestMs">Storage requests of this process from sending to the answer's headers, retries apart (<c>http.client.request.duration</c>).</param>
/// <param name="GateWaitMsByUrgency">Storage requests of this process waiting for a request slot (<c>durable.storage.gate.wait</c>), by urgency: under saturation, where a step's time goes.</param>
internal sealed record RuntimeFigures(
    long Steps,
    long StepConflicts,
    LatencySummary StepDurationMs,
    LatencySummary MessageLatencyMs,
    LatencySummary ConnectionWaitMs,
    LatencySummary HttpRequestMs,
    IReadOnlyDictionary<string, LatencySummary> GateWaitMsByUrgency);
