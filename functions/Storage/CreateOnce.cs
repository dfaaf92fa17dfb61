namespace HaH.Orchestration.Functions.Storage;

/// <summary>
/// Runs a "create if missing" step once per instance instead of once per request. A failed or
/// cancelled attempt is forgotten, so the next caller tries again (storage may answer later);
/// the step itself never takes a caller's cancellation, so one caller giving up does not fail
/// the others waiting on it.
/// </summary>
internal sealed class CreateOnce(Func<CancellationToken, Task> create)
{
    private readonly Lock _gate = new();
    private Task? _creating;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task creating;
        lock (_gate)
        {
            if (_creating is null || _creating.IsFaulted || _creating.IsCanceled)
            {
                _creating = create(CancellationToken.None);
            }

            creating = _creating;
        }

        return creating.WaitAsync(cancellationToken);
    }
}
