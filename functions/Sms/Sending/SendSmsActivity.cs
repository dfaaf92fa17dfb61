using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>
/// Sends one SMS. Runs at least once: the message id is the idempotency key (ACS's
/// repeatabilityRequestId, the local outbox's row key), so a retried run never texts twice.
/// A refused SMS (a bad number) comes back as a result for the orchestration, not as a retry.
/// </summary>
internal sealed class SendSmsActivity(ISmsSender sender) : TaskActivity<OutgoingSms, SmsSendResult>
{
    public const string Name = nameof(SendSmsActivity);

    public override Task<SmsSendResult> RunAsync(TaskActivityContext context, OutgoingSms input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return sender.SendAsync(input, CancellationToken.None);
    }
}

/// <summary>How SMS sending is retried when the sender throws (network, throttling).</summary>
internal static class SmsRetry
{
    public static RetryPolicy Policy { get; } =
        new(maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(15), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5));
}
