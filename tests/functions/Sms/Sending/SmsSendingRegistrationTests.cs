using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms.Sending;

public sealed class SmsSendingRegistrationTests
{
    [Fact]
    public async Task AddLocalSmsOutbox_RegistersTheOutboxOfTheTaskHubAsSmsSender()
    {
        var hub = TestTaskHub.NewName();
        var builder = await UnstartedHost.CreateBuilderAsync("Development", hub);

        builder.AddLocalSmsOutbox();

        await using var app = builder.Build();
        var sender = app.Services.GetRequiredService<ISmsSender>();
        var outbox = Assert.IsType<LocalSmsOutbox>(sender);
        Assert.Same(outbox, app.Services.GetRequiredService<LocalSmsOutbox>());
        Assert.Equal(hub + "SmsOutbox", outbox.TableName);
        await sender.SendAsync(new OutgoingSms("m1", "+4520000002", "hej"), default);
        Assert.Equal("m1", Assert.Single(await outbox.ListAsync(null, default)).Id);
    }
}
