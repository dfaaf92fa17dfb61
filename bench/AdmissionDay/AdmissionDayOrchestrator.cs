using Microsoft.DurableTask;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// One admission of the admission-day workload: per visit, send the SMS, then wait for
/// <c>VisitConfirmed</c> against a 10-minute timer (cancelled when the confirmation wins); after
/// the last visit, write the summary. Tells the <see cref="AdmissionDayProbe"/> — only when not
/// replaying — when it starts waiting for a visit and when it observes the confirmation. The SDK
/// creates orchestrators without the container, so the workload registers a factory that hands
/// each one the probe.
/// </summary>
internal sealed class AdmissionDayOrchestrator(AdmissionDayProbe probe) : TaskOrchestrator<AdmissionDayInput, AdmissionDaySummary>
{
    public const string Name = "AdmissionDay";
    public const string VisitConfirmed = "VisitConfirmed";

    public override async Task<AdmissionDaySummary> RunAsync(TaskOrchestrationContext context, AdmissionDayInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var confirmed = 0;
        for (var visit = 1; visit <= input.Visits; visit++)
        {
            await context.CallActivityAsync<string>(SendVisitSmsActivity.Name, new VisitSms(context.InstanceId, visit));
            if (!context.IsReplaying)
            {
                probe.Waiting(context.InstanceId, visit);
            }

            var confirmation = context.WaitForExternalEvent<VisitConfirmation>(VisitConfirmed);
            using var cancelTimer = new CancellationTokenSource();
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.ConfirmationTimeoutSeconds), cancelTimer.Token);
            if (await Task.WhenAny(confirmation, timeout) == confirmation)
            {
                cancelTimer.Cancel();
                var confirmedVisit = (await confirmation).Visit;
                if (!context.IsReplaying)
                {
                    probe.Observed(context.InstanceId, confirmedVisit);
                }

                confirmed++;
            }
        }

        return await context.CallActivityAsync<AdmissionDaySummary>(WriteSummaryActivity.Name, new AdmissionDaySummary(context.InstanceId, input.Visits, confirmed));
    }
}
