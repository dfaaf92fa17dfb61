namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>Registers the Service Bus command queue.</summary>
internal static class CommandQueueRegistration
{
    /// <summary>
    /// The <see cref="CommandMessageHandler"/> and the hosted <see cref="CommandQueueProcessor"/>,
    /// which reads <c>Integration:Commands:Queue</c> when it is set and does nothing otherwise. Its
    /// settings are part of <see cref="IntegrationOptions"/>, and its client is the process's one
    /// <c>ServiceBusClient</c>: both registered by <c>AddIntegrationChannel</c> (in <c>AddAdmissionServices</c>),
    /// which must come first, as must the admission services the handler uses.
    /// </summary>
    public static WebApplicationBuilder AddCommandQueue(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommandMessageHandler>();
        builder.Services.AddHostedService<CommandQueueProcessor>();
        return builder;
    }
}
