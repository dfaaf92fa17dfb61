using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Carries out the workflow's commands inside the orchestration: activities and events to phone lines.</summary>
internal sealed class AdmissionCommandRunner(TaskOrchestrationContext context, string admissionId, PhoneLineIds lines)
{
    private static readonly TaskOptions IntegrationRetry = new()
    {
        Retry = new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(15)),
    };

    /// <summary>Phone lines known to run in this generation (starting one is an activity; once is enough).</summary>
    private readonly HashSet<string> _startedLines = new(StringComparer.Ordinal);

    /// <summary>Carries out <paramref name="commands"/>; returns the messages to other systems that failed after every retry.</summary>
    public async Task<IReadOnlyList<PublishMessage>> RunAsync(IReadOnlyList<AdmissionCommand> commands)
    {
        var failed = new List<PublishMessage>();
        foreach (var command in commands)
        {
            switch (command)
            {
                case OpenSmsItem open:
                    await EnsureLineAsync(open.Phone);
                    context.SendEvent(lines.For(open.Phone), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new OpenItem(admissionId, open.ItemId, open.Text)));
                    break;
                case CloseSmsItem close:
                    context.SendEvent(lines.For(close.Phone), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new CloseItem(admissionId, close.ItemId)));
                    break;
                case SendSms sms:
                    await SendAsync(new OutgoingSms($"{admissionId}:{sms.Key}", sms.To, sms.Text));
                    break;
                case PublishMessage message when !await PublishAsync(message):
                    failed.Add(message);
                    break;
            }
        }

        return failed;
    }

    /// <summary>
    /// Receipts, "resolved" notes and the patient's discharge SMS: an SMS outage longer than the
    /// retries must not fail the admission, so a send that failed for good is logged and passed.
    /// </summary>
    private async Task SendAsync(OutgoingSms sms)
    {
        try
        {
            await context.CallActivityAsync<SmsSendResult>(SendSmsActivity.Name, sms, SmsRetry.Options);
        }
        catch (TaskFailedException failure)
        {
            context.CreateReplaySafeLogger(typeof(AdmissionOrchestrator).FullName!).SmsNotSent(sms.MessageId, failure.Message);
        }
    }

    private async Task<bool> PublishAsync(PublishMessage message)
    {
        try
        {
            await context.CallActivityAsync(
                PublishIntegrationActivity.Name,
                new IntegrationMessage(message.Id, message.Type, admissionId, context.CurrentUtcDateTimeOffset, message.Body),
                IntegrationRetry);
            return true;
        }
        catch (TaskFailedException failure)
        {
            context.CreateReplaySafeLogger(typeof(AdmissionOrchestrator).FullName!).IntegrationMessageNotPublished(message.Type, message.Id, admissionId, failure.Message);
            return false;
        }
    }

    private async Task EnsureLineAsync(string phone)
    {
        if (_startedLines.Add(phone))
        {
            await context.CallActivityAsync<bool>(EnsurePhoneLineActivity.Name, phone);
        }
    }
}
