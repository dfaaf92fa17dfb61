using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using HaH.Orchestration.Functions.Tests.Admissions.Letters;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>The host with Integration:Channel=ServiceBus, pointed at <see cref="FakeServiceBus"/>.</summary>
public sealed class ServiceBusChannelAppTests
{
    private const string Entity = "hah-outbound";

    [Fact]
    public async Task AnAdmissionDischargedOnTheVirtualClockSendsItsDischargeLetterToServiceBus()
    {
        // Tokens are made and checked by the wall clock, whatever the host's workflow clock says.
        await using var bus = await FakeServiceBus.StartAsync(TimeProvider.System, Entity);
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = "2026-03-02T10:00:00+01:00",
            ["Integration:Channel"] = "ServiceBus",
            ["Integration:ServiceBus:ConnectionString"] = bus.ConnectionString(entityPath: Entity),
        });
        using var http = app.CreateClient(TestApplication.AdminKey);
        var runtime = app.Services.GetRequiredService<DurableRuntime>();

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-SB-1"))).StatusCode);
        await AdvanceAsync(http, new { to = "2026-03-02T12:30:00+01:00" });
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions/ADM-SB-1/discharge", new { reason = "Genindlagt" })).StatusCode);
        await AdvanceAsync(http, new { by = "PT1M" });
        await runtime.WaitForIdleAsync();

        var letter = Assert.Single(bus.Messages(Entity));
        Assert.Equal("ADM-SB-1-letter", letter.MessageId);
        Assert.Equal(AdmissionEngine.DischargeLetterType, letter.Label);
        using var cloudEvent = JsonDocument.Parse(letter.Body);
        Assert.Equal("ADM-SB-1", cloudEvent.RootElement.GetProperty("subject").GetString());
        Assert.Equal(DischargeLetterFormatter.FhirJson, cloudEvent.RootElement.GetProperty("datacontenttype").GetString());
        Assert.Equal("5790000123456", FhirLetter.IdentifierOf(FhirLetter.From(cloudEvent.RootElement.GetProperty("data")).Receiver.Identifier, MedCom.Identifiers.Ean));

        // The dev outbox lists the storage channel only (documented in the README).
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("/api/dev/outbox"))!);
    }

    [Fact]
    public async Task TheHostDoesNotStartWithServiceBusChosenButNoConnectionString()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Integration:Channel"] = "ServiceBus" });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Integration:ServiceBus:ConnectionString is empty", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task AdvanceAsync(HttpClient http, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/dev/clock/advance", body)).StatusCode);
}
