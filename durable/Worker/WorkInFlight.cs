namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Counts the work started and not finished in this process — steps, activities, deliveries,
/// clean-ups — so that <see cref="Hosting.DurableRuntime.WaitForIdleAsync"/> can tell idle from
/// busy without asking storage.
/// </summary>
internal sealed class WorkInFlight
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Marks work as started until the returned scope is disposed.</summary>
    public Scope Track()
    {
        Interlocked.Increment(ref _count);
        return new Scope(this);
    }

    /// <summary>Ends one unit of in-flight work; disposing it twice does nothing more.</summary>
    internal sealed class Scope(WorkInFlight work) : IDisposable
    {
        private WorkInFlight? _work = work;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _work, null) is { } owner)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
