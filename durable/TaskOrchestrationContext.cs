using HaH.Orchestration.Durable.Replay;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable;

/// <summary>
/// What orchestrator code may use: the instance's identity, deterministic time and ids, and the
/// durable tasks (activities, sub-orchestrations, timers, external events). Every task it returns
/// is recorded in history and replayed; orchestrator code must await nothing else.
/// </summary>
public abstract class TaskOrchestrationContext
{
    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The orchestrator's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>The orchestrator version the instance was stamped with at start ("" for the unversioned one).</summary>
    public abstract string Version { get; }

    /// <summary>True while the code re-runs from history (its effects were recorded before).</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The current time of the orchestration: the start of the current step, the same on every replay.</summary>
    public abstract DateTimeOffset CurrentUtcDateTimeOffset { get; }

    /// <summary>
    /// How many events the current generation's history holds up to the one that resumed the code
    /// (the same on every replay; the current step's own decisions come after it). An orchestration
    /// that may run long compares it with a budget and continues as new before its history grows
    /// past what a step should replay.
    /// </summary>
    public abstract int CurrentHistoryLength { get; }

    /// <summary>The current time of the orchestration as a UTC <see cref="DateTime"/> (see <see cref="CurrentUtcDateTimeOffset"/>).</summary>
    public DateTime CurrentUtcDateTime => CurrentUtcDateTimeOffset.UtcDateTime;

    /// <summary>The logger factory behind <see cref="CreateReplaySafeLogger(string)"/>.</summary>
    protected abstract ILoggerFactory LoggerFactory { get; }

    /// <summary>The instance's input, deserialized as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <returns>The input, or the default of <typeparamref name="T"/> when there is none.</returns>
    public abstract T? GetInput<T>();

    /// <summary>
    /// A new GUID that is the same on every replay: a name-based (version 5) UUID of the instance
    /// id, the current orchestration time and a per-execution counter.
    /// </summary>
    /// <returns>The GUID.</returns>
    public abstract Guid NewGuid();

    /// <summary>Schedules an activity and waits for it to finish.</summary>
    /// <param name="name">The activity's registered name.</param>
    /// <param name="input">Its input (serialized to JSON).</param>
    /// <param name="options">Retry options.</param>
    /// <returns>A task that completes when the activity completed; throws <see cref="TaskFailedException"/> when it failed.</returns>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Schedules an activity and waits for its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">The activity's registered name.</param>
    /// <param name="input">Its input (serialized to JSON).</param>
    /// <param name="options">Retry options.</param>
    /// <returns>The activity's result; throws <see cref="TaskFailedException"/> when it failed.</returns>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration and waits for it to finish.</summary>
    /// <param name="name">The child orchestrator's registered name.</param>
    /// <param name="input">Its input (serialized to JSON).</param>
    /// <param name="options">Instance id, version and retry options.</param>
    /// <returns>A task that completes when the child completed; throws <see cref="TaskFailedException"/> when it failed.</returns>
    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration and waits for its output.</summary>
    /// <typeparam name="TResult">The output type.</typeparam>
    /// <param name="name">The child orchestrator's registered name.</param>
    /// <param name="input">Its input (serialized to JSON).</param>
    /// <param name="options">Instance id, version and retry options.</param>
    /// <returns>The child's output; throws <see cref="TaskFailedException"/> when it failed.</returns>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null);

    /// <summary>Creates a durable timer that fires at the given time.</summary>
    /// <param name="fireAt">When to fire, in UTC (a local time is converted to UTC).</param>
    /// <param name="cancellationToken">Cancels the timer (for example when it lost a <c>WhenAny</c>); the task then ends canceled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Creates a durable timer that fires after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the timer; the task then ends canceled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an external event (names are case-insensitive). Events raised before anyone waits
    /// are buffered and handed out first-in, first-out per name.
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="cancellationToken">Stops waiting; the task then ends canceled.</param>
    /// <returns>The event's payload.</returns>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for an external event for at most <paramref name="timeout"/>, measured by a durable
    /// timer that is cancelled when the event arrives first.
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting; the task then ends canceled.</param>
    /// <returns>The event's payload; throws <see cref="TimeoutException"/> when the time is up first.</returns>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Sends an event to another orchestration instance (once, when this step commits).</summary>
    /// <param name="instanceId">The receiving instance.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="payload">The payload (serialized to JSON).</param>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets the instance's custom status (serialized to JSON), visible to clients after the step commits.</summary>
    /// <param name="customStatus">The status; null clears it.</param>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Ends this generation when the orchestrator returns, and starts a new one with a fresh
    /// history and <paramref name="newInput"/>. The orchestrator's return value is then ignored.
    /// </summary>
    /// <param name="newInput">The next generation's input.</param>
    /// <param name="preserveUnprocessedEvents">Hand external events nobody has taken yet to the next generation.</param>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A logger that writes nothing while <see cref="IsReplaying"/> is true.</summary>
    /// <param name="categoryName">The log category.</param>
    /// <returns>The logger.</returns>
    public ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    /// <summary>A logger (category: <typeparamref name="T"/>'s full name) that writes nothing while <see cref="IsReplaying"/> is true.</summary>
    /// <typeparam name="T">The type whose name is the log category.</typeparam>
    /// <returns>The logger.</returns>
    public ILogger CreateReplaySafeLogger<T>() =>
        CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
