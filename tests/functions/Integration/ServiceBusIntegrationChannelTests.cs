using Azure.Identity;
using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Functions.Integration;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>The Service Bus channel over a <see cref="RecordingSender"/>: what it sends, and what a failure says.</summary>
public sealed class ServiceBusIntegrationChannelTests : IDisposable
{
    private const string Entity = "hah-outbound";
    private const string Text = "Udskrevet. Karen Jensen 0101801234";

    private readonly RecordingSender _sender = new(Entity);
    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly ServiceBusIntegrationChannel _channel;

    public ServiceBusIntegrationChannelTests()
    {
        _loggers = new LoggerFactory([_logs]);
        _channel = new ServiceBusIntegrationChannel(_sender, _loggers.CreateLogger<ServiceBusIntegrationChannel>());
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task PublishAsync_Message_IsSentOnceAsMappedAndLoggedWithoutItsBody()
    {
        await _channel.PublishAsync(Letter(), default);

        var sent = Assert.Single(_sender.Sent);
        Assert.Equal("ADM-1-letter", sent.MessageId);
        Assert.Equal(IntegrationServiceBusMessage.From(Letter()).Body.ToArray(), sent.Body.ToArray());
        Assert.Equal(Entity, _channel.Entity);
        var entry = Assert.Single(_logs.Entries, entry => entry.EventId.Id == 402);
        Assert.Contains(Entity, entry.Message, StringComparison.Ordinal);
        Assert.All(_logs.Entries, logged => Assert.DoesNotContain("0101801234", logged.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EntityNotFound", false, "Integration:ServiceBus:Entity")]
    [InlineData("EntityDisabled", false, "status to Active")]
    [InlineData("Unauthorized", false, "Azure Service Bus Data Sender")]
    [InlineData("NoCredential", false, "Integration:ServiceBus:FullyQualifiedNamespace")]
    [InlineData("QuotaExceeded", true, "consumers are behind")]
    [InlineData("MessageTooLarge", false, "by reference")]
    [InlineData("Transient", true, "ServiceBusy")]
    public async Task PublishAsync_Failure_ThrowsNamingWhatToFixAndWhetherRetryingHelps(string cause, bool retryHelps, string advice)
    {
        _sender.FailWith = SdkFailure(cause);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _channel.PublishAsync(Letter(), default));

        Assert.Contains($"'{Entity}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ADM-1-letter'", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.Contains(retryHelps ? "sends it again later with the same MessageId" : "will not help", error.Message, StringComparison.Ordinal);
        Assert.Same(_sender.FailWith, error.InnerException);
        var logged = Assert.Single(_logs.Entries, entry => entry.EventId.Id == 405);
        Assert.Contains($": {cause}; retrying helps: {retryHelps}", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Text, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_UnauthorizedWithAConnectionString_NamesTheConnectionStringSetting()
    {
        _sender.FailWith = new UnauthorizedAccessException("Unauthorized access. 'Send' claim(s) are required to perform this operation.");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _channel.PublishAsync(Letter(), default));

        Assert.Contains("Integration:ServiceBus:ConnectionString needs the Send claim", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Send' claim(s) are required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_Cancelled_ThrowsTheCancellationAsItIs()
    {
        _sender.FailWith = new OperationCanceledException();

        await Assert.ThrowsAsync<OperationCanceledException>(() => _channel.PublishAsync(Letter(), default));
        Assert.DoesNotContain(_logs.Entries, entry => entry.EventId.Id == 405);
    }

    internal static Exception SdkFailure(string cause) => cause switch
    {
        "EntityNotFound" => new ServiceBusException("The messaging entity 'sb://hah-test.servicebus.windows.net/hah-outbound' could not be found.", ServiceBusFailureReason.MessagingEntityNotFound, Entity),
        "EntityDisabled" => new ServiceBusException("The messaging entity is disabled.", ServiceBusFailureReason.MessagingEntityDisabled, Entity),
        "Unauthorized" => new UnauthorizedAccessException("Unauthorized access. 'Send' claim(s) are required to perform this operation."),
        "NoCredential" => new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials."),
        "QuotaExceeded" => new ServiceBusException("The maximum entity size has been reached or exceeded.", ServiceBusFailureReason.QuotaExceeded, Entity),
        "MessageTooLarge" => new ServiceBusException("The received message exceeds the limit.", ServiceBusFailureReason.MessageSizeExceeded, Entity),
        "Transient" => new ServiceBusException("The server is busy.", ServiceBusFailureReason.ServiceBusy, Entity),
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
    };

    private static IntegrationMessage Letter() =>
        new("ADM-1-letter", "dk.ehospital.discharge-letter.v2", "ADM-1", DateTimeOffset.UnixEpoch, new { text = Text });
}
