using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Worker.ScaleOut;

/// <summary>
/// What the scale-out tests run, in the test process (as client) and in every worker process:
/// an orchestration with an external event, an activity and a short timer. The activity answers
/// with the id of the worker that ran it, so a test can see where the work after the event went.
/// </summary>
internal static class ScaleOutScenario
{
    public const string Orchestration = "Visit";
    public const string Activity = "SendSms";
    public const string Event = "Confirmed";

    /// <summary>Long enough that a run of a few hundred instances is still in flight when a worker is killed.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public static void Register(DurableTaskRegistry registry, string workerId) => registry
        .AddActivityFunc<int, string>(Activity, (_, _) => Task.FromResult(workerId))
        .AddOrchestratorFunc<int, string>(Orchestration, async (context, n) =>
        {
            var confirmed = await context.WaitForExternalEvent<int>(Event, TimeSpan.FromHours(1));
            var ranOn = await context.CallActivityAsync<string>(Activity, n);
            await context.CreateTimer(Pause, CancellationToken.None);
            return $"{n + confirmed}@{ranOn}";
        });
}
