using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Publishes one message to another system (a medicine order, a discharge letter). Runs at least
/// once: the message id is stable, and consumers de-duplicate by it.
/// </summary>
internal sealed class PublishIntegrationActivity(IIntegrationChannel channel) : TaskActivity<IntegrationMessage, bool>
{
    public const string Name = nameof(PublishIntegrationActivity);

    public override async Task<bool> RunAsync(TaskActivityContext context, IntegrationMessage input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await channel.PublishAsync(input, CancellationToken.None);
        return true;
    }
}
