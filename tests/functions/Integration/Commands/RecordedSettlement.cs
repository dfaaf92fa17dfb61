using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Tests.Integration.Commands;

/// <summary>
/// The SDK's <see cref="ProcessMessageEventArgs"/> for one message, its settlement recorded instead
/// of sent (complete, abandon and dead-letter are virtual for this). Settling twice fails the test.
/// </summary>
internal sealed class RecordedSettlement(ServiceBusReceivedMessage message)
    : ProcessMessageEventArgs(message, receiver: null, identifier: "test", CancellationToken.None)
{
    public string? Outcome { get; private set; }

    public string? DeadLetterReason { get; private set; }

    public string? DeadLetterDescription { get; private set; }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Settle("completed");

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) => Settle("abandoned");

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        DeadLetterReason = deadLetterReason;
        DeadLetterDescription = deadLetterErrorDescription;
        return Settle("dead-lettered");
    }

    private Task Settle(string outcome)
    {
        Assert.True(Outcome is null, $"Settled twice: {Outcome}, then {outcome}.");
        Outcome = outcome;
        return Task.CompletedTask;
    }
}
