namespace HaH.Orchestration.Durable.Replay;

/// <summary>What a decision waits for.</summary>
internal enum OpenTaskKind
{
    Activity,
    SubOrchestration,
    Timer,
}

/// <summary>
/// A durable task the orchestrator awaits: an activity, a sub-orchestration or a timer. Its
/// <see cref="EventId"/> is the position of its decision in history, known once the decision is
/// recorded (live) or matched (replay).
/// </summary>
internal sealed class OpenTask(OpenTaskKind kind, string name)
{
    public OpenTaskKind Kind { get; } = kind;

    public string Name { get; } = name;

    public int EventId { get; set; } = -1;

    /// <summary>Completes with the result JSON (null for timers). Continuations run on the session's scheduler.</summary>
    public TaskCompletionSource<string?> Source { get; } = new();

    public bool IsDone => Source.Task.IsCompleted;

    public CancellationTokenRegistration Registration { get; set; }
}
