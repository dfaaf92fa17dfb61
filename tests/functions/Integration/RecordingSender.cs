using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>
/// A <see cref="ServiceBusSender"/> that keeps what it was given instead of sending it (the SDK's
/// protected constructor exists for this), and throws <see cref="FailWith"/> when one is set.
/// </summary>
internal sealed class RecordingSender(string entityPath) : ServiceBusSender
{
    private readonly List<ServiceBusMessage> _sent = [];

    public override string EntityPath => entityPath;

    public override string FullyQualifiedNamespace => "hah-test.servicebus.windows.net";

    /// <summary>What every send throws while set (the SDK's own exceptions, after its retries).</summary>
    public Exception? FailWith { get; set; }

    public IReadOnlyList<ServiceBusMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } error)
        {
            throw error;
        }

        lock (_sent)
        {
            _sent.Add(message);
        }

        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
