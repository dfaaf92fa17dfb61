using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>
/// Reads the command queue with the SDK's <see cref="ServiceBusProcessor"/> while the host runs:
/// peek-lock, settled by <see cref="CommandMessageHandler"/> (never automatically), at most
/// <see cref="CommandQueueOptions.MaxConcurrentCalls"/> at a time, locks renewed for up to
/// <see cref="MaxLockRenewal"/>. Stopping waits for the messages in hand. Does nothing unless
/// <c>Integration:Commands:Queue</c> is set.
/// </summary>
internal sealed class CommandQueueProcessor(IServiceProvider services, IOptions<IntegrationOptions> options, CommandMessageHandler handler, ILogger<CommandQueueProcessor> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>Far longer than a command takes (a few storage round trips); a stuck one is redelivered after it.</summary>
    public static readonly TimeSpan MaxLockRenewal = TimeSpan.FromMinutes(5);

    private ServiceBusProcessor? _processor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Commands;
        if (!settings.IsEnabled)
        {
            return;
        }

        // Resolved only now: without a command queue (or Service Bus channel) the client is never made.
        var client = services.GetIntegrationServiceBusClient();
        _processor = client.CreateProcessor(settings.QueueName, new ServiceBusProcessorOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            AutoCompleteMessages = false,
            MaxConcurrentCalls = settings.MaxConcurrentCalls,
            MaxAutoLockRenewalDuration = MaxLockRenewal,
        });
        _processor.ProcessMessageAsync += handler.HandleAsync;
        _processor.ProcessErrorAsync += OnErrorAsync;
        await _processor.StartProcessingAsync(cancellationToken);
        logger.CommandQueueStarted(settings.QueueName, client.FullyQualifiedNamespace, settings.MaxConcurrentCalls);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is null)
        {
            return;
        }

        await _processor.StopProcessingAsync(cancellationToken);
        logger.CommandQueueStopped(_processor.EntityPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_processor is not null)
        {
            await _processor.DisposeAsync();
        }
    }

    // Receiving or settling failed (the handler itself never throws for a command it could not
    // apply): the SDK retries and keeps going; a message whose settlement failed comes again.
    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        logger.CommandQueueError(args.EntityPath, args.ErrorSource.ToString(), (args.Exception as ServiceBusException)?.Reason.ToString() ?? args.Exception.GetType().Name, args.Exception);
        return Task.CompletedTask;
    }
}
