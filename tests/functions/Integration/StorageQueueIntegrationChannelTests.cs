using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Queues.Models;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Integration;

public sealed class StorageQueueIntegrationChannelTests
{
    private const string MedicineOrder = "dk.ehospital.medicine-order.v1";
    private const string DischargeLetter = "dk.ehospital.discharge-letter.v2";
    private static readonly DateTimeOffset Start = new(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly VirtualTimeProvider _clock = new(Start);

    [Fact]
    public async Task PublishAsync_TwoMessages_ListsThemOldestFirstWithBodies()
    {
        var (channel, _) = await CreateChannelAsync();
        var order = new IntegrationMessage("ADM-2026-0002/order-1", MedicineOrder, "ADM-2026-0002", Start, new Order("Piperacillin/Tazobactam", "4 g", 9, "Algade 1, 4700 Næstved"));
        var letter = new IntegrationMessage("ADM-2026-0001/letter", DischargeLetter, "ADM-2026-0001", Start.AddHours(1), new Letter("5790000123456", "Forløbet gik godt."));

        await channel.PublishAsync(order, default);
        _clock.Advance(TimeSpan.FromHours(1));
        await channel.PublishAsync(letter, default);

        var listed = await channel.ListAsync(default);
        Assert.Equal(["ADM-2026-0002/order-1", "ADM-2026-0001/letter"], listed.Select(message => message.Id));
        Assert.Equal([MedicineOrder, DischargeLetter], listed.Select(message => message.Type));
        Assert.Equal(["ADM-2026-0002", "ADM-2026-0001"], listed.Select(message => message.AdmissionId));
        Assert.Equal([Start, Start.AddHours(1)], listed.Select(message => message.SentAt));
        Assert.Equal(9, listed[0].Body!.Value.GetProperty("doses").GetInt32());
        Assert.Equal("5790000123456", listed[1].Body!.Value.GetProperty("eanNumber").GetString());
    }

    [Fact]
    public async Task ListAsync_TwoHostsWithDifferentClocks_OrdersBySentAtNotWriteOrder()
    {
        var account = await TestAzurite.GetAccountAsync();
        var hub = TestTaskHub.NewName();
        var ahead = new StorageQueueIntegrationChannel(account, hub, new VirtualTimeProvider(Start.AddHours(1)), NullLogger<StorageQueueIntegrationChannel>.Instance, keepBodies: true);
        var behind = new StorageQueueIntegrationChannel(account, hub, _clock, NullLogger<StorageQueueIntegrationChannel>.Instance, keepBodies: true);

        await ahead.PublishAsync(new IntegrationMessage("written-first", MedicineOrder, "ADM-1", Start, new Order("a", "b", 1, "c")), default);
        await behind.PublishAsync(new IntegrationMessage("written-second", MedicineOrder, "ADM-2", Start, new Order("a", "b", 1, "c")), default);

        Assert.Equal(["written-second", "written-first"], (await ahead.ListAsync(default)).Select(message => message.Id));
    }

    [Fact]
    public async Task PublishAsync_QueueMessages_AreCloudEventsInPublishOrder()
    {
        var (channel, account) = await CreateChannelAsync();
        var time = new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.FromHours(2));
        await channel.PublishAsync(new IntegrationMessage("m-1", MedicineOrder, "ADM-2026-0001", time, new Order("Cefuroxim", "1,5 g", 6, "Algade 1")), default);
        await channel.PublishAsync(new IntegrationMessage("m-2", DischargeLetter, "ADM-2026-0001", time.AddDays(8), new Letter("5790000123456", "Udskrevet.")), default);

        var events = await PeekCloudEventsAsync(account, channel.QueueName);

        Assert.Equal(["m-1", "m-2"], events.Select(cloudEvent => cloudEvent.Id));
        var first = events[0];
        Assert.Equal(MedicineOrder, first.Type);
        Assert.Equal("/hah/admissions/ADM-2026-0001", first.Source);
        Assert.Equal("ADM-2026-0001", first.Subject);
        Assert.Equal("application/json", first.DataContentType);
        Assert.Equal(time, first.Time);
        Assert.Equal(new Order("Cefuroxim", "1,5 g", 6, "Algade 1"), first.Data!.ToObjectFromJson<Order>(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.Equal(DischargeLetter, events[1].Type);
    }

    [Fact]
    public async Task PublishAsync_QueueMessage_IsBase64OfAJsonCloudEventWithLowercaseAttributes()
    {
        var (channel, account) = await CreateChannelAsync();
        await channel.PublishAsync(new IntegrationMessage("m-1", MedicineOrder, "ADM-1", Start, new Order("Cefuroxim", "1,5 g", 6, "Algade 1")), default);

        var peeked = Assert.Single((await account.Queues.GetQueueClient(channel.QueueName).PeekMessagesAsync(32)).Value);
        using var envelope = JsonDocument.Parse(Convert.FromBase64String(peeked.MessageText));

        Assert.Equal(
            ["specversion", "id", "source", "type", "time", "datacontenttype", "subject", "data"],
            envelope.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("1.0", envelope.RootElement.GetProperty("specversion").GetString());
        Assert.Equal("Cefuroxim", envelope.RootElement.GetProperty("data").GetProperty("drug").GetString());
    }

    [Fact]
    public async Task PublishAsync_DanishText_RoundTripsThroughQueueAndList()
    {
        var (channel, account) = await CreateChannelAsync();
        var text = "Patienten er udskrevet fra hjemmeindlæggelse. Behandling: Piperacillin/Tazobactam 4 g × 3 i 10 døgn; ændret på grund af nålefejl. ÆØÅ æøå «citat» – é";

        await channel.PublishAsync(new IntegrationMessage("letter", DischargeLetter, "ADM-Ø-1", Start, new Letter("5790000123456", text)), default);

        var listed = Assert.Single(await channel.ListAsync(default));
        Assert.Equal(text, listed.Body!.Value.GetProperty("text").GetString());
        Assert.Equal("ADM-Ø-1", listed.AdmissionId);
        var cloudEvent = Assert.Single(await PeekCloudEventsAsync(account, channel.QueueName));
        Assert.Equal(text, cloudEvent.Data!.ToObjectFromJson<Letter>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Text);
        Assert.Equal("ADM-Ø-1", cloudEvent.Subject);
        Assert.Equal("/hah/admissions/ADM-%C3%98-1", cloudEvent.Source);
    }

    [Fact]
    public async Task PublishAsync_SameMessageAgain_SendsItOnce()
    {
        var (channel, account) = await CreateChannelAsync();
        var message = new IntegrationMessage("ADM-1/order-1", MedicineOrder, "ADM-1", Start, new Order("Cefuroxim", "1,5 g", 6, "Algade 1"));

        await channel.PublishAsync(message, default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await channel.PublishAsync(message, default);

        Assert.Single(await PeekCloudEventsAsync(account, channel.QueueName));
        Assert.Equal(Start, Assert.Single(await channel.ListAsync(default)).SentAt);
    }

    [Fact]
    public async Task PublishAsync_MessageOfAnotherContentType_SaysSoInTheCloudEventAndTheOutbox()
    {
        var (channel, account) = await CreateChannelAsync();
        using var bundle = JsonDocument.Parse("{\"resourceType\":\"Bundle\",\"type\":\"message\"}");

        await channel.PublishAsync(new IntegrationMessage("letter", DischargeLetter, "ADM-1", Start, bundle.RootElement) { DataContentType = "application/fhir+json" }, default);

        var cloudEvent = Assert.Single(await PeekCloudEventsAsync(account, channel.QueueName));
        Assert.Equal("application/fhir+json", cloudEvent.DataContentType);
        Assert.Equal("Bundle", JsonDocument.Parse(cloudEvent.Data!.ToString()).RootElement.GetProperty("resourceType").GetString());
        var listed = Assert.Single(await channel.ListAsync(default));
        Assert.Equal("application/fhir+json", listed.DataContentType);
        Assert.Equal("message", listed.Body!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task PublishAsync_WithoutKeepingBodies_ListsMessagesWithoutBody()
    {
        var (channel, account) = await CreateChannelAsync(keepBodies: false);

        await channel.PublishAsync(new IntegrationMessage("letter", DischargeLetter, "ADM-1", Start, new Letter("5790000123456", "Udskrevet.")), default);

        var listed = Assert.Single(await channel.ListAsync(default));
        Assert.Equal(new PublishedMessage("letter", DischargeLetter, "ADM-1", Start, null), listed);
        Assert.NotNull(Assert.Single(await PeekCloudEventsAsync(account, channel.QueueName)).Data);
    }

    [Fact]
    public async Task PublishAsync_BodyTooLargeForAQueueMessage_ThrowsAndSendsNothing()
    {
        var (channel, account) = await CreateChannelAsync();
        var huge = new Letter("5790000123456", new string('x', StorageQueueIntegrationChannel.MaxEventBytes));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            channel.PublishAsync(new IntegrationMessage("letter", DischargeLetter, "ADM-1", Start, huge), default));

        Assert.Contains("by reference", error.Message, StringComparison.Ordinal);
        Assert.Empty(await PeekCloudEventsAsync(account, channel.QueueName));
        Assert.Empty(await channel.ListAsync(default));
    }

    private async Task<(StorageQueueIntegrationChannel Channel, StorageAccount Account)> CreateChannelAsync(bool keepBodies = true)
    {
        var account = await TestAzurite.GetAccountAsync();
        var channel = new StorageQueueIntegrationChannel(account, TestTaskHub.NewName(), _clock, NullLogger<StorageQueueIntegrationChannel>.Instance, keepBodies);
        return (channel, account);
    }

    private static async Task<List<CloudEvent>> PeekCloudEventsAsync(StorageAccount account, string queueName)
    {
        PeekedMessage[] peeked = (await account.Queues.GetQueueClient(queueName).PeekMessagesAsync(32)).Value;
        return peeked.Select(message => CloudEvent.Parse(BinaryData.FromBytes(Convert.FromBase64String(message.MessageText)))!).ToList();
    }

    private sealed record Order(string Drug, string Dose, int Doses, string Address);

    private sealed record Letter(string EanNumber, string Text);
}
