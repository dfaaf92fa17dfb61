using System.Diagnostics;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>Samples this process's working set every 250 ms and keeps the peak.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public WorkingSetSampler() => _loop = Task.Run(LoopAsync);

    public double PeakMegabytes => Math.Round(Interlocked.Read(ref _peak) / (1024.0 * 1024.0), 1);

    private async Task LoopAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            do
            {
                process.Refresh();
                if (process.WorkingSet64 > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, process.WorkingSet64);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
