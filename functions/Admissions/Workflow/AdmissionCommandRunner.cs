using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Carries out the workflow's commands inside the orchestration: activities and events to phone lines.</summary>
internal sealed class AdmissionCommandRunner(TaskOrchestrationContext context, AdmissionState state, HistoryBudget budget)
{

    private static readonly RetryPolicy IntegrationRetry =
        new(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(15));

    /// <summary>Phone lines known to run in this generation (starting one is an activity; once is enough).</summary>
    private readonly HashSet<string> _startedLines = new(StringComparer.Ordinal);

    /// <summary>Carries out <paramref name="commands"/>; returns the messages to other systems that failed after every retry or were rejected.</summary>
    public async Task<IReadOnlyList<FailedMessage>> RunAsync(IReadOnlyList<AdmissionCommand> commands)
    {
        var failed = new List<FailedMessage>();
        foreach (var command in commands)
        {
            switch (command)
            {
                case OpenSmsItem open:
                    var line = await EnsureLineAsync(open.Phone);
                    budget.Add(HistoryBudget.PerSentEvent);
                    context.SendEvent(line, PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new OpenItem(state.AdmissionId, open.ItemId, open.Text)));
                    break;
                case CloseSmsItem close:
                    // An item was opened before it is closed: its line is known.
                    if (state.PhoneLines.TryGetValue(close.Phone, out var opened))
                    {
                        budget.Add(HistoryBudget.PerSentEvent);
                        context.SendEvent(opened, PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new CloseItem(state.AdmissionId, close.ItemId)));
                    }

                    break;
                case SendSms sms:
                    await SendAsync(new OutgoingSms($"{state.AdmissionId}:{sms.Key}", sms.To, sms.Text));
                    break;
                case PublishMessage message when await PublishAsync(message) is { } failure:
                    failed.Add(failure);
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
            budget.Add(HistoryBudget.PerActivity);
            await context.CallActivityAsync<SmsSendResult>(SendSmsActivity.Name, sms, budget.Retry(SmsRetry.Policy));
        }
        catch (TaskFailedException failure)
        {
            context.CreateReplaySafeLogger(typeof(AdmissionOrchestrator).FullName!).SmsNotSent(sms.MessageId, failure.Message);
        }
    }

    /// <summary>Publishes <paramref name="message"/>; null when it was published, otherwise what failed.</summary>
    private async Task<FailedMessage?> PublishAsync(PublishMessage message)
    {
        try
        {
            budget.Add(HistoryBudget.PerActivity);
            await context.CallActivityAsync(
                PublishIntegrationActivity.Name,
                new IntegrationMessage(message.Id, message.Type, state.AdmissionId, context.Now(), message.Body),
                // A message rejected before sending (e.g. a letter that is not valid FHIR) would fail the same way again.
                budget.Retry(IntegrationRetry, retryable: failure => !IntegrationMessageRejectedException.Caused(failure)));
            return null;
        }
        catch (TaskFailedException failure)
        {
            var logger = context.CreateReplaySafeLogger(typeof(AdmissionOrchestrator).FullName!);
            if (IntegrationMessageRejectedException.Caused(failure.FailureDetails))
            {
                // The rejection names the problem without patient data (IntegrationMessageRejectedException).
                logger.IntegrationMessageRejected(message.Type, message.Id, state.AdmissionId, failure.FailureDetails.ErrorMessage);
                return new FailedMessage(message, failure.FailureDetails.ErrorMessage);
            }

            logger.IntegrationMessageNotPublished(message.Type, message.Id, state.AdmissionId, failure.Message);
            return new FailedMessage(message, Problem: null);
        }
    }

    /// <summary>
    /// The phone's line, started if it does not run. Its id is a pseudonym of the number made with
    /// the deployment's secret, which the activity knows and orchestration code does not; the
    /// admission keeps it for later generations.
    /// </summary>
    private async Task<string> EnsureLineAsync(string phone)
    {
        if (_startedLines.Add(phone) || !state.PhoneLines.ContainsKey(phone))
        {
            budget.Add(HistoryBudget.PerActivity);
            state.PhoneLines[phone] = await context.CallActivityAsync<string>(EnsurePhoneLineActivity.Name, phone);
        }

        return state.PhoneLines[phone];
    }
}

/// <summary>A message to another system that was not published: <paramref name="Problem"/> is why it was rejected, null when the channel failed after every retry.</summary>
internal sealed record FailedMessage(PublishMessage Message, string? Problem);
