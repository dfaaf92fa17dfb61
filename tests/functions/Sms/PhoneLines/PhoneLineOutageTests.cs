using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Shared;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms.PhoneLines;

/// <summary>A phone line outlives an SMS outage: it keeps matching the phone's replies once its sends have failed for good.</summary>
public sealed class PhoneLineOutageTests
{
    private const string Phone = "+4520000002";

    [Fact]
    public async Task APhoneLineKeepsServingItsPhoneAfterAnSmsFailedEveryRetry()
    {
        var sender = new BrokenSender();
        using var host = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = "2026-03-02T10:00:00+01:00" });
        using var app = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ISmsSender>(sender)));
        var durable = app.Services.GetRequiredService<DurableTaskClient>();
        var runtime = app.Services.GetRequiredService<DurableRuntime>();
        var line = app.Services.GetRequiredService<PhoneLineIds>().For(Phone);
        await PhoneLineStarter.EnsureStartedAsync(durable, app.Services.GetRequiredService<PhoneLineIds>(), Phone, default);

        await durable.RaiseEventAsync(line, PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new OpenItem("ADM-OUT", "visit-1", "Svar OK {code}")));
        await runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
        await durable.RaiseEventAsync(line, PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new SmsReceived("sms-1", "hvad?", DateTimeOffset.Parse("2026-03-02T11:00:00+01:00"))));
        await runtime.AdvanceClockAsync(TimeSpan.FromHours(1));

        // Ten more items whose SMS fail every retry: far more events than one generation should replay.
        for (var item = 2; item <= 11; item++)
        {
            await durable.RaiseEventAsync(line, PhoneLineSignal.EventName, EventPayload.Of<PhoneLineSignal>(new OpenItem("ADM-OUT", $"visit-{item}", "Svar OK {code}")));
        }

        await runtime.AdvanceClockAsync(TimeSpan.FromHours(2));

        var status = await durable.GetInstanceAsync(line);
        Assert.Equal(OrchestrationRuntimeStatus.Running, status!.RuntimeStatus);
        Assert.Equal(1, JsonDocument.Parse(status.SerializedCustomStatus!).RootElement.GetProperty("unmatched").GetInt32());
        Assert.Equal(11, JsonDocument.Parse(status.SerializedCustomStatus!).RootElement.GetProperty("openItems").GetInt32());
        Assert.Equal(SmsRetry.Policy.MaxNumberOfAttempts, sender.Attempts["ADM-OUT:visit-1"]);
        Assert.Equal(SmsRetry.Policy.MaxNumberOfAttempts, sender.Attempts["sms-1:help"]);
        Assert.All(await durable.GetGenerationsAsync(line), generation => Assert.True(generation.Events.Count <= 200, $"Generation {generation.Generation} has {generation.Events.Count} events."));
    }

    private sealed class BrokenSender : ISmsSender
    {
        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
        {
            Attempts.AddOrUpdate(sms.MessageId, 1, (_, n) => n + 1);
            throw new HttpRequestException("503 from the SMS provider (test)");
        }
    }
}
