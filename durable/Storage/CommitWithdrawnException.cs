namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A step's commit was taken back while it waited for a request slot, before anything of it was
/// sent: work for the instance arrived meanwhile, and the step takes it into the same commit
/// (<see cref="StepUrgency"/>). Nothing was written.
/// </summary>
internal sealed class CommitWithdrawnException : InvalidOperationException
{
    public CommitWithdrawnException()
        : base("The commit was withdrawn before it was sent, to take in work that arrived while it waited.")
    {
    }
}
