namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>
/// A test against a real Service Bus namespace: runs only when <see cref="ConnectionVariable"/>
/// (a connection string with Send and Listen) and <see cref="QueueVariable"/> (a queue the test
/// may fill and drain) are set, and is reported as skipped, naming them, when they are not.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServiceBusFactAttribute : FactAttribute
{
    public const string ConnectionVariable = "HAH_TEST_SERVICEBUS_CONNECTION";
    public const string QueueVariable = "HAH_TEST_SERVICEBUS_QUEUE";

    public ServiceBusFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Connection) || string.IsNullOrWhiteSpace(Queue))
        {
            Skip = $"Needs a real Service Bus namespace: set {ConnectionVariable} (a connection string with Send and Listen) and {QueueVariable} (a queue this test may fill and drain).";
        }
    }

    public static string? Connection => Environment.GetEnvironmentVariable(ConnectionVariable);

    public static string? Queue => Environment.GetEnvironmentVariable(QueueVariable);
}
