using Microsoft.DurableTask;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Golden;

/// <summary>
/// Plays a scripted admission on the running app and its virtual clock: starts it, answers the
/// SMS it sends as the script says (through <see cref="SmsInbound"/>, the path Event Grid's
/// SMSReceived takes), sends other systems' signals at their times, and moves the clock from
/// event to event until the admission has ended.
/// </summary>
internal sealed partial class AdmissionScenario(IServiceProvider services, AdmissionPlan plan)
{
    /// <summary>The longest the clock moves before the outbox is read again; below any reply delay a script uses.</summary>
    private static readonly TimeSpan Stride = TimeSpan.FromMinutes(30);

    private readonly DurableTaskClient _durable = services.GetRequiredService<DurableTaskClient>();
    private readonly DurableRuntime _runtime = services.GetRequiredService<DurableRuntime>();
    private readonly LocalSmsOutbox _outbox = services.GetRequiredService<LocalSmsOutbox>();
    private readonly SmsInbound _inbound = services.GetRequiredService<SmsInbound>();
    private readonly HashSet<string> _read = [];
    private readonly List<(DateTimeOffset At, Func<Task> Send)> _pending = [];
    private int _reminders;
    private int _alarms;
    private int _sent;

    /// <summary>The answer to the n-th visit reminder (1-based): how long after it, and the text with <c>{code}</c>; null for silence.</summary>
    public Func<int, (TimeSpan After, string Text)?> Nurse { get; init; } = _ => (TimeSpan.FromMinutes(65), "OK {code}");

    /// <summary>The answer of the eHospital to the n-th alarm (1-based); silence unless told.</summary>
    public Func<int, (TimeSpan After, string Text)?> EHospital { get; init; } = _ => null;

    public AdmissionPlan Plan => plan;

    /// <summary>Sends <paramref name="signal"/> to the admission at <paramref name="at"/>.</summary>
    public AdmissionScenario SignalAt(DateTimeOffset at, AdmissionSignal signal)
    {
        _pending.Add((at, () => _durable.RaiseEventAsync(plan.AdmissionId, AdmissionSignal.EventName, EventPayload.Of(signal))));
        return this;
    }

    /// <summary>Starts the admission and plays the script until it has ended; returns its final state.</summary>
    public async Task<OrchestrationMetadata> RunToDischargeAsync(CancellationToken ct = default)
    {
        await _durable.ScheduleNewOrchestrationInstanceAsync(
            AdmissionOrchestrator.Name, AdmissionStart.From(plan, EngineHarness.Settings), new StartOrchestrationOptions { InstanceId = plan.AdmissionId }, ct);
        var giveUp = plan.Treatment.EndsAt + TimeSpan.FromDays(2);
        while (true)
        {
            await _runtime.WaitForIdleAsync(cancellationToken: ct);
            var status = await _durable.GetInstanceAsync(plan.AdmissionId, cancellation: ct);
            if (status is { RuntimeStatus: not OrchestrationRuntimeStatus.Running and not OrchestrationRuntimeStatus.Pending })
            {
                return status;
            }

            var now = _runtime.Clock.GetUtcNow();
            if (now > giveUp)
            {
                throw new InvalidOperationException($"{plan.AdmissionId} is still {status?.RuntimeStatus} two days after its planned end.");
            }

            await ReadNewSmsAsync(ct);
            var due = _pending.Where(p => p.At <= now).OrderBy(p => p.At).ToList();
            if (due.Count > 0)
            {
                foreach (var item in due)
                {
                    _pending.Remove(item);
                    await item.Send();
                }

                continue;
            }

            var next = _pending.Count > 0 ? _pending.Min(p => p.At) : now + Stride;
            await _runtime.AdvanceClockToAsync(next < now + Stride ? next : now + Stride, ct);
        }
    }

    private async Task ReadNewSmsAsync(CancellationToken ct)
    {
        foreach (var sms in (await _outbox.ListAsync(null, ct)).Where(s => _read.Add(s.Id)).OrderBy(s => s.SentAt))
        {
            var answer = Reminder().Match(sms.Body) is { Success: true } reminder ? (Nurse(++_reminders), reminder.Groups[1].Value)
                : Alarm().Match(sms.Body) is { Success: true } alarm ? (EHospital(++_alarms), alarm.Groups[1].Value)
                : (null, "");
            if (answer.Item1 is { } reply)
            {
                var (from, text, at, id) = (sms.To, reply.Text.Replace("{code}", answer.Item2, StringComparison.Ordinal), sms.SentAt + reply.After, $"sms-in-{++_sent}");
                _pending.Add((at, () => _inbound.ReceiveAsync(from, text, id, at, ct)));
            }
        }
    }

    [GeneratedRegex(@"Svar OK (\d+) når givet")]
    private static partial Regex Reminder();

    [GeneratedRegex(@"ALARM .* Svar OK (\d+) når håndteret")]
    private static partial Regex Alarm();
}
