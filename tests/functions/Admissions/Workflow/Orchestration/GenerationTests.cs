using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Long admissions": generations (ContinueAsNew) must not lose what arrives at their edge.</summary>
public sealed class GenerationTests
{
    [Fact]
    public async Task ADeliveryReportedWhileTheLastStepOfAGenerationPublishesTheOrderIsNotLost()
    {
        // Once a day at 14:00; the medicine order is due on 3/3 at 10:00.
        var gate = new GatedIntegrationChannel();
        using var run = await AdmissionRun.StartAsync(
            EngineHarness.Plan(timesPerDay: 1, firstDose: AdmissionRun.Local(2026, 3, 2, 14, 0), days: 6, suppliedDays: 3),
            swap: services => services.AddSingleton<IIntegrationChannel>(provider => gate.Around(provider.GetRequiredService<StorageQueueIntegrationChannel>())));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 3, 9, 0));

        // Ward rounds until a new generation starts, then as many as make the order its last step.
        var generation = await GenerationAsync(run);
        while (await GenerationAsync(run) == generation)
        {
            await run.SignalAsync(id => new RoundRecorded(id, null, null));
        }

        for (var step = 1; step < AdmissionOrchestrator.StepsPerGeneration; step++)
        {
            await run.SignalAsync(id => new RoundRecorded(id, null, null));
        }

        var last = await GenerationAsync(run);
        var signalsBefore = await SignalsInGenerationAsync(run, last);

        // The order goes out at 10:00; while it is being published, the delivery is reported.
        gate.Close();
        ((VirtualTimeProvider)run.Runtime.Clock).AdvanceTo(AdmissionRun.Local(2026, 3, 3, 10, 0));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        await run.Durable.RaiseEventAsync(run.Id, AdmissionSignal.EventName, EventPayload.Of<AdmissionSignal>(new MedicationDelivered("delivered-at-the-edge", null, null)));
        await WaitUntilAsync(async () => await SignalsInGenerationAsync(run, last) > signalsBefore);
        gate.Open();
        await run.Runtime.WaitForIdleAsync();

        Assert.Equal(last + 1, await GenerationAsync(run));
        var view = await run.ViewAsync();
        Assert.Equal(AdmissionRun.Local(2026, 3, 3, 10, 0), view.Medication.OrderedAt);
        Assert.Equal(AdmissionRun.Local(2026, 3, 3, 10, 0), view.Medication.DeliveredAt);
        Assert.Equal(AdmissionRun.Local(2026, 3, 8, 14, 0), view.Medication.SuppliedUntil);
    }

    private static async Task<int> GenerationAsync(AdmissionRun run) => (await run.Durable.GetInstanceAsync(run.Id))!.Generation();

    private static async Task<int> SignalsInGenerationAsync(AdmissionRun run, int generation) =>
        (await run.Durable.GetGenerationsAsync(run.Id)).Single(g => g.Generation == generation).Events.Count(e => e.Event is DurableTask.Core.History.EventRaisedEvent);

    /// <summary>Polls a condition on real time (not the virtual clock), for work that cannot go idle.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not come true within 30 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>The real channel, except that a medicine order waits while the gate is closed.</summary>
    private sealed class GatedIntegrationChannel
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _closed;

        public Task Entered => _entered.Task;

        public void Close() => _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _closed?.TrySetResult();

        public IIntegrationChannel Around(IIntegrationChannel inner) => new Channel(this, inner);

        private sealed class Channel(GatedIntegrationChannel gate, IIntegrationChannel inner) : IIntegrationChannel
        {
            public async Task PublishAsync(IntegrationMessage message, CancellationToken ct)
            {
                if (message.Type == AdmissionEngine.MedicineOrderType && gate._closed is { } closed)
                {
                    gate._entered.TrySetResult();
                    await closed.Task.WaitAsync(ct);
                }

                await inner.PublishAsync(message, ct);
            }
        }
    }
}
