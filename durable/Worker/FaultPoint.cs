namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// The places in the commit and delivery path where tests inject a crash to prove that no
/// accepted event is lost and no history event is written twice.
/// </summary>
internal enum FaultPoint
{
    /// <summary>The step ran but nothing was committed.</summary>
    BeforeCommit,

    /// <summary>The step is committed; nothing it sends has been delivered.</summary>
    AfterCommitBeforeDelivery,

    /// <summary>What the step sends is delivered; the consumed messages are not yet deleted.</summary>
    AfterDeliveryBeforeDelete,

    /// <summary>An activity is running; its result is not yet sent.</summary>
    DuringActivity,

    /// <summary>An activity has run; its result is neither handed to the partition owner nor sent.</summary>
    AfterActivityBeforeAnswer,
}

/// <summary>Decides whether to crash at a fault point. The default never does.</summary>
internal interface IFaultInjector
{
    /// <summary>Throws <see cref="InjectedFaultException"/> when a crash is wanted here.</summary>
    void At(FaultPoint point, string instanceId);
}

/// <summary>A crash injected by a test.</summary>
internal sealed class InjectedFaultException(FaultPoint point, string instanceId)
    : Exception($"Injected fault at {point} for instance {instanceId}.")
{
    public FaultPoint Point { get; } = point;
}

/// <summary>The production injector: never crashes.</summary>
internal sealed class NoFaults : IFaultInjector
{
    public static readonly NoFaults Instance = new();

    public void At(FaultPoint point, string instanceId)
    {
    }
}
