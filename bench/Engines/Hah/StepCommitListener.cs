using System.Diagnostics;
using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Durable.Diagnostics;

namespace HaH.Orchestration.Bench.Engines.Hah;

/// <summary>
/// Tells the probe when each of the runtime's steps committed and which external events it applied,
/// from the runtime's own telemetry: every step is an <c>orchestration step</c> span that, once its
/// commit succeeded, carries the <see cref="DurableTelemetry.StepCommittedEvent"/> event. Listening
/// makes the runtime create its spans (it skips them when nobody listens): a small CPU cost the
/// peer does not pay, and the price of measuring commits without a storage request.
/// </summary>
internal sealed class StepCommitListener : IDisposable
{
    private readonly ActivityListener _listener;

    public StepCommitListener(AdmissionDayProbe probe)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                if (span.OperationName != DurableTelemetry.StepSpanName || span.GetTagItem(DurableTelemetry.InstanceIdTag) is not string instanceId)
                {
                    return;
                }

                foreach (var committed in span.Events)
                {
                    if (committed.Name == DurableTelemetry.StepCommittedEvent)
                    {
                        probe.StepCommitted(instanceId, EventsRaised(committed), committed.Timestamp);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static string[] EventsRaised(ActivityEvent committed)
    {
        foreach (var tag in committed.Tags)
        {
            if (tag.Key == DurableTelemetry.EventsRaisedTag && tag.Value is string[] names)
            {
                return names;
            }
        }

        return [];
    }
}
