using HaH.Orchestration.Functions.Shared;
using Microsoft.DurableTask;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// One home admission, from the first visit to the discharge letter. The orchestration only
/// waits — for the workflow's next deadline or a signal, whichever comes first — and carries out
/// the commands of <see cref="AdmissionEngine"/>. Each generation handles a bounded number of
/// steps and continues as new with the state, so the replayed history stays short however long
/// the admission lasts; every generation stays readable.
/// </summary>
internal sealed class AdmissionOrchestrator : TaskOrchestrator<AdmissionState, DischargeSummary?>
{
    public const string Name = nameof(AdmissionOrchestrator);

    /// <summary>
    /// Waits per generation: about two days of a 4-a-day admission when every visit is confirmed
    /// (a wait ends at a reminder, a reply or a window), at most about 100 history events — half the
    /// 200-event bound, leaving room for escalations and signals.
    /// </summary>
    public const int StepsPerGeneration = 16;

    /// <summary>
    /// History events a generation may reach before it continues as new, whatever its steps did
    /// (an SMS outage's retries, a day of alarms), as the workflow counts them (<see cref="HistoryBudget"/>):
    /// 200 is the bound one step may replay, and this leaves room for the last step's own events.
    /// </summary>
    public const int EventBudget = 150;

    public override async Task<DischargeSummary?> RunAsync(TaskOrchestrationContext context, AdmissionState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        state.Settings = await context.CallActivityAsync<AdmissionSettings>(ReadAdmissionSettingsActivity.Name, state.AdmissionId);
        var budget = new HistoryBudget(EventBudget);
        budget.Add(HistoryBudget.PerActivity);
        var engine = new AdmissionEngine(state);
        var io = new AdmissionCommandRunner(context, state, budget);

        engine.Advance(context.Now());
        await CarryOutAsync(context, engine, io);

        Task<AdmissionSignal>? signal = null;
        for (var step = 0; state.Phase != AdmissionPhase.Discharged; step++)
        {
            // A signal the outstanding wait took while commands ran is not "unprocessed" to the
            // runtime, so it would not be carried over: handle it in this generation first.
            if ((step >= StepsPerGeneration || budget.IsSpent) && signal is not { IsCompleted: true })
            {
                // Signals that arrived but are not yet taken are carried into the next generation.
                context.ContinueAsNew(state, preserveUnprocessedEvents: true);
                return null;
            }

            // One outstanding wait for signals across steps: a second waiter would take events the first never sees.
            signal ??= context.WaitForExternalEvent<AdmissionSignal>(AdmissionSignal.EventName);
            if (engine.NextWakeUp() is { } wake)
            {
                using var cancelTimer = new CancellationTokenSource();
                budget.Add(HistoryBudget.PerTimer);
                var timer = context.CreateTimer(wake.UtcDateTime, cancelTimer.Token);
                if (await Task.WhenAny(signal, timer) == signal)
                {
                    cancelTimer.Cancel();
                }
            }
            else
            {
                await signal;
            }

            budget.Add(HistoryBudget.PerWake);
            var now = context.Now();
            if (signal.IsCompleted)
            {
                engine.Handle(await signal, now);
                signal = null;
            }
            else
            {
                engine.Advance(now);
            }

            await CarryOutAsync(context, engine, io);
        }

        return DischargeSummaries.From(state);
    }

    /// <summary>Carries out the engine's commands, tells it which messages could not be delivered, and publishes the view.</summary>
    private static async Task CarryOutAsync(TaskOrchestrationContext context, AdmissionEngine engine, AdmissionCommandRunner io)
    {
        foreach (var (message, problem) in await io.RunAsync(engine.TakeCommands()))
        {
            engine.RecordPublishFailure(message.Id, message.Type, context.Now(), problem);
        }

        context.SetCustomStatus(AdmissionView.From(engine.State));
    }
}
