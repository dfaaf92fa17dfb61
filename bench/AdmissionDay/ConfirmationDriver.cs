using System.Globalization;
using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// Plays the nurses: as soon as a visit's SMS activity has run (or, with <see cref="RaiseOn.Waiting"/>,
/// its orchestration waits for the confirmation), raises its <c>VisitConfirmed</c> —
/// through the engine's client in this process, or for the admissions chosen by
/// <see cref="AdmissionDaySettings.IsRemote"/> through the <see cref="RemoteRaiser"/>. Raises run
/// concurrently; the raise time recorded is the moment the client's raise is called.
/// </summary>
internal sealed class ConfirmationDriver(IEngineClient client, AdmissionDayProbe probe, RemoteRaiser? remote, AdmissionDaySettings settings)
{
    private const string Prefix = "admission-";
    private int _raised;
    private int _failed;

    public int Raised => Volatile.Read(ref _raised);

    public static string InstanceId(int admission) => Prefix + admission.ToString("D6", CultureInfo.InvariantCulture);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var raises = new List<Task>();
        try
        {
            await foreach (var (admissionId, visit) in probe.VisitsToConfirm.ReadAllAsync(cancellationToken))
            {
                var admission = int.Parse(admissionId.AsSpan(Prefix.Length), CultureInfo.InvariantCulture);
                if (remote is not null && settings.IsRemote(admission))
                {
                    remote.Raise(admissionId, visit);
                    Interlocked.Increment(ref _raised);
                }
                else
                {
                    raises.Add(RaiseAsync(admissionId, visit, cancellationToken));
                }

                raises.RemoveAll(task => task.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work is over.
        }

        await Task.WhenAll(raises);
        if (_failed > 0)
        {
            Console.Error.WriteLine($"Warning: {_failed} confirmations could not be raised (see above).");
        }
    }

    private async Task RaiseAsync(string admissionId, int visit, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var started = AdmissionDayProbe.Now();
            await client.RaiseConfirmationAsync(admissionId, visit, cancellationToken);
            probe.Raised(admissionId, visit, started, AdmissionDayProbe.Now(), remote: false);
            Interlocked.Increment(ref _raised);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            Console.Error.WriteLine($"Raising VisitConfirmed for {admissionId} visit {visit} failed: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            // The work is over.
        }
    }
}
