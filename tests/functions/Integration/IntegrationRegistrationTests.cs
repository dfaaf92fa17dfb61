using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Integration;

public sealed class IntegrationRegistrationTests
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task AddIntegrationChannel_RegistersTheQueueChannelKeepingBodiesOnlyInDevelopment(string environment, bool bodyListed)
    {
        var hub = TestTaskHub.NewName();
        var builder = await UnstartedHost.CreateBuilderAsync(environment, hub);

        builder.AddIntegrationChannel();

        await using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var channel = Assert.IsType<StorageQueueIntegrationChannel>(app.Services.GetRequiredService<IIntegrationChannel>());
        Assert.Same(channel, app.Services.GetRequiredService<StorageQueueIntegrationChannel>());
        Assert.Equal(hub + "-integration", channel.QueueName);
        Assert.Equal(hub + "IntegrationOutbox", channel.TableName);
        await channel.PublishAsync(new IntegrationMessage("m1", "dk.ehospital.discharge-letter.v2", "ADM-1", DateTimeOffset.UnixEpoch, new { text = "Udskrevet" }), default);
        Assert.Equal(bodyListed, Assert.Single(await channel.ListAsync(default)).Body.HasValue);
    }

    [Fact]
    public async Task AddIntegrationChannel_ServiceBusChosenWithAConnectionString_RegistersTheServiceBusChannelForTheEntity()
    {
        var builder = await CreateBuilderAsync(new()
        {
            ["Integration:Channel"] = "servicebus",
            ["Integration:ServiceBus:ConnectionString"] = IntegrationOptionsTests.Valid,
            ["Integration:ServiceBus:Entity"] = "hah-outbound",
        });

        await using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();

        var channel = Assert.IsType<ServiceBusIntegrationChannel>(app.Services.GetRequiredService<IIntegrationChannel>());
        Assert.Equal("hah-outbound", channel.Entity);
        Assert.Same(channel, app.Services.GetRequiredService<IIntegrationChannel>());
        Assert.NotNull(app.Services.GetRequiredService<StorageQueueIntegrationChannel>());
    }

    [Fact]
    public async Task AddIntegrationChannel_ServiceBusChosenWithANamespace_UsesOneClientOfThatNamespaceAndTheEntityPathOfNone()
    {
        var builder = await CreateBuilderAsync(new()
        {
            ["Integration:Channel"] = "ServiceBus",
            ["Integration:ServiceBus:FullyQualifiedNamespace"] = "hah-test.servicebus.windows.net",
            ["Integration:ServiceBus:Entity"] = "hah-outbound",
        });

        await using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();

        var channel = Assert.IsType<ServiceBusIntegrationChannel>(app.Services.GetRequiredService<IIntegrationChannel>());
        Assert.Equal("hah-outbound", channel.Entity);
        var client = app.Services.GetIntegrationServiceBusClient();
        Assert.Same(client, app.Services.GetIntegrationServiceBusClient());
        Assert.Equal("hah-test.servicebus.windows.net", client.FullyQualifiedNamespace);
    }

    [Theory]
    [InlineData("ServiceBus", null, null, "neither Integration:ServiceBus:ConnectionString nor Integration:ServiceBus:FullyQualifiedNamespace is set")]
    [InlineData("ServiceBus", "just some text", "q", "Integration:ServiceBus:ConnectionString is not a Service Bus connection string")]
    [InlineData("ServiceBus", IntegrationOptionsTests.Valid, null, "set Integration:ServiceBus:Entity")]
    [InlineData("Kafka", null, null, "Integration:Channel is 'Kafka'; expected StorageQueue")]
    public async Task AddIntegrationChannel_BadSettings_FailStartNamingTheSettingButNeverTheKey(string channel, string? connectionString, string? entity, string expected)
    {
        var builder = await CreateBuilderAsync(new()
        {
            ["Integration:Channel"] = channel,
            ["Integration:ServiceBus:ConnectionString"] = connectionString,
            ["Integration:ServiceBus:Entity"] = entity,
        });
        await using var app = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IntegrationOptionsTests.Key, error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplicationBuilder> CreateBuilderAsync(Dictionary<string, string?> settings)
    {
        var builder = await UnstartedHost.CreateBuilderAsync("Production", TestTaskHub.NewName());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddIntegrationChannel();
        return builder;
    }
}
