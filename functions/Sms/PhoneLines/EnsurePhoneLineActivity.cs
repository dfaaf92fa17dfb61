using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;

namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>Starts the phone line of a number unless it runs already; an activity, so orchestrations stay deterministic.</summary>
internal sealed class EnsurePhoneLineActivity(DurableTaskClient client) : TaskActivity<string, bool>
{
    public const string Name = nameof(EnsurePhoneLineActivity);

    public override Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PhoneLineStarter.EnsureStartedAsync(client, input, context.CancellationToken);
    }
}

/// <summary>Starting phone lines on demand (from an activity, or from the SMS webhook for an unknown sender).</summary>
internal static class PhoneLineStarter
{
    /// <summary>True when this call started the line.</summary>
    public static async Task<bool> EnsureStartedAsync(DurableTaskClient client, string phone, CancellationToken cancellationToken)
    {
        var id = PhoneLineIds.For(phone);
        var existing = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (existing is { IsRunning: true })
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                PhoneLineOrchestrator.Name, new PhoneLineState { Phone = phone }, new StartOrchestrationOptions { InstanceId = id }, cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }
}
