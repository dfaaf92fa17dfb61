using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Publishes one message to another system (a medicine order, a discharge letter), formatted first
/// by the <see cref="IIntegrationMessageFormatter"/> registered for its type, if any. Runs at least
/// once: the message id is stable, and consumers de-duplicate by it. A message its formatter
/// rejects fails with <see cref="IntegrationMessageRejectedException"/>, which is not retried.
/// </summary>
internal sealed class PublishIntegrationActivity(IIntegrationChannel channel, IEnumerable<IIntegrationMessageFormatter> formatters) : TaskActivity<IntegrationMessage, bool>
{
    public const string Name = nameof(PublishIntegrationActivity);

    public override async Task<bool> RunAsync(TaskActivityContext context, IntegrationMessage input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var formatter = formatters.FirstOrDefault(candidate => string.Equals(candidate.Type, input.Type, StringComparison.Ordinal));
        await channel.PublishAsync(formatter is null ? input : formatter.Format(input), CancellationToken.None);
        return true;
    }
}
