using System.Net;
using System.Text.Json;
using Azure.Messaging;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Integration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>The Service Bus channel against <see cref="FakeServiceBus"/>, both on one virtual clock.</summary>
public sealed class ServiceBusIntegrationChannelTests : IAsyncLifetime
{
    private const string Queue = "hah-outbound";
    private const string MedicineOrder = "dk.ehospital.medicine-order.v1";
    private const string DischargeLetter = "dk.ehospital.discharge-letter.v1";
    private static readonly DateTimeOffset Start = new(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly VirtualTimeProvider _clock = new(Start);
    private readonly HttpClient _http = new();
    private FakeServiceBus _bus = null!;

    public async Task InitializeAsync() => _bus = await FakeServiceBus.StartAsync(_clock, Queue);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_Message_ArrivesAsTheCloudEventWithItsIdAsMessageId()
    {
        var channel = CreateChannel();
        var message = new IntegrationMessage("ADM-Ø-1-letter", DischargeLetter, "ADM-Ø-1", Start, new Letter("5790000123456", "Udskrevet. ÆØÅ æøå"));

        await channel.PublishAsync(message, default);

        var received = Assert.Single(_bus.Messages(Queue));
        Assert.Equal("ADM-Ø-1-letter", received.MessageId);
        Assert.Equal(DischargeLetter, received.Label);
        Assert.Equal("application/cloudevents+json; charset=utf-8", received.ContentType);
        var cloudEvent = CloudEvent.Parse(BinaryData.FromBytes(received.Body))!;
        Assert.Equal("ADM-Ø-1-letter", cloudEvent.Id);
        Assert.Equal(DischargeLetter, cloudEvent.Type);
        Assert.Equal("ADM-Ø-1", cloudEvent.Subject);
        Assert.Equal("/hah/admissions/ADM-%C3%98-1", cloudEvent.Source);
        Assert.Equal(Start, cloudEvent.Time);
        Assert.Equal(new Letter("5790000123456", "Udskrevet. ÆØÅ æøå"), cloudEvent.Data!.ToObjectFromJson<Letter>(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public async Task PublishAsync_SameMessageTwice_IsSentTwiceAndStoredOnce()
    {
        var channel = CreateChannel();
        var order = new IntegrationMessage("ADM-1/order-1", MedicineOrder, "ADM-1", Start, new Order("Cefuroxim", "1,5 g", 6));

        await channel.PublishAsync(order, default);
        await channel.PublishAsync(order, default);
        await channel.PublishAsync(order with { Id = "ADM-1/order-2" }, default);

        Assert.Equal(3, _bus.Attempts);
        Assert.Equal(["ADM-1/order-1", "ADM-1/order-2"], _bus.Messages(Queue).Select(message => message.MessageId));
    }

    [Fact]
    public async Task PublishAsync_WrongKey_ThrowsNamingTheEntityAndTheSettingAndStoresNothing()
    {
        const string wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleQ==";
        var channel = CreateChannel(key: wrongKey);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => channel.PublishAsync(Letter1(), default));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Queue}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Integration:ServiceBus:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid signature", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
        Assert.Empty(_bus.Messages(Queue));
    }

    [Fact]
    public async Task PublishAsync_TokenFromAClockHoursBehind_IsRefusedAsExpired()
    {
        var behind = new VirtualTimeProvider(Start - TimeSpan.FromHours(2));
        var channel = CreateChannel(tokenClock: behind);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => channel.PublishAsync(Letter1(), default));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Empty(_bus.Messages(Queue));
    }

    [Fact]
    public async Task PublishAsync_UnknownEntity_ThrowsNamingTheEntitySetting()
    {
        var channel = CreateChannel(entity: "no-such-queue");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => channel.PublishAsync(Letter1(), default));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-queue'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Integration:ServiceBus:Entity", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task PublishAsync_TransientFailure_ThrowsForTheRetryWhichIsStoredOnce(HttpStatusCode status)
    {
        var channel = CreateChannel();
        _bus.FailNext(status);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => channel.PublishAsync(Letter1(), default));
        await channel.PublishAsync(Letter1(), default);

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("transient", error.Message, StringComparison.Ordinal);
        Assert.Equal("ADM-1-letter", Assert.Single(_bus.Messages(Queue)).MessageId);
    }

    [Fact]
    public async Task PublishAsync_TokenNearItsExpiry_IsRenewedAndOtherwiseReused()
    {
        var channel = CreateChannel();
        var lifetime = (long)ServiceBusSasTokenProvider.Lifetime.TotalSeconds;

        await channel.PublishAsync(Letter1() with { Id = "m1" }, default);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await channel.PublishAsync(Letter1() with { Id = "m2" }, default);
        _clock.Advance(TimeSpan.FromMinutes(26));
        await channel.PublishAsync(Letter1() with { Id = "m3" }, default);
        _clock.Advance(TimeSpan.FromHours(3));
        await channel.PublishAsync(Letter1() with { Id = "m4" }, default);

        var start = Start.ToUnixTimeSeconds();
        Assert.Equal(
            [start + lifetime, start + lifetime, start + (56 * 60) + lifetime, start + (56 * 60) + (180 * 60) + lifetime],
            _bus.AcceptedTokenExpiries);
        Assert.Equal(4, _bus.Messages(Queue).Count);
    }

    [Fact]
    public async Task PublishAsync_EntityFromTheConnectionStringsEntityPath_IsUsed()
    {
        var options = Options.Create(new IntegrationOptions
        {
            Channel = "ServiceBus",
            ServiceBus = { ConnectionString = _bus.ConnectionString(entityPath: Queue) },
        });
        var channel = new ServiceBusIntegrationChannel(_http, options, new ServiceBusSasTokenProvider(FakeServiceBus.KeyName, _bus.Key, _clock), NullLogger<ServiceBusIntegrationChannel>.Instance);

        await channel.PublishAsync(Letter1(), default);

        Assert.Equal(Queue, channel.Entity);
        Assert.Single(_bus.Messages(Queue));
    }

    private ServiceBusIntegrationChannel CreateChannel(string? key = null, string entity = Queue, TimeProvider? tokenClock = null)
    {
        var options = Options.Create(new IntegrationOptions
        {
            Channel = "ServiceBus",
            ServiceBus = { ConnectionString = _bus.ConnectionString(key: key), Entity = entity },
        });
        var tokens = new ServiceBusSasTokenProvider(FakeServiceBus.KeyName, key ?? _bus.Key, tokenClock ?? _clock);
        return new ServiceBusIntegrationChannel(_http, options, tokens, NullLogger<ServiceBusIntegrationChannel>.Instance);
    }

    private static IntegrationMessage Letter1() =>
        new("ADM-1-letter", DischargeLetter, "ADM-1", Start, new Letter("5790000123456", "Udskrevet."));

    private sealed record Order(string Drug, string Dose, int Doses);

    private sealed record Letter(string EanNumber, string Text);
}
