using System.Collections.Concurrent;
using System.Diagnostics;
using HaH.Orchestration.Durable.Diagnostics;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Records every step commit the runtime reports on its span (<see cref="DurableTelemetry.StepCommittedEvent"/>),
/// with the instance it was for, while it lives.
/// </summary>
internal sealed class CommitRecorder : IDisposable
{
    private readonly ConcurrentQueue<(string? InstanceId, ActivityEvent Committed)> _commits = new();
    private readonly ActivityListener _listener;

    public CommitRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                foreach (var committed in span.Events.Where(e => e.Name == DurableTelemetry.StepCommittedEvent))
                {
                    _commits.Enqueue((span.GetTagItem(DurableTelemetry.InstanceIdTag) as string, committed));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The commits of the instance's steps, in order.</summary>
    public List<ActivityEvent> CommitsOf(string instanceId) =>
        [.. _commits.Where(commit => commit.InstanceId == instanceId).Select(commit => commit.Committed)];

    /// <summary>The names of the external events a commit applied.</summary>
    public static string[] EventsRaised(ActivityEvent commit) =>
        (string[])commit.Tags.Single(tag => tag.Key == DurableTelemetry.EventsRaisedTag).Value!;

    public void Dispose() => _listener.Dispose();
}
