using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Settings <c>Integration:ServiceBus:*</c>: the Service Bus namespace the host talks to (one
/// <see cref="ServiceBusClient"/> per process, for outbound messages and the command queue alike)
/// and the outbound queue or topic. Exactly one of <see cref="ConnectionString"/> and
/// <see cref="FullyQualifiedNamespace"/> is set when Service Bus is used.
/// </summary>
internal sealed class ServiceBusOptions
{
    // Not "Section": these settings are a part of IntegrationOptions, bound and validated with it, not options of their own.
    public const string Prefix = IntegrationOptions.Section + ":ServiceBus";
    public const string ConnectionStringSetting = Prefix + ":" + nameof(ConnectionString);
    public const string FullyQualifiedNamespaceSetting = Prefix + ":" + nameof(FullyQualifiedNamespace);
    public const string EntitySetting = Prefix + ":" + nameof(Entity);

    /// <summary>
    /// <c>Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…]</c>
    /// (or with <c>SharedAccessSignature=…</c>). Empty by default. For keys kept outside Azure's
    /// identity; in Azure prefer <see cref="FullyQualifiedNamespace"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The namespace's host name, e.g. <c>hah.servicebus.windows.net</c>: the host connects with
    /// <c>DefaultAzureCredential</c> (its managed identity in Azure), no secret. Empty by default.
    /// </summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>The outbound queue or topic; may be left out when the connection string has an <c>EntityPath</c>.</summary>
    public string? Entity { get; set; }

    public bool HasConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public bool HasNamespace => !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);

    /// <summary>The connection string's <c>EntityPath</c>, parsed by the SDK; null without one (or without a connection string).</summary>
    public string? ConnectionEntityPath =>
        HasConnectionString && ServiceBusConnectionStringProperties.Parse(ConnectionString!).EntityPath is { Length: > 0 } path ? path : null;

    /// <summary>The outbound queue or topic: <see cref="Entity"/>, else the connection string's <c>EntityPath</c>; null without either.</summary>
    public string? ConfiguredOutboundEntity =>
        Entity is { Length: > 0 } configured ? configured.Trim('/', ' ') : ConnectionEntityPath;

    /// <summary><see cref="ConfiguredOutboundEntity"/>, which start-up validation has made sure of.</summary>
    public string OutboundEntity =>
        ConfiguredOutboundEntity ?? throw new InvalidOperationException($"No Service Bus queue or topic: set {EntitySetting}.");

    /// <summary>
    /// What is wrong with the connection settings, each problem naming its setting (never the key);
    /// empty when the host can make its client. <paramref name="neededBy"/> says which setting asked for Service Bus.
    /// </summary>
    public IEnumerable<string> ConnectionProblems(string neededBy)
    {
        if (HasConnectionString == HasNamespace)
        {
            yield return HasConnectionString
                ? $"Set only one of {ConnectionStringSetting} and {FullyQualifiedNamespaceSetting}: the namespace with the host's managed identity, or a connection string with a key."
                : $"{neededBy}, but neither {ConnectionStringSetting} nor {FullyQualifiedNamespaceSetting} is set. Set {FullyQualifiedNamespaceSetting} to the namespace's host name (e.g. hah.servicebus.windows.net) to connect with the host's managed identity, or {ConnectionStringSetting} to a connection string (Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…).";
            yield break;
        }

        if (HasNamespace)
        {
            if (NamespaceProblem() is { } problem)
            {
                yield return problem;
            }

            yield break;
        }

        if (ConnectionStringProblem() is { } refused)
        {
            yield return refused;
        }
    }

    private string? NamespaceProblem()
    {
        var name = FullyQualifiedNamespace!.Trim();

        // Never echo what might be a connection string pasted into the wrong setting: it could hold a key.
        var shown = name.Contains('=', StringComparison.Ordinal) || name.Contains(';', StringComparison.Ordinal) ? "not a host name" : $"'{name}'";
        return Uri.CheckHostName(name) == UriHostNameType.Dns && name.Contains('.', StringComparison.Ordinal)
            ? null
            : $"{FullyQualifiedNamespaceSetting} is {shown}; expected the namespace's host name only, e.g. hah.servicebus.windows.net (no sb://, no path, no key; a connection string goes in {ConnectionStringSetting}).";
    }

    private string? ConnectionStringProblem()
    {
        ServiceBusConnectionStringProperties properties;
        try
        {
            properties = ServiceBusConnectionStringProperties.Parse(ConnectionString!);
        }
        catch (FormatException error)
        {
            // The SDK's message describes the format, never the text.
            return $"{ConnectionStringSetting} is not a Service Bus connection string: {error.Message}";
        }

        var hasKey = !string.IsNullOrEmpty(properties.SharedAccessKeyName) && !string.IsNullOrEmpty(properties.SharedAccessKey);
        var hasSignature = !string.IsNullOrEmpty(properties.SharedAccessSignature);
        return (properties.Endpoint, hasKey, hasSignature) switch
        {
            (null, _, _) => $"{ConnectionStringSetting} has no Endpoint; expected Endpoint=sb://{{namespace}}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=….",
            (_, false, false) => $"{ConnectionStringSetting} has neither SharedAccessKeyName and SharedAccessKey nor SharedAccessSignature; copy the whole connection string of a shared access policy.",
            (_, true, true) => $"{ConnectionStringSetting} has both a key (SharedAccessKeyName, SharedAccessKey) and a SharedAccessSignature; keep one.",
            _ => null,
        };
    }
}
