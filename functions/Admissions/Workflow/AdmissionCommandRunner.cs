using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Carries out the workflow's commands inside the orchestration: activities and events to phone lines.</summary>
internal sealed class AdmissionCommandRunner(TaskOrchestrationContext context, string admissionId)
{
    private static readonly TaskOptions IntegrationRetry = new()
    {
        Retry = new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(15)),
    };

    /// <summary>Phone lines known to run in this generation (starting one is an activity; once is enough).</summary>
    private readonly HashSet<string> _startedLines = new(StringComparer.Ordinal);

    public async Task RunAsync(IReadOnlyList<AdmissionCommand> commands)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case OpenSmsItem open:
                    await EnsureLineAsync(open.Phone);
                    context.SendEvent(PhoneLineIds.For(open.Phone), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new OpenItem(admissionId, open.ItemId, open.Text)));
                    break;
                case CloseSmsItem close:
                    context.SendEvent(PhoneLineIds.For(close.Phone), PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new CloseItem(admissionId, close.ItemId)));
                    break;
                case SendSms sms:
                    await context.CallActivityAsync<SmsSendResult>(SendSmsActivity.Name, new OutgoingSms($"{admissionId}:{sms.Key}", sms.To, sms.Text), SmsRetry.Options);
                    break;
                case PublishMessage message:
                    await context.CallActivityAsync(
                        PublishIntegrationActivity.Name,
                        new IntegrationMessage(message.Id, message.Type, admissionId, context.CurrentUtcDateTimeOffset, message.Body),
                        IntegrationRetry);
                    break;
            }
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
