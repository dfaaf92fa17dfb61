using System.ComponentModel.DataAnnotations;
using HaH.Orchestration.Functions.Integration.Commands;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Settings <c>Integration:*</c>: where medicine orders and discharge letters go, and the Service
/// Bus queue commands may come in on. The rules that span settings are checked on start.
/// </summary>
internal sealed class IntegrationOptions : IValidatableObject
{
    public const string Section = "Integration";
    public const string StorageQueue = "StorageQueue";
    public const string ServiceBusChannel = "ServiceBus";

    /// <summary>
    /// <c>StorageQueue</c> (default): the storage queue <c>{taskHub}-integration</c> of
    /// <c>AzureWebJobsStorage</c>. <c>ServiceBus</c>: the queue or topic of <see cref="ServiceBus"/>.
    /// </summary>
    public string Channel { get; set; } = StorageQueue;

    /// <summary>Settings <c>Integration:ServiceBus:*</c>, needed when <see cref="Channel"/> is <c>ServiceBus</c> or the command queue is on.</summary>
    public ServiceBusOptions ServiceBus { get; set; } = new();

    /// <summary>Settings <c>Integration:Commands:*</c>: the command queue, off by default.</summary>
    public CommandQueueOptions Commands { get; set; } = new();

    /// <summary>Whether messages go to Service Bus (otherwise to the storage queue).</summary>
    public bool UsesServiceBus => string.Equals(Channel, ServiceBusChannel, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesServiceBus && !string.Equals(Channel, StorageQueue, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"{Section}:Channel is '{Channel}'; expected {StorageQueue} (the default) or {ServiceBusChannel}.", [nameof(Channel)]);
            yield break;
        }

        if (!UsesServiceBus && !Commands.IsEnabled)
        {
            yield break;
        }

        var neededBy = UsesServiceBus ? $"{Section}:Channel is {ServiceBusChannel}" : $"{CommandQueueOptions.QueueSetting} is set";
        var connectionProblems = ServiceBus.ConnectionProblems(neededBy).ToList();
        foreach (var problem in connectionProblems)
        {
            yield return new ValidationResult(problem, [nameof(ServiceBus)]);
        }

        // The entity rules read the connection string's EntityPath, so they need one that parses.
        if (connectionProblems.Count > 0)
        {
            yield break;
        }

        foreach (var problem in EntityProblems())
        {
            yield return new ValidationResult(problem, [nameof(ServiceBus)]);
        }
    }

    private IEnumerable<string> EntityProblems()
    {
        var path = ServiceBus.ConnectionEntityPath;
        string? entity = null;
        if (UsesServiceBus)
        {
            entity = ServiceBus.ConfiguredOutboundEntity;
            if (entity is null or { Length: 0 })
            {
                yield return ServiceBus.HasConnectionString
                    ? $"No Service Bus queue or topic: set {ServiceBusOptions.EntitySetting}, or EntityPath in {ServiceBusOptions.ConnectionStringSetting}."
                    : $"No Service Bus queue or topic: set {ServiceBusOptions.EntitySetting}.";
            }
            else if (path is not null && !SameEntity(path, entity))
            {
                yield return $"{ServiceBusOptions.EntitySetting} is '{entity}' but the connection string's EntityPath is '{path}'; an entity-scoped key only works for its own entity. Leave one of them out.";
            }
        }

        if (!Commands.IsEnabled)
        {
            yield break;
        }

        var queue = Commands.QueueName;
        if (path is not null && !SameEntity(path, queue))
        {
            yield return $"{CommandQueueOptions.QueueSetting} is '{queue}' but the connection string's EntityPath is '{path}'; an entity-scoped key only works for its own entity. "
                + $"Use a namespace-level connection string (without EntityPath) or {ServiceBusOptions.FullyQualifiedNamespaceSetting}.";
        }
        else if (entity is not null && SameEntity(entity, queue))
        {
            yield return $"{CommandQueueOptions.QueueSetting} and {ServiceBusOptions.EntitySetting} are both '{queue}': the host would read its own outbound messages as commands. Use two entities.";
        }

        if (Commands.MaxConcurrentCalls is < 1 or > CommandQueueOptions.MaxConcurrentCallsLimit)
        {
            yield return $"{CommandQueueOptions.MaxConcurrentCallsSetting} is {Commands.MaxConcurrentCalls}; expected 1–{CommandQueueOptions.MaxConcurrentCallsLimit}.";
        }
    }

    // Service Bus entity names are case-insensitive.
    private static bool SameEntity(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
