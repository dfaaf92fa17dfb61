using System.Diagnostics;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>Counts the storage requests of a worker with nothing to do, over a given time.</summary>
internal static class IdleWindow
{
    public static async Task<IdleFigures> MeasureAsync(StorageRequestCounter counter, int azuritePid, int idleSeconds, CancellationToken cancellationToken)
    {
        if (idleSeconds == 0)
        {
            return new IdleFigures(0, StorageFigures.From(new Dictionary<string, long>()), null);
        }

        Console.WriteLine($"Idle for {idleSeconds} s, counting the worker's storage requests ...");
        var before = counter.Snapshot();
        var azuriteCpu = ProcessTreeCpu.Seconds(azuritePid);
        var started = Stopwatch.GetTimestamp();
        var remaining = TimeSpan.FromSeconds(idleSeconds);
        while (remaining > TimeSpan.Zero)
        {
            var wait = remaining < TimeSpan.FromSeconds(30) ? remaining : TimeSpan.FromSeconds(30);
            await Task.Delay(wait, cancellationToken);
            remaining -= wait;
            Console.WriteLine($"[idle {Stopwatch.GetElapsedTime(started).TotalSeconds,5:0} s] {counter.Snapshot().Total - before.Total} requests");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var requests = StorageFigures.From(StorageFigures.Difference(counter.Snapshot(), before));
        return new IdleFigures(
            Math.Round(seconds, 2),
            requests,
            azuriteCpu is { } cpuBefore && ProcessTreeCpu.Seconds(azuritePid) is { } cpuAfter ? Math.Round(cpuAfter - cpuBefore, 2) : null);
    }
}
