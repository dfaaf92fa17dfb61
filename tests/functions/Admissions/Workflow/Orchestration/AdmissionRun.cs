using System.Text.RegularExpressions;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>
/// One admission on its own <see cref="TestApplication"/>: the real runtime on real Azurite, on the
/// virtual clock. Nurses answer by SMS through <see cref="SmsInbound"/> (as the SMS webhook does),
/// other systems by <see cref="AdmissionSignal"/>s; a test reads what the world saw: the SMS outbox,
/// the integration channel, the admission's view and its discharge summary.
/// </summary>
internal sealed partial class AdmissionRun : IDisposable
{
    /// <summary>The eSygeplejerske's phone in <see cref="EngineHarness.Settings"/> (and the default settings).</summary>
    public const string NursePhone = "+4570000001";

    /// <summary>The eLæge's phone in <see cref="EngineHarness.Settings"/> (and the default settings).</summary>
    public const string DoctorPhone = "+4570000002";

    private readonly TestApplication _app;
    private readonly WebApplicationFactory<Program> _host;
    private int _sms;
    private int _signals;

    private AdmissionRun(TestApplication app, WebApplicationFactory<Program> host, AdmissionPlan plan)
    {
        _app = app;
        _host = host;
        Plan = plan;
        var services = host.Services;
        Durable = services.GetRequiredService<DurableTaskClient>();
        Runtime = services.GetRequiredService<DurableRuntime>();
        Outbox = services.GetRequiredService<LocalSmsOutbox>();
        Channel = services.GetRequiredService<StorageQueueIntegrationChannel>();
        Inbound = services.GetRequiredService<SmsInbound>();
        PhoneLines = services.GetRequiredService<PhoneLineIds>();
    }

    public AdmissionPlan Plan { get; }

    public string Id => Plan.AdmissionId;

    public string HomeNursingPhone => Plan.CareTeam.HomeNursing.Phone;

    public string MobileUnitPhone => Plan.CareTeam.MobileUnit.Phone;

    public string PatientPhone => Plan.Patient.Phone!;

    public DurableTaskClient Durable { get; }

    public DurableRuntime Runtime { get; }

    public LocalSmsOutbox Outbox { get; }

    public StorageQueueIntegrationChannel Channel { get; }

    public SmsInbound Inbound { get; }

    /// <summary>The phone line instance ids of the host (pseudonyms of the numbers).</summary>
    public PhoneLineIds PhoneLines { get; }

    public DateTimeOffset Now => Runtime.Clock.GetUtcNow();

    /// <summary>The host, for HTTP clients and the dashboard.</summary>
    public WebApplicationFactory<Program> Host => _host;

