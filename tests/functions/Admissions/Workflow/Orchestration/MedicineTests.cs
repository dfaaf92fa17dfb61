using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>admission.md, "Medicine": the reorder, the missing delivery, and a plan change that orders again — on the runtime.</summary>
public sealed class MedicineTests
{
    // Once a day at 14:00 for 6 days; the ward's 3 days run out on 5/3 at 14:00.
    private static readonly DateTimeOffset FirstDose = AdmissionRun.Local(2026, 3, 2, 14, 0);
    private static readonly DateTimeOffset SupplyRunsOut = AdmissionRun.Local(2026, 3, 5, 14, 0);

    private static Task<AdmissionRun> StartAsync() =>
        AdmissionRun.StartAsync(EngineHarness.Plan(timesPerDay: 1, firstDose: FirstDose, days: 6, suppliedDays: 3));

    [Fact]
    public async Task MedicineIsOrderedAt10LocalTwoDaysBeforeTheSupplyRunsOut()
    {
        using var run = await StartAsync();
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 3, 9, 59));
        Assert.Empty(await run.PublishedAsync(AdmissionEngine.MedicineOrderType));

        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 3, 10, 30));

        var order = Assert.Single(await run.PublishedAsync(AdmissionEngine.MedicineOrderType));
        Assert.Equal(($"{run.Id}-order-1", AdmissionRun.Local(2026, 3, 3, 10, 0)), (order.Id, order.SentAt));
        var body = order.Body!.Value;
        Assert.Equal(3, body.GetProperty("doses").GetInt32());
        Assert.Equal("Piperacillin/Tazobactam", body.GetProperty("drug").GetString());
        Assert.Equal("4 g", body.GetProperty("dose").GetString());
        Assert.Equal(SupplyRunsOut, body.GetProperty("deliverBy").GetDateTimeOffset());
        Assert.Equal("Algade 1, 4700 Næstved", body.GetProperty("deliverTo").GetProperty("address").GetString());
        Assert.Equal(AdmissionRun.Local(2026, 3, 3, 10, 0), (await run.ViewAsync()).Medication.OrderedAt);
    }

    [Fact]
    public async Task AMissingDeliveryEscalates12HoursBeforeTheSupplyRunsOutAndTheLateDeliveryResolvesIt()
    {
        using var run = await StartAsync();
        await run.ConfirmEveryVisitUntilAsync(SupplyRunsOut - TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));

        // 02:00 is night: level 1 is the eLæge; level 2 adds the mobile unit; then an open alert.
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 5, 3, 0));

        var doctor = await run.SmsToAsync(AdmissionRun.DoctorPhone);
        Assert.Equal([AdmissionRun.Local(2026, 3, 5, 2, 0), AdmissionRun.Local(2026, 3, 5, 2, 15)], doctor.Select(sms => sms.SentAt));
        Assert.StartsWith("eHospital ALARM (niveau 1): Medicin (Piperacillin/Tazobactam) ikke leveret, slipper op kl. 14:00 (KJ, Næstved).", doctor[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("eHospital ALARM (niveau 2):", (await run.SmsToAsync(run.MobileUnitPhone))[^1].Body, StringComparison.Ordinal);
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        var alert = Assert.Single((await run.ViewAsync()).OpenAlerts);
        Assert.Equal(("medicineNotDelivered", AdmissionRun.Local(2026, 3, 5, 2, 30)), (alert.Kind, alert.Since));

        await run.SignalAsync(id => new MedicationDelivered(id, null, null));

        var view = await run.ViewAsync();
        Assert.Empty(view.OpenAlerts);
        Assert.Equal(AdmissionRun.Local(2026, 3, 5, 3, 0), view.Medication.DeliveredAt);
        Assert.StartsWith("eHospital: Alarm løst.", (await run.SmsToAsync(AdmissionRun.DoctorPhone))[^1].Body, StringComparison.Ordinal);
        Assert.StartsWith("eHospital: Alarm løst.", (await run.SmsToAsync(run.MobileUnitPhone))[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeliveryInTimeMeansNoEscalationAndCoversTheRestOfTheTreatment()
    {
        using var run = await StartAsync();
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 4, 9, 0));

        await run.SignalAsync(id => new MedicationDelivered(id, null, null));
        await run.ConfirmEveryVisitUntilAsync(SupplyRunsOut + TimeSpan.FromHours(2));

        Assert.Empty(await run.SmsToAsync(AdmissionRun.DoctorPhone));
        Assert.Empty(await run.SmsToAsync(AdmissionRun.NursePhone));
        var view = await run.ViewAsync();
        Assert.Empty(view.OpenAlerts);
        Assert.Equal(AdmissionRun.Local(2026, 3, 4, 9, 0), view.Medication.DeliveredAt);
        Assert.Equal(AdmissionRun.Local(2026, 3, 8, 14, 0), view.Medication.SuppliedUntil);
        Assert.Equal("confirmed", view.Visits.Single(v => v.DueAt == SupplyRunsOut).State);
        Assert.Single(await run.PublishedAsync(AdmissionEngine.MedicineOrderType));
    }

    [Fact]
    public async Task ALongerTreatmentPlacesASecondOrderTwoDaysBeforeTheFirstOneRunsOut()
    {
        using var run = await StartAsync();
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 4, 9, 0));
        await run.SignalAsync(id => new MedicationDelivered(id, null, null));
        await run.AdvanceToAsync(AdmissionRun.Local(2026, 3, 4, 12, 0));

        // Treatment now ends after 10/3 instead of on 8/3 at 14:00: what was ordered lasts until then.
        await run.SignalAsync(id => new ChangePlan(id, null, null, null, new DateOnly(2026, 3, 10)));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 6, 9, 59));
        Assert.Single(await run.PublishedAsync(AdmissionEngine.MedicineOrderType));
        await run.ConfirmEveryVisitUntilAsync(AdmissionRun.Local(2026, 3, 6, 10, 30));

        var orders = await run.PublishedAsync(AdmissionEngine.MedicineOrderType);
        Assert.Equal(2, orders.Count);
        var second = orders[1];
        Assert.Equal(($"{run.Id}-order-2", AdmissionRun.Local(2026, 3, 6, 10, 0)), (second.Id, second.SentAt));
        // 8/3, 9/3 and 10/3 at 14:00, due from when the first order runs out.
        Assert.Equal(3, second.Body!.Value.GetProperty("doses").GetInt32());
        Assert.Equal(AdmissionRun.Local(2026, 3, 8, 14, 0), second.Body.Value.GetProperty("deliverBy").GetDateTimeOffset());
        Assert.Equal(AdmissionRun.Local(2026, 3, 11, 0, 0), (await run.ViewAsync()).Treatment.EndsAt);
    }
}
