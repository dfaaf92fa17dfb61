using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>
/// Starts the phone line of a number unless it runs already, and answers its instance id (a
/// pseudonym of the number): an activity, so orchestrations stay deterministic and never hold the
/// pseudonym's key.
/// </summary>
internal sealed class EnsurePhoneLineActivity(DurableTaskClient client, PhoneLineIds lines) : TaskActivity<string, string>
{
    public const string Name = nameof(EnsurePhoneLineActivity);

    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await PhoneLineStarter.EnsureStartedAsync(client, lines, input, CancellationToken.None);
        return lines.For(input);
    }
}

/// <summary>
/// Starting phone lines, which only the workflow does (through <see cref="EnsurePhoneLineActivity"/>)
/// before it texts a number: an incoming SMS never starts one.
/// </summary>
internal static class PhoneLineStarter
{
    /// <summary>True when this call started the line.</summary>
    public static async Task<bool> EnsureStartedAsync(DurableTaskClient client, PhoneLineIds lines, string phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(lines);
        var id = lines.For(phone);
        var existing = await client.GetInstanceAsync(id, cancellation: cancellationToken);
        if (existing is { IsCompleted: false })
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