    /// <summary>A client of the host that sends <paramref name="key"/> as x-api-key.</summary>
    public HttpClient CreateClient(string key)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    /// <summary>
    /// Starts the host with the clock at <paramref name="clockStart"/> (default: 2 h before the first
    /// dose) and the admission. <paramref name="swap"/> replaces what a test must control, nothing else.
    /// </summary>
    public static async Task<AdmissionRun> StartAsync(AdmissionPlan plan, DateTimeOffset? clockStart = null, Action<IServiceCollection>? swap = null)
    {
        var start = clockStart ?? plan.Treatment.FirstDoseAt - TimeSpan.FromHours(2);
        var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = start.ToString("O"),
        });
        var run = new AdmissionRun(app, swap is null ? app : app.WithWebHostBuilder(builder => builder.ConfigureTestServices(swap)), plan);
        await run.Durable.ScheduleNewOrchestrationInstanceAsync(
            AdmissionOrchestrator.Name,
            AdmissionStart.From(plan, EngineHarness.Settings),
            new StartOrchestrationOptions { InstanceId = plan.AdmissionId });
        await run.Runtime.WaitForIdleAsync();
        return run;
    }

    /// <summary>Moves the clock to <paramref name="at"/>, stopping at every timer on the way.</summary>
    public Task AdvanceToAsync(DateTimeOffset at) => Runtime.AdvanceClockToAsync(at);

    /// <summary>An SMS from <paramref name="from"/> arrives now; returns once everything it caused is done.</summary>
    public Task SmsAsync(string from, string text) => SmsAsync(from, text, Now);

    /// <summary>An SMS from <paramref name="from"/> arrives now, stamped by the gateway as received at <paramref name="stampedAt"/>.</summary>
    public async Task SmsAsync(string from, string text, DateTimeOffset stampedAt)
    {
        await Inbound.ReceiveAsync(from, text, $"sms-{++_sms}", stampedAt, default);
        await Runtime.WaitForIdleAsync();
    }

    /// <summary>Another system's event reaches the admission now.</summary>
    public async Task SignalAsync(Func<string, AdmissionSignal> signal)
    {
        await Durable.RaiseEventAsync(Id, AdmissionSignal.EventName, EventPayload.Of(signal($"signal-{++_signals}")));
        await Runtime.WaitForIdleAsync();
    }

    /// <summary>The assignee of visit <paramref name="number"/> answers <c>OK code</c> now.</summary>
    public async Task ConfirmAsync(int number, string word = "OK")
    {
        var reminder = await ReminderAsync(number);
        await SmsAsync(reminder.To, $"{word} {CodeIn(reminder)}");
    }

    /// <summary>
    /// Plays the nurses doing their job until <paramref name="until"/>: every visit reminded is
    /// confirmed <paramref name="after"/> its due time (5 minutes by default) by SMS from its assignee.
    /// </summary>
    public async Task ConfirmEveryVisitUntilAsync(DateTimeOffset until, TimeSpan? after = null)
    {
        var delay = after ?? TimeSpan.FromMinutes(5);
        var answered = new HashSet<int>();
        while (Now < until)
        {
            var view = await ViewAsync();
            if (view.Visits.FirstOrDefault(v => v.State == "reminded" && !answered.Contains(v.Number)) is { } visit && visit.DueAt + delay <= until)
            {
                if (Now < visit.DueAt + delay)
                {
                    await AdvanceToAsync(visit.DueAt + delay);
                }

                var reminder = (await SmsToAsync(PhoneOf(visit))).Single(sms => sms.Id == $"{Id}:v{visit.Number}");
                await SmsAsync(reminder.To, $"OK {CodeIn(reminder)}");
                answered.Add(visit.Number);
                continue;
            }

            // The earliest a reply can be needed: a reminder at the next timer, answered after its due time.
            // The clock still stops at every timer on the way.
            var next = (await Durable.GetPendingTimersAsync(Id)).Select(t => (DateTimeOffset?)t.FireAt).Min();
            var reply = next + EngineHarness.Settings.ReminderLead + delay;
            await AdvanceToAsync(reply is { } at && at < until && at > Now ? at : until);
        }
    }

    /// <summary>The phone a visit's reminder went to.</summary>
    public string PhoneOf(ViewVisit visit) => visit.Assignee == "mobileUnit" ? MobileUnitPhone : HomeNursingPhone;

    public async Task<AdmissionView> ViewAsync() =>
        (await Durable.GetInstanceAsync(Id))?.ReadCustomStatusAs<AdmissionView>()
        ?? throw new InvalidOperationException($"Admission {Id} has no view yet.");

    /// <summary>The visits whose reminder has gone out (the view also lists those planned ahead), in time order.</summary>
    public async Task<IReadOnlyList<ViewVisit>> VisitsFallenDueAsync() =>
        [.. (await ViewAsync()).Visits.Where(v => v.State is not ("scheduled" or "cancelled"))];

    public Task<IReadOnlyList<SentSms>> SmsToAsync(string phone) => Outbox.ListAsync(phone, default);

    public Task<IReadOnlyList<SentSms>> AllSmsAsync() => Outbox.ListAsync(null, default);

    /// <summary>The reminder of visit <paramref name="number"/> (its SMS id is the admission and the item).</summary>
    public async Task<SentSms> ReminderAsync(int number) => await ItemSmsAsync($"v{number}");

    /// <summary>The SMS of an item (<c>v3</c>, <c>v3-e1-enurse</c>, <c>m1-e2-edoctor</c>), whoever got it.</summary>
    public async Task<SentSms> ItemSmsAsync(string itemId) =>
        (await AllSmsAsync()).SingleOrDefault(sms => sms.Id == $"{Id}:{itemId}")
        ?? throw new InvalidOperationException($"No SMS for item {itemId} of {Id} at {Now:O}.");

    public async Task<IReadOnlyList<PublishedMessage>> PublishedAsync(string type) =>
        [.. (await Channel.ListAsync(default)).Where(message => message.Type == type)];

    /// <summary>The admission's output once it has completed (after the clock has been moved far enough).</summary>
    public async Task<DischargeSummary> DischargeSummaryAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await Durable.WaitForInstanceCompletionAsync(Id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<DischargeSummary>() ?? throw new InvalidOperationException($"Admission {Id} completed without a summary.");
    }

    /// <summary>The 4-digit code an item's SMS asks to answer with.</summary>
    public static string CodeIn(SentSms sms) => Code().Match(sms.Body) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"No code in '{sms.Body}'.");

    /// <summary>Copenhagen local time on a date, e.g. <c>Local(2026, 3, 2, 14, 0)</c>.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        DanishTime.At(new NodaTime.LocalDate(year, month, day), new NodaTime.LocalTime(hour, minute));

    public void Dispose()
    {
        if (_host != _app)
        {
            _host.Dispose();
        }

        _app.Dispose();
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
