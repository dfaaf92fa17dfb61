using Azure.Core;
using Azure.Core.Pipeline;
using HaH.Orchestration.Durable.Diagnostics;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Bounds the storage requests one account's clients have in flight, and lets the urgent ones
/// pass first when they must wait. Without a bound, hundreds of parallel steps each open their
/// own connection and the queue forms inside the storage service (Azurite, one Node process,
/// then answered some requests only after seconds: measured p99 2.5–5 s for a single queue
/// send at 200 admissions, against 0.3–0.5 s with a bound). With it, the queue forms here,
/// where order can be chosen: what brings work in or moves it on — receiving and sending
/// messages, point reads — before commits, and deleting consumed messages last. A request
/// that has waited longer than <see cref="MaxWaitBeforeTurn"/> goes next whatever its urgency,
/// so that under sustained load deletes still keep up instead of piling up for the idle time.
/// An ordinary request of a step that holds up more work for its instance goes with the most
/// urgent ones (<see cref="StepUrgency"/>).
/// </summary>
internal sealed class StorageRequestGate(int maxInFlight, TimeProvider? clock = null)
{
    /// <summary>How long a less urgent request waits at most while more urgent ones keep coming.</summary>
    public static readonly TimeSpan MaxWaitBeforeTurn = TimeSpan.FromMilliseconds(500);

    private static readonly string[] UrgencyTags = [nameof(RequestUrgency.First), nameof(RequestUrgency.Normal), nameof(RequestUrgency.Last)];

    private static readonly AsyncLocal<bool> Delivering = new();

    /// <summary>
    /// True in an asynchronous flow whose table requests deliver a message (an inbox row): they go
    /// first, like a queue's send, rather than behind commits. Set it at the top of an async method:
    /// the flag ends with the method.
    /// </summary>
    public static bool DeliversMessage
    {
        get => Delivering.Value;
        set => Delivering.Value = value;
    }

    private readonly object _lock = new();
    private readonly Queue<Waiter>[] _waiting = [new(), new(), new()];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private int _inFlight;

    public int MaxInFlight { get; } = maxInFlight;

    /// <summary>Entries in the waiting lines (a promoted request counts twice until its old entry is reached).</summary>
    internal int QueuedRequests
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Sum(lane => lane.Count);
            }
        }
    }

    /// <summary>The pipeline policy that passes each request of one service through this gate.</summary>
    public HttpPipelinePolicy CreatePolicy(StorageService service) => new GatePolicy(this, service);

    internal static RequestUrgency UrgencyOf(StorageService service, Request request) =>
        StorageOperation.Classify(service, request) switch
        {
            "send" or "receive" or "point-read" or "lease" => RequestUrgency.First,
            "delete" when service == StorageService.Queue => RequestUrgency.Last,
            "update" when service == StorageService.Queue => RequestUrgency.Last,
            _ when DeliversMessage => RequestUrgency.First,
            _ => RequestUrgency.Normal,
        };

    internal async ValueTask EnterAsync(RequestUrgency urgency, CancellationToken cancellationToken)
    {
        // An ordinary request of a step that holds up more work for its instance goes first.
        var step = urgency == RequestUrgency.Normal ? StepUrgency.Current : null;
        if (step?.IsRaised == true)
        {
            urgency = RequestUrgency.First;
            step = null;
        }

        Waiter waiter;
        lock (_lock)
        {
            if (_inFlight < MaxInFlight)
            {
                _inFlight++;
                RecordWait(urgency, TimeSpan.Zero);
                return;
            }

            waiter = new Waiter(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _clock.GetTimestamp());
            _waiting[(int)urgency].Enqueue(waiter);
        }

        step?.Waiting(this, waiter);
        using var cancel = cancellationToken.Register(() => waiter.Turn.TrySetCanceled(cancellationToken));
        await waiter.Turn.Task.ConfigureAwait(false);
        step?.Entered(waiter);
        RecordWait(urgency, _clock.GetElapsedTime(waiter.Since));
    }

    /// <summary>
    /// Queues a waiting request again with the most urgent ones, keeping its arrival time; the
    /// copy left in its old lane is skipped when reached (its turn is already taken).
    /// </summary>
    internal void Promote(Waiter waiter)
    {
        lock (_lock)
        {
            if (!waiter.Turn.Task.IsCompleted)
            {
                _waiting[(int)RequestUrgency.First].Enqueue(waiter);
            }
        }
    }

    private static void RecordWait(RequestUrgency urgency, TimeSpan waited) =>
        DurableTelemetry.StorageGateWait.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("urgency", UrgencyTags[(int)urgency]));

    /// <summary>Hands the slot to the waiter whose turn it is (still waiting), or frees it.</summary>
    internal void Leave()
    {
        lock (_lock)
        {
            while (NextLane() is { } lane)
            {
                if (lane.Dequeue().Turn.TrySetResult())
                {
                    return;
                }
            }

            _inFlight--;
        }
    }

    /// <summary>The lane of the longest-waiting request when it waited too long, else the most urgent lane with a waiter.</summary>
    private Queue<Waiter>? NextLane()
    {
        Queue<Waiter>? overdue = null;
        foreach (var lane in _waiting)
        {
            if (lane.TryPeek(out var head) && _clock.GetElapsedTime(head.Since) > MaxWaitBeforeTurn
                && (overdue is null || head.Since < overdue.Peek().Since))
            {
                overdue = lane;
            }
        }

        return overdue ?? _waiting.FirstOrDefault(lane => lane.Count > 0);
    }

    internal readonly record struct Waiter(TaskCompletionSource Turn, long Since);

    private sealed class GatePolicy(StorageRequestGate gate, StorageService service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            gate.EnterAsync(UrgencyOf(service, message.Request), message.CancellationToken).AsTask().GetAwaiter().GetResult();
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                gate.Leave();
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await gate.EnterAsync(UrgencyOf(service, message.Request), message.CancellationToken).ConfigureAwait(false);
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            finally
            {
                gate.Leave();
            }
        }
    }
}

/// <summary>Which requests pass the <see cref="StorageRequestGate"/> first when they must wait.</summary>
internal enum RequestUrgency
{
    /// <summary>Brings work in or moves it on: message sends and receives, inbox rows, point reads, leases.</summary>
    First = 0,

    /// <summary>Commits and everything else.</summary>
    Normal = 1,

    /// <summary>Clean-up nobody waits for: deleting consumed messages, giving messages back.</summary>
    Last = 2,
}
