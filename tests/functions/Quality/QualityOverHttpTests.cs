using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Quality;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Quality;

/// <summary>The quality figures of admissions run on the virtual clock, over HTTP and as OpenTelemetry gauges.</summary>
public sealed class QualityOverHttpTests
{
    [Fact]
    public async Task TheFiguresCountWhatTheAdmissionsDidAndAreReportedAsGauges()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = "2026-03-02T10:00:00+01:00" });
        using var http = app.CreateClient(TestApplication.AdminKey);
        var runtime = app.Services.GetRequiredService<DurableRuntime>();
        await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("QUAL-1"));
        await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("QUAL-2", firstDoseAt: "2026-03-02T13:30:00+01:00"));

        // QUAL-1's first dose (mobile unit, 12:00) is confirmed on time; QUAL-2's (13:30) is never answered and
        // escalated; the eHospital nurse acknowledges that alarm 10 minutes after it is sent.
        await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T12:05:00+01:00"));
        var reminder = await LatestAsync(http, "+4520000003", "Svar OK (\\d+) når givet");
        await ReplyAsync(http, "+4520000003", $"OK {reminder.Code}");
        await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T14:30:00+01:00"));
        var alarm = await LatestAsync(http, "+4570000001", "ALARM .* Svar OK (\\d+) når håndteret");
        await runtime.AdvanceClockToAsync(alarm.SentAt + TimeSpan.FromMinutes(10));
        await ReplyAsync(http, "+4570000001", $"OK {alarm.Code}");
        await runtime.AdvanceClockToAsync(DateTimeOffset.Parse("2026-03-02T16:00:00+01:00"));

        var answer = await http.GetAsync("/api/quality?fresh=true");
        var figures = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(2, figures.GetProperty("admissions").GetInt32());
        Assert.Equal(1, figures.GetProperty("dosesOnTime").GetInt32());
        Assert.Equal(1, figures.GetProperty("escalations").GetInt32());
        Assert.Equal(10, figures.GetProperty("medianMinutesToAcknowledge").GetDouble());

        // 4 h from 12:00 plus 2.5 h from 13:30: 6.5 h = 0.2708 bed-days.
        Assert.Equal(0.27, figures.GetProperty("bedDays").GetDouble());
        Assert.Equal(100 / (6.5 / 24), figures.GetProperty("escalationsPer100BedDays").GetDouble(), 1);
        Assert.Equal(1, Gauges(app)["hah.quality.doses/onTime"]);
        Assert.Equal(10, Gauges(app)["hah.quality.escalation_acknowledge_median"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient(TestApplication.IntegratorKey).GetAsync("/api/quality")).StatusCode);
    }

    private static async Task<(string Code, DateTimeOffset SentAt)> LatestAsync(HttpClient http, string phone, string pattern)
    {
        var sms = (await http.GetFromJsonAsync<JsonElement[]>($"/api/dev/sms?to={Uri.EscapeDataString(phone)}"))!
            .Last(s => Regex.IsMatch(s.GetProperty("body").GetString()!, pattern));
        return (Regex.Match(sms.GetProperty("body").GetString()!, pattern).Groups[1].Value, sms.GetProperty("sentAt").GetDateTimeOffset());
    }

    private static async Task ReplyAsync(HttpClient http, string phone, string text)
    {
        var reply = await http.PostAsJsonAsync("/api/dev/sms/reply", new { from = phone, text });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
    }

    private static Dictionary<string, double> Gauges(TestApplication app)
    {
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QualityMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                values[$"{instrument.Name}/{tag.Value}"] = value;
            }
        });
        _ = app.Services.GetRequiredService<QualityMetrics>();
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
