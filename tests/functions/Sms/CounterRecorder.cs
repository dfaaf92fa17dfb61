using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms;

/// <summary>
/// Adds up one counter of one test host: only the meter its own <see cref="IMeterFactory"/> made,
/// so tests running side by side do not count each other's measurements.
/// </summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterRecorder(IServiceProvider services, string meter, string counter)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meter && instrument.Name == counter && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
