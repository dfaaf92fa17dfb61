using System.Diagnostics;
using System.Text.RegularExpressions;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable.Client;
using Microsoft.DurableTask;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaH.Orchestration.Bench.LongAdmission;

/// <summary>
/// The long-admission workload: the app's real <see cref="AdmissionOrchestrator"/> on the virtual
/// clock, one admission of D days at K doses a day, played the way
/// <c>AdmissionRun.ConfirmEveryVisitUntilAsync</c> plays it in the app's tests: every reminder is
/// answered "OK code" by SMS from its assignee 5 minutes after the visit's due time, and a medicine
/// order is reported delivered as soon as it is seen. Then the histories of every instance are read.
/// </summary>
internal sealed partial class LongAdmissionWorkload(LongAdmissionSettings settings)
{
    private const int SuppliedDays = 7;
    private static readonly TimeSpan ReplyAfter = TimeSpan.FromMinutes(5);

    // As the app's tests and its defaults: eSygeplejerske, eLæge, nurse hours, reminder an hour before.
    private static readonly AdmissionSettings Escalation = new("+4570000001", "+4570000002", new TimeOnly(7, 30), new TimeOnly(19, 30), TimeSpan.FromMinutes(60));

    public async Task<LongAdmissionResult> RunAsync(CancellationToken cancellationToken)
    {
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.ReadAsync();
        var plan = Plan();
        var visits = settings.Days * settings.VisitsPerDay;
        Console.WriteLine($"long-admission: {settings.Days} days × {settings.VisitsPerDay} visits a day ({visits} visits) on the virtual clock, " +
            $"{machine.Cores} cores, load average {string.Join(" ", loadBefore ?? [])}");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), cancellationToken);
        var counter = new StorageRequestCounter();
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientSettings { RequestCounter = counter });
        await using var sampler = new WorkingSetSampler();
        using var app = new BenchApplication(account, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Durable:TaskHub"] = "bench" + Guid.NewGuid().ToString("N")[..12],
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = (plan.Treatment.FirstDoseAt - TimeSpan.FromHours(2)).ToString("O"),
            ["Auth:Keys:admin:Key"] = Guid.NewGuid().ToString("N"),
            ["Auth:Keys:admin:Role"] = "admin",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var services = app.Services;
        var run = new Run(
            plan,
            services.GetRequiredService<DurableTaskClient>(),
            services.GetRequiredService<DurableRuntime>(),
            services.GetRequiredService<LocalSmsOutbox>(),
            services.GetRequiredService<SmsInbound>(),
            cancellationToken);

        var wall = Stopwatch.StartNew();
        await run.Client.ScheduleNewOrchestrationInstanceAsync(
            AdmissionOrchestrator.Name, AdmissionStart.From(plan, Escalation), new StartOrchestrationOptions { InstanceId = plan.AdmissionId }, cancellationToken);
        await run.Runtime.WaitForIdleAsync(cancellationToken: cancellationToken);
        await run.ConfirmEveryVisitUntilAsync(plan.Treatment.EndsAt + TimeSpan.FromHours(1), wall);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var done = await run.Client.WaitForInstanceCompletionAsync(plan.AdmissionId, getInputsAndOutputs: true, timeout.Token);
        var wallSeconds = wall.Elapsed.TotalSeconds;
        var requests = StorageFigures.From(counter.Snapshot().ByOperation);
        var view = done.ReadCustomStatusAs<AdmissionView>();
        Console.WriteLine($"Admission {done.RuntimeStatus} after {wallSeconds:0.0} s; reading every instance's history ...");

        var histories = await ReadHistoriesAsync(run.Client, cancellationToken);
        var admission = histories.Single(h => h.InstanceId == plan.AdmissionId);
        return new LongAdmissionResult
        {
            Parameters = new LongAdmissionParameters(settings.Days, settings.VisitsPerDay, plan.Treatment.FirstDoseAt, SuppliedDays, (int)ReplyAfter.TotalMinutes),
            Machine = machine,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = MachineInfo.LoadAverage(),
            WallSeconds = Math.Round(wallSeconds, 2),
            Status = done.RuntimeStatus.ToString(),
            Visits = visits,
            VisitsConfirmed = view?.Visits.Count(v => v.State == "confirmed") ?? 0,
            Generations = admission.Generations,
            LargestHistoryReplayedInOneStep = histories.Max(h => h.LargestGeneration),
            Steps = histories.Sum(h => h.Steps),
            TimerOnlySteps = histories.Sum(h => h.TimerOnlySteps),
            Instances = histories,
            StorageRequestsIncludingDriver = requests,
            PeakWorkingSetMb = sampler.PeakMegabytes,
        };
    }

    private AdmissionPlan Plan()
    {
        // 6/4/2026 08:00 Copenhagen: no daylight-saving change in the first 30 days (as the app's 30-day test).
        var first = DanishTime.At(new LocalDate(2026, 4, 6), new LocalTime(8, 0));
        return new AdmissionPlan(
            "ADM-BENCH-1",
            new PatientDetails("0101801234", "Karen Jensen", "+4520000001", "Algade 1, 4700 Næstved", "Næstved"),
            new GpDetails("Lægerne Algade", "5790000123456", "123456789012345", "+4555550000"),
            "Pneumoni",
            "Anna Holm",
            new TreatmentPlan("Piperacillin/Tazobactam", "4 g", "IV", "PICC", settings.VisitsPerDay, first, first + TimeSpan.FromDays(settings.Days),
                settings.Days, null, SuppliedDays, ScheduleKind.Interval, []),
            new CareTeam(new CareContact("Hjemmesygeplejen Syd", "+4520000002"), new CareContact("MBE Næstved", "+4520000003")));
    }

    private static async Task<IReadOnlyList<InstanceHistory>> ReadHistoriesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var histories = new List<InstanceHistory>();
        await foreach (var instance in client.GetAllInstancesAsync().WithCancellation(cancellationToken))
        {
            var generations = await client.GetGenerationsAsync(instance.InstanceId, cancellationToken);
            var census = StepCensus.Of(generations);
            histories.Add(new InstanceHistory(
                instance.InstanceId,
                instance.Name,
                instance.RuntimeStatus.ToString(),
                generations.Count,
                generations.Count == 0 ? 0 : generations.Max(g => g.Events.Count),
                generations.Sum(g => g.Events.Count),
                census.Steps,
                census.TimerOnlySteps));
        }

        return histories;
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();

    /// <summary>One admission on the app, driven like the app's tests' <c>AdmissionRun</c>.</summary>
    private sealed class Run(AdmissionPlan plan, DurableTaskClient client, DurableRuntime runtime, LocalSmsOutbox outbox, SmsInbound inbound, CancellationToken cancellationToken)
    {
        private readonly HashSet<int> _answered = [];
        private readonly HashSet<DateTimeOffset> _deliveredOrders = [];
        private int _sms;
        private int _signals;

        public DurableTaskClient Client => client;

        public DurableRuntime Runtime => runtime;

        private DateTimeOffset Now => runtime.Clock.GetUtcNow();

        public async Task ConfirmEveryVisitUntilAsync(DateTimeOffset until, Stopwatch wall)
        {
            var reportedDay = -1;
            while (Now < until)
            {
                var view = await ViewAsync();
                var day = (int)(Now - plan.Treatment.FirstDoseAt).TotalDays;
                if (day > reportedDay && day >= 0)
                {
                    reportedDay = day;
                    var instance = await client.GetInstanceAsync(plan.AdmissionId, cancellation: cancellationToken);
                    Console.WriteLine($"[{wall.Elapsed.TotalSeconds,6:0.0} s] day {day + 1,3}: {_answered.Count,4} visits confirmed, generation {instance?.Generation()}");
                }

                // The ward delivers a medicine order as soon as it is placed.
                if (view.Medication.OrderedAt is { } ordered && _deliveredOrders.Add(ordered))
                {
                    await client.RaiseEventAsync(plan.AdmissionId, AdmissionSignal.EventName,
                        EventPayload.Of<AdmissionSignal>(new MedicationDelivered($"bench-delivery-{++_signals}", null, null)), cancellationToken);
                    await runtime.WaitForIdleAsync(cancellationToken: cancellationToken);
                    continue;
                }

                if (view.Visits.FirstOrDefault(v => v.State == "reminded" && !_answered.Contains(v.Number)) is { } visit && visit.DueAt + ReplyAfter <= until)
                {
                    if (Now < visit.DueAt + ReplyAfter)
                    {
                        await runtime.AdvanceClockToAsync(visit.DueAt + ReplyAfter, cancellationToken);
                    }

                    var phone = visit.Assignee == "mobileUnit" ? plan.CareTeam.MobileUnit.Phone : plan.CareTeam.HomeNursing.Phone;
                    var reminder = (await outbox.ListAsync(phone, cancellationToken)).Single(sms => sms.Id == $"{plan.AdmissionId}:v{visit.Number}");
                    var code = Code().Match(reminder.Body) is { Success: true } match
                        ? match.Groups[1].Value
                        : throw new InvalidOperationException($"No code in the reminder '{reminder.Body}'.");
                    await inbound.ReceiveAsync(reminder.To, $"OK {code}", $"bench-sms-{++_sms}", Now, cancellationToken);
                    await runtime.WaitForIdleAsync(cancellationToken: cancellationToken);
                    _answered.Add(visit.Number);
                    continue;
                }

                // The earliest a reply can be needed: a reminder at the next timer, answered after its due time.
                var next = (await client.GetPendingTimersAsync(plan.AdmissionId, cancellationToken)).Select(t => (DateTimeOffset?)t.FireAt).Min();
                var reply = next + Escalation.ReminderLead + ReplyAfter;
                await runtime.AdvanceClockToAsync(reply is { } at && at < until && at > Now ? at : until, cancellationToken);
            }
        }

        private async Task<AdmissionView> ViewAsync() =>
            (await client.GetInstanceAsync(plan.AdmissionId, cancellation: cancellationToken))?.ReadCustomStatusAs<AdmissionView>()
            ?? throw new InvalidOperationException($"Admission {plan.AdmissionId} has no view yet.");
    }
}
