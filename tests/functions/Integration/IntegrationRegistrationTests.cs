using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.DependencyInjection;

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
        var channel = Assert.IsType<StorageQueueIntegrationChannel>(app.Services.GetRequiredService<IIntegrationChannel>());
        Assert.Same(channel, app.Services.GetRequiredService<StorageQueueIntegrationChannel>());
        Assert.Equal(hub + "-integration", channel.QueueName);
        Assert.Equal(hub + "IntegrationOutbox", channel.TableName);
        await channel.PublishAsync(new IntegrationMessage("m1", "dk.ehospital.discharge-letter.v1", "ADM-1", DateTimeOffset.UnixEpoch, new { text = "Udskrevet" }), default);
        Assert.Equal(bodyListed, Assert.Single(await channel.ListAsync(default)).Body.HasValue);
    }
}
