using System.ComponentModel.DataAnnotations;
using HaH.Orchestration.Functions.Integration;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>The settings' rules: each bad combination is refused by a message that names the setting to fix, never the key.</summary>
public sealed class IntegrationOptionsTests
{
    internal const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    internal const string Valid = "Endpoint=sb://hah-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=" + Key;
    private const string Namespace = "hah-test.servicebus.windows.net";

    [Theory]
    [InlineData("StorageQueue", null, null, null, null)]
    [InlineData("ServiceBus", Valid, null, "hah-outbound", null)]
    [InlineData("ServiceBus", Valid + ";EntityPath=hah-outbound", null, null, null)]
    [InlineData("ServiceBus", Valid + ";EntityPath=hah-outbound", null, "HAH-OUTBOUND", null)]
    [InlineData("servicebus", null, Namespace, "hah-outbound", null)]
    [InlineData("ServiceBus", null, Namespace, "hah-outbound", "hah-commands")]
    [InlineData("StorageQueue", null, Namespace, null, "hah-commands")]
    [InlineData("StorageQueue", Valid + ";EntityPath=hah-commands", null, null, "hah-commands")]
    [InlineData("StorageQueue", "Endpoint=sb://hah-test.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y&se=1&skn=send", null, null, "hah-commands")]
    public void Validate_GoodSettings_HaveNoProblems(string channel, string? connectionString, string? fullyQualifiedNamespace, string? entity, string? commandQueue)
    {
        Assert.Empty(Problems(channel, connectionString, fullyQualifiedNamespace, entity, commandQueue));
    }

    [Theory]
    [InlineData("Kafka", null, null, null, null, "Integration:Channel is 'Kafka'; expected StorageQueue")]
    [InlineData("ServiceBus", null, null, "q", null, "Integration:Channel is ServiceBus, but neither Integration:ServiceBus:ConnectionString nor Integration:ServiceBus:FullyQualifiedNamespace is set")]
    [InlineData("StorageQueue", null, null, null, "hah-commands", "Integration:Commands:Queue is set, but neither Integration:ServiceBus:ConnectionString nor Integration:ServiceBus:FullyQualifiedNamespace is set")]
    [InlineData("ServiceBus", Valid, Namespace, "q", null, "Set only one of Integration:ServiceBus:ConnectionString and Integration:ServiceBus:FullyQualifiedNamespace")]
    [InlineData("ServiceBus", "just some text", null, "q", null, "Integration:ServiceBus:ConnectionString is not a Service Bus connection string")]
    [InlineData("ServiceBus", "SharedAccessKeyName=send;SharedAccessKey=" + Key, null, "q", null, "Integration:ServiceBus:ConnectionString has no Endpoint")]
    [InlineData("ServiceBus", "Endpoint=sb://hah-test.servicebus.windows.net/;SharedAccessKey=" + Key, null, "q", null, "Integration:ServiceBus:ConnectionString has neither SharedAccessKeyName and SharedAccessKey nor SharedAccessSignature")]
    [InlineData("ServiceBus", Valid + ";SharedAccessSignature=sig", null, "q", null, "has both a key (SharedAccessKeyName, SharedAccessKey) and a SharedAccessSignature")]
    [InlineData("ServiceBus", null, "sb://hah-test.servicebus.windows.net/", "q", null, "Integration:ServiceBus:FullyQualifiedNamespace is 'sb://hah-test.servicebus.windows.net/'; expected the namespace's host name only")]
    [InlineData("ServiceBus", null, Valid, "q", null, "Integration:ServiceBus:FullyQualifiedNamespace is not a host name; expected the namespace's host name only")]
    [InlineData("ServiceBus", Valid, null, null, null, "set Integration:ServiceBus:Entity, or EntityPath in Integration:ServiceBus:ConnectionString")]
    [InlineData("ServiceBus", null, Namespace, null, null, "No Service Bus queue or topic: set Integration:ServiceBus:Entity.")]
    [InlineData("ServiceBus", Valid + ";EntityPath=orders", null, "letters", null, "Integration:ServiceBus:Entity is 'letters' but the connection string's EntityPath is 'orders'")]
    [InlineData("StorageQueue", Valid + ";EntityPath=orders", null, null, "hah-commands", "Integration:Commands:Queue is 'hah-commands' but the connection string's EntityPath is 'orders'")]
    [InlineData("ServiceBus", Valid + ";EntityPath=orders", null, null, "hah-commands", "Integration:Commands:Queue is 'hah-commands' but the connection string's EntityPath is 'orders'")]
    [InlineData("ServiceBus", null, Namespace, "hah", "HAH", "Integration:Commands:Queue and Integration:ServiceBus:Entity are both 'HAH'")]
    public void Validate_BadSettings_NameTheSettingButNeverTheKey(string channel, string? connectionString, string? fullyQualifiedNamespace, string? entity, string? commandQueue, string expected)
    {
        var problem = Assert.Single(Problems(channel, connectionString, fullyQualifiedNamespace, entity, commandQueue));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Validate_CommandQueueConcurrencyOutOfRange_NamesTheSetting(int calls)
    {
        var options = Options("StorageQueue", null, Namespace, null, "hah-commands");
        options.Commands.MaxConcurrentCalls = calls;

        Assert.Equal([$"Integration:Commands:MaxConcurrentCalls is {calls}; expected 1–32."], Problems(options));
    }

    [Fact]
    public void Validate_ServiceBusSettingsWithoutServiceBusInUse_AreNotChecked() =>
        Assert.Empty(Problems("StorageQueue", "just some text", "sb://nonsense", null, null));

    internal static IntegrationOptions Options(string channel, string? connectionString, string? fullyQualifiedNamespace, string? entity, string? commandQueue) => new()
    {
        Channel = channel,
        ServiceBus = { ConnectionString = connectionString, FullyQualifiedNamespace = fullyQualifiedNamespace, Entity = entity },
        Commands = { Queue = commandQueue },
    };

    private static List<string> Problems(string channel, string? connectionString, string? fullyQualifiedNamespace, string? entity, string? commandQueue) =>
        Problems(Options(channel, connectionString, fullyQualifiedNamespace, entity, commandQueue));

    private static List<string> Problems(IntegrationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage!)];
    }
}
