using HaH.Orchestration.Functions.Sms.Acs;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Sms.Sending;

public sealed class SmsSendingRegistrationTests
{
    private const string ConnectionString = "endpoint=https://hah-test.communication.azure.com/;accesskey=c2VjcmV0";

    [Fact]
    public async Task AddSmsSending_NoAcsSettings_SendsIntoTheOutboxOfTheTaskHub()
    {
        var hub = TestTaskHub.NewName();
        var builder = await UnstartedHost.CreateBuilderAsync("Development", hub);

        builder.AddSmsSending();

        await using var app = builder.Build();
        var sender = app.Services.GetRequiredService<ISmsSender>();
        var outbox = Assert.IsType<LocalSmsOutbox>(sender);
        Assert.Same(outbox, app.Services.GetRequiredService<LocalSmsOutbox>());
        Assert.Equal(hub + "SmsOutbox", outbox.TableName);
        Assert.Equal(hub + "SmsMessages", app.Services.GetRequiredService<SmsMessageLog>().TableName);
        await sender.SendAsync(new OutgoingSms("m1", "+4520000002", "hej"), default);
        Assert.Equal("m1", Assert.Single(await outbox.ListAsync(null, default)).Id);
    }

    [Fact]
    public async Task AddSmsSending_AcsSettings_SendsThroughAcsToTheConfiguredEndpoint()
    {
        var builder = await UnstartedHost.CreateBuilderAsync("Production", TestTaskHub.NewName());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:ConnectionString"] = ConnectionString, ["Sms:From"] = "+4512345678" });

        builder.AddSmsSending();

        await using var app = builder.Build();
        var sender = Assert.IsType<AcsSmsSender>(app.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new Uri("https://hah-test.communication.azure.com/sms?api-version=2021-03-07"), sender.SendUri);
        Assert.NotNull(app.Services.GetRequiredService<LocalSmsOutbox>());
    }

    [Theory]
    [InlineData(ConnectionString, "", "Sms:From is empty")]
    [InlineData("", "+4512345678", "Sms:ConnectionString is empty")]
    [InlineData("endpoint=https://hah-test.communication.azure.com/", "+4512345678", "lacks accesskey")]
    [InlineData("endpoint=https://hah-test.communication.azure.com/;accesskey=not base64!", "+4512345678", "not base64")]
    [InlineData("endpoint=http://hah-test.communication.azure.com/;accesskey=c2VjcmV0", "+4512345678", "https")]
    [InlineData(ConnectionString, "4512345678", "E.164")]
    public async Task AddSmsSending_IncompleteOrWrongAcsSettings_RefusesToStartAndSaysWhy(string connectionString, string from, string expected)
    {
        var builder = await UnstartedHost.CreateBuilderAsync("Production", TestTaskHub.NewName());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:ConnectionString"] = connectionString, ["Sms:From"] = from });
        builder.AddSmsSending();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+4512345678")]
    [InlineData("eHospital")]
    public void AcsSmsOptions_NumberOrAlphanumericSender_IsValid(string from)
    {
        var options = new AcsSmsOptions { ConnectionString = ConnectionString, From = from };

        Assert.Empty(options.Problems());
        Assert.True(options.IsConfigured);
        Assert.Equal(new Uri("https://hah-test.communication.azure.com/"), options.Connection().Endpoint);
        Assert.Equal("secret"u8.ToArray(), options.Connection().AccessKey);
    }

    [Fact]
    public void AcsSmsOptions_BothEmpty_IsTheLocalOutbox()
    {
        var options = new AcsSmsOptions();

        Assert.Empty(options.Problems());
        Assert.False(options.IsConfigured);
    }
}
