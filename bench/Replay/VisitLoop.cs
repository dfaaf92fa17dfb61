using Microsoft.DurableTask;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// The admission-day orchestration's shape without storage: per visit an activity, then an event
/// against a 10-minute timer. Its histories are what a worker replays on a cold step.
/// </summary>
internal sealed class VisitLoop : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int visits)
    {
        ArgumentNullException.ThrowIfNull(context);
        var confirmed = 0;
        for (var visit = 1; visit <= visits; visit++)
        {
            await context.CallActivityAsync<string>("SendVisitSms", visit);
            using var cancel = new CancellationTokenSource();
            var confirmation = context.WaitForExternalEvent<string>("VisitConfirmed", cancel.Token);
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(10), cancel.Token);
            if (await Task.WhenAny(confirmation, timeout) == confirmation)
            {
                confirmed++;
            }

            cancel.Cancel();
        }

        return confirmed;
    }
}
