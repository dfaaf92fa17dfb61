using System.Diagnostics.Metrics;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// OpenTelemetry counters of incoming SMS traffic the app refused or limited (meter
/// <see cref="MeterName"/>): what an administrator alerts on when something or someone floods
/// the SMS number or Event Grid sends what ACS never would.
/// </summary>
internal sealed class SmsMetrics : IDisposable
{
    public const string MeterName = "HaH.Orchestration.Sms";

    private readonly Meter _meter;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _helpSent;
    private readonly Counter<long> _helpLimited;

    public SmsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _rejected = _meter.CreateCounter<long>("hah.sms.events.rejected", "{event}", "Webhook events acknowledged without processing because they were not usable, by reason");
        _helpSent = _meter.CreateCounter<long>("hah.sms.help.sent", "{sms}", "Help SMS sent to numbers without a phone line");
        _helpLimited = _meter.CreateCounter<long>("hah.sms.help.limited", "{sms}", "Help SMS not sent to numbers without a phone line because a rate limit was reached");
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void HelpSent() => _helpSent.Add(1);

    public void HelpLimited() => _helpLimited.Add(1);

    public void Dispose() => _meter.Dispose();
}
