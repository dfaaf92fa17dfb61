using System.Threading.RateLimiting;
using Azure;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// The answer to an SMS from a number the product never texted (so it has no phone line): the help
/// text, at most <see cref="SmsInboundOptions.HelpPerNumberPerHour"/> times an hour per number and
/// <see cref="SmsInboundOptions.HelpPerHour"/> times an hour in all; beyond that nothing, counted.
/// Sent straight from the request, with no orchestration, so a flood of strangers leaves no state behind.
/// </summary>
/// <remarks>
/// The limits are fixed one-hour windows of <see cref="System.Threading.RateLimiting"/>, in this
/// process's memory and on the real clock (also when workflows run on the virtual one): they cap
/// what the SMS provider is paid for and who can be pestered, which is real time. Several host
/// processes each allow as much; a restart starts the windows again.
/// </remarks>
internal sealed class UnknownSenderHelp : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly ISmsSender _sender;
    private readonly SmsMetrics _metrics;
    private readonly ILogger _logger;

    public UnknownSenderHelp(IOptions<SmsInboundOptions> options, ISmsSender sender, SmsMetrics metrics, ILogger<UnknownSenderHelp> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sender = sender;
        _metrics = metrics;
        _logger = logger;
        var (perNumber, total) = (options.Value.HelpPerNumberPerHour, options.Value.HelpPerHour);
        if (perNumber > 0 && total > 0)
        {
            // Per number first: a number over its own limit does not use up everyone's.
            _limiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<string, string>(phone => RateLimitPartition.GetFixedWindowLimiter(phone, _ => Hourly(perNumber))),
                PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetFixedWindowLimiter("all", _ => Hourly(total))));
        }
    }

    /// <summary>Texts <paramref name="phone"/> the help text for event <paramref name="eventKey"/> unless a limit is reached.</summary>
    public async Task AnswerAsync(string phone, string eventKey, CancellationToken ct)
    {
        using var lease = _limiter?.AttemptAcquire(phone);
        if (lease is not { IsAcquired: true })
        {
            _metrics.HelpLimited();
            _logger.SmsHelpLimited(eventKey, PhoneMask.Mask(phone));
            return;
        }

        try
        {
            var result = await _sender.SendAsync(new OutgoingSms($"{eventKey}:help", phone, SmsTexts.Help()), ct).ConfigureAwait(false);
            if (result.Accepted)
            {
                _metrics.HelpSent();
                _logger.SmsHelpSentWithoutLine(eventKey, PhoneMask.Mask(phone));
            }
            else
            {
                _logger.SmsHelpNotSent(eventKey, PhoneMask.Mask(phone), FreeText.ForLog(result.Error));
            }
        }
        catch (Exception error) when (error is HttpRequestException or InvalidDataException or RequestFailedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // A courtesy to a stranger is not worth Event Grid delivering the whole batch again.
            _logger.SmsHelpNotSent(eventKey, PhoneMask.Mask(phone), FreeText.ForLog(error.Message));
        }
    }

    public void Dispose() => _limiter?.Dispose();

    private static FixedWindowRateLimiterOptions Hourly(int permits) => new()
    {
        PermitLimit = permits,
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
