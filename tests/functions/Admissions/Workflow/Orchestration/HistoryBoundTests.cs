using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>The history stays bounded however much the steps do, not only on quiet days.</summary>
public sealed class HistoryBoundTests
{
    [Fact]
    public async Task AnOutageThatMakesEveryReceiptRetrySixTimesStillKeepsEveryGenerationUnder200Events()
    {
        // Reminders go out and nurses answer, but every receipt fails all its attempts: each
        // answer's step then records a dozen retry events on top of the usual ones.
        var plan = EngineHarness.Plan(timesPerDay: 4, days: 2);
        using var run = await AdmissionRun.StartAsync(plan, swap: services => services.AddSingleton<ISmsSender>(sp => new ReceiptsFail(sp.GetRequiredService<LocalSmsOutbox>())));

        await run.ConfirmEveryVisitUntilAsync(plan.Treatment.EndsAt + TimeSpan.FromHours(6));

        var history = await run.Durable.GetGenerationsAsync(run.Id);
        Assert.Equal(8, (await run.ViewAsync()).Visits.Count(v => v.State == "confirmed"));
        Assert.All(history, generation => Assert.True(generation.Events.Count <= 200, $"Generation {generation.Generation} has {generation.Events.Count} events."));
        Assert.Contains(history.SkipLast(1), generation => generation.Events.Count >= AdmissionOrchestrator.EventBudget);
    }

    private sealed class ReceiptsFail(LocalSmsOutbox outbox) : ISmsSender
    {
        public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct) => sms.MessageId.EndsWith(":receipt", StringComparison.Ordinal)
            ? throw new HttpRequestException("503 from the SMS provider (test)")
            : outbox.SendAsync(sms, ct);
    }
}
