using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using HaH.Orchestration.Functions.Tests.Sms.Webhook;

namespace HaH.Orchestration.Functions.Tests.Sms.Acs;

/// <summary>The whole app with <c>Sms:ConnectionString</c> pointing at a fake ACS.</summary>
public sealed partial class SmsThroughAcsTests
{
    private const string MobileUnit = "+4520000003";

    [Fact]
    public async Task AnAdmissionsReminderGoesThroughAcsAndTheNursesReplyByEventGridConfirmsTheVisit()
    {
        await using var acs = await FakeAcs.StartAsync();
        var settings = SmsWebhookTests.VirtualClock();
        settings["Sms:ConnectionString"] = acs.ConnectionString;
        settings["Sms:From"] = SmsEventPayloads.OurNumber;
        using var app = await TestApplication.StartAsync(settings);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        using var eventGrid = app.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-ACS-1"))).StatusCode);
        await SmsWebhookTests.AdvanceAsync(admin, "PT1H5M");

        var reminder = Assert.Single(acs.Texted, sms => sms.To == MobileUnit);
        Assert.Equal(SmsEventPayloads.OurNumber, reminder.From);
        Assert.True(reminder.DeliveryReport);
        Assert.All(acs.Requests, request => Assert.Null(request.SignatureProblem));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>("/api/dev/sms"))!);

        var code = Code().Match(reminder.Message).Groups[1].Value;
        var reply = await SmsWebhookTests.PostAsync(
            eventGrid, SmsEventPayloads.SmsReceived("Incoming_acs-1", MobileUnit, $"OK {code}"), query: $"?code={TestApplication.SmsKey}");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        await SmsWebhookTests.AdvanceAsync(admin, "PT1H");

        var view = await admin.GetFromJsonAsync<JsonElement>("/api/admissions/ADM-ACS-1");
        Assert.Equal("confirmed", view.GetProperty("visits")[0].GetProperty("state").GetString());
        Assert.DoesNotContain(acs.Texted, sms => sms.Message.Contains("Karen", StringComparison.Ordinal) || sms.Message.Contains("0101801234", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
