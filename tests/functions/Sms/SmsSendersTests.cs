using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using HaH.Orchestration.Functions.Tests.Sms.Webhook;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms;

/// <summary>
/// Only numbers the product has texted have a phone line. Anyone else who texts the number gets
/// at most a rate-limited help SMS and creates nothing; a sender that is not a phone number gets nothing.
/// </summary>
public sealed partial class SmsSendersTests
{
    private const string Stranger = "+4520000009";

    [Fact]
    public async Task SmsFromNumbersTheProductNeverTextedStartNoPhoneLineAndTheirHelpIsLimitedPerNumberAndInTotal()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>(SmsWebhookTests.VirtualClock()) { ["Sms:HelpPerHour"] = "3" });
        using var limited = new CounterRecorder(app.Services, "HaH.Orchestration.Sms", "hah.sms.help.limited");
        using var http = app.CreateClient(TestApplication.SmsKey);
        var strangers = Enumerable.Range(1, 5).Select(n => $"+452000010{n}").ToList();
        var deliveries = new List<string>
        {
            SmsEventPayloads.SmsReceived("u-1", Stranger, "OK 4711"),
            SmsEventPayloads.SmsReceived("u-2", Stranger, "hej"),
            SmsEventPayloads.SmsReceived("u-3", Stranger, "NEJ"),
        };
        deliveries.AddRange(strangers.Select((phone, n) => SmsEventPayloads.SmsReceived($"s-{n}", phone, "OK")));

        foreach (var delivery in deliveries)
        {
            Assert.Equal(HttpStatusCode.OK, (await SmsWebhookTests.PostAsync(http, delivery)).StatusCode);
        }

        await app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();
        var sent = await app.Services.GetRequiredService<LocalSmsOutbox>().ListAsync(null, default);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, sms => Assert.Equal(SmsTexts.Help(), sms.Body));
        Assert.Equal("u-1:help", Assert.Single(sent, sms => sms.To == Stranger).Id);
        Assert.Equal(5, limited.Total);
        var instances = await app.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync();
        Assert.Empty(instances);
    }

    [Fact]
    public async Task AnSmsFromASenderThatIsNotAPhoneNumberGetsNothingAtAll()
    {
        using var app = await TestApplication.StartAsync(SmsWebhookTests.VirtualClock());
        using var http = app.CreateClient(TestApplication.SmsKey);

        var answer = await SmsWebhookTests.PostAsync(http, SmsEventPayloads.SmsReceived("evil-1", "<script>alert(1)</script>", "OK"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();
        Assert.Empty(await app.Services.GetRequiredService<LocalSmsOutbox>().ListAsync(null, default));
        Assert.Empty(await app.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync());
    }

    [Fact]
    public async Task TheDevelopmentReplyRouteTreatsANumberWithoutAPhoneLineLikeTheWebhook()
    {
        using var app = await TestApplication.StartAsync(SmsWebhookTests.VirtualClock());
        using var admin = app.CreateClient(TestApplication.AdminKey);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/dev/sms/reply", new { from = Stranger, text = "OK 4711" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/dev/sms/reply", new { from = Stranger, text = "OK 4712" })).StatusCode);

        await app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();
        Assert.Single(await app.Services.GetRequiredService<LocalSmsOutbox>().ListAsync(Stranger, default));
        Assert.Empty(await app.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync());
    }

    [Fact]
    public async Task AReplyThroughTheWebhookFromANurseTheProductTextedReachesHerPhoneLine()
    {
        using var app = await TestApplication.StartAsync(SmsWebhookTests.VirtualClock());
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);
        using var http = app.CreateClient(TestApplication.SmsKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        var runtime = app.Services.GetRequiredService<DurableRuntime>();
        // The first dose is at 12:00 on the clock's day (10:00); its reminder goes to the mobile unit at 11:00.
        Assert.Equal(HttpStatusCode.Accepted, (await integrator.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("SND-1"))).StatusCode);
        await runtime.WaitForIdleAsync();
        await runtime.AdvanceClockAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));
        var reminder = (await app.Services.GetRequiredService<LocalSmsOutbox>().ListAsync("+4520000003", default)).Single();
        var code = Code().Match(reminder.Body).Groups[1].Value;

        var answer = await SmsWebhookTests.PostAsync(http, SmsEventPayloads.SmsReceived("nurse-1", "4520000003", $"OK {code}", runtime.Clock.GetUtcNow().ToString("O")));
        await runtime.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var view = await admin.GetFromJsonAsync<JsonElement>("/api/admissions/SND-1");
        Assert.Equal("confirmed", view.GetProperty("visits")[0].GetProperty("state").GetString());
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
