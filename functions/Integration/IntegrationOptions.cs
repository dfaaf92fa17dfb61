using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>Settings <c>Integration:*</c>: where medicine orders and discharge letters go.</summary>
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

    /// <summary>Settings <c>Integration:ServiceBus:*</c>, needed when <see cref="Channel"/> is <c>ServiceBus</c>.</summary>
    public ServiceBusOptions ServiceBus { get; set; } = new();

    /// <summary>Whether messages go to Service Bus (otherwise to the storage queue).</summary>
    public bool UsesServiceBus => string.Equals(Channel, ServiceBusChannel, StringComparison.OrdinalIgnoreCase);

    /// <summary>The parsed connection string and the entity; throws <see cref="FormatException"/> naming the setting at fault.</summary>
    public (ServiceBusConnectionString Connection, string Entity) ServiceBusTarget()
    {
        if (string.IsNullOrWhiteSpace(ServiceBus.ConnectionString))
        {
            throw new FormatException($"{Section}:Channel is {ServiceBusChannel} but {Section}:ServiceBus:ConnectionString is empty; set it to the namespace's connection string (Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…).");
        }

        ServiceBusConnectionString connection;
        try
        {
            connection = ServiceBusConnectionString.Parse(ServiceBus.ConnectionString);
        }
        catch (FormatException error)
        {
            throw new FormatException($"{Section}:ServiceBus:ConnectionString is not a Service Bus connection string: {error.Message}", error);
        }

        var entity = ServiceBus.Entity is { Length: > 0 } configured ? configured.Trim('/', ' ') : connection.EntityPath;
        if (entity is null or { Length: 0 })
        {
            throw new FormatException($"No Service Bus queue or topic: set {Section}:ServiceBus:Entity, or EntityPath in {Section}:ServiceBus:ConnectionString.");
        }

        if (connection.EntityPath is { } path && !string.Equals(path, entity, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{Section}:ServiceBus:Entity is '{entity}' but the connection string's EntityPath is '{path}'; an entity-scoped key only works for its own entity. Leave one of them out.");
        }

        return (connection, entity);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesServiceBus && !string.Equals(Channel, StorageQueue, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"{Section}:Channel is '{Channel}'; expected {StorageQueue} (the default) or {ServiceBusChannel}.", [nameof(Channel)]);
            yield break;
        }

        if (!UsesServiceBus)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            ServiceBusTarget();
        }
        catch (FormatException error)
        {
            problem = error.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(ServiceBus)]);
        }
    }

    /// <summary>Settings <c>Integration:ServiceBus:*</c>.</summary>
    internal sealed class ServiceBusOptions
    {
        /// <summary>
        /// <c>Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…]</c>,
        /// a policy with the Send claim. Empty by default.
        /// </summary>
        public string? ConnectionString { get; set; }

        /// <summary>The queue or topic; may be left out when the connection string has an <c>EntityPath</c>.</summary>
        public string? Entity { get; set; }
    }
}
