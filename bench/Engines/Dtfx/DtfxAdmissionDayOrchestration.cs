using DurableTask.Core;
using HaH.Orchestration.Bench.AdmissionDay;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>
/// The peer's <see cref="AdmissionDayOrchestrator"/>, the same steps in DTFx's programming model.
/// DTFx has no <c>WaitForExternalEvent</c>: <see cref="OnEvent"/> completes the waiting
/// <see cref="TaskCompletionSource{T}"/>, raced against a timer cancelled when the event wins.
/// A confirmation that arrives before the orchestration waits (its SMS activity's result not yet
/// applied — the usual case here) is kept until it does, as the SDK's <c>WaitForExternalEvent</c>
/// buffers it; otherwise it would be dropped and the visit would wait for the timer.
/// </summary>
internal sealed class DtfxAdmissionDayOrchestration(AdmissionDayProbe probe) : TaskOrchestration<AdmissionDaySummary, AdmissionDayInput, VisitConfirmation, string>
{
    private readonly Queue<VisitConfirmation> _arrived = new();
    private TaskCompletionSource<VisitConfirmation>? _waiting;

    public override async Task<AdmissionDaySummary> RunTask(OrchestrationContext context, AdmissionDayInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var instanceId = context.OrchestrationInstance.InstanceId;
        var confirmed = 0;
        for (var visit = 1; visit <= input.Visits; visit++)
        {
            await context.ScheduleTask<string>(SendVisitSmsActivity.Name, "", new VisitSms(instanceId, visit));
            if (!context.IsReplaying)
            {
                probe.Waiting(instanceId, visit);
            }

            var confirmation = NextConfirmation();
            using var cancelTimer = new CancellationTokenSource();
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.ConfirmationTimeoutSeconds), true, cancelTimer.Token);
            if (await Task.WhenAny(confirmation, timeout) == confirmation)
            {
                cancelTimer.Cancel();
                var confirmedVisit = (await confirmation).Visit;
                if (!context.IsReplaying)
                {
                    probe.Observed(instanceId, confirmedVisit);
                }

                confirmed++;
            }
            else
            {
                _waiting = null;
            }
        }

        return await context.ScheduleTask<AdmissionDaySummary>(WriteSummaryActivity.Name, "", new AdmissionDaySummary(instanceId, input.Visits, confirmed));
    }

    public override void OnEvent(OrchestrationContext context, string name, VisitConfirmation input)
    {
        if (name != AdmissionDayOrchestrator.VisitConfirmed)
        {
            return;
        }

        if (_waiting is { } waiting)
        {
            _waiting = null;
            waiting.SetResult(input);
        }
        else
        {
            _arrived.Enqueue(input);
        }
    }

    private Task<VisitConfirmation> NextConfirmation()
    {
        if (_arrived.TryDequeue(out var early))
        {
            return Task.FromResult(early);
        }

        // Continuations run inline on DTFx's orchestration scheduler, as its own pattern expects.
        _waiting = new TaskCompletionSource<VisitConfirmation>();
        return _waiting.Task;
    }
}
