using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow;
using HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;
using HaH.Orchestration.Functions.Tests.Sms.Webhook;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Functions.Tests.Sms;

/// <summary>
/// Phone numbers are personal data: no instance id, SMS message id, span or log line carries one
/// in full, and nothing a sender writes can start a log line of its own.
/// </summary>
public sealed class SmsPrivacyTests
{
    private static readonly string[] AdmissionPhones = ["20000001", "20000002", "20000003", "70000001", "70000002"];

    [Fact]
    public async Task NoInstanceIdSmsMessageIdOrSpanOfAnAdmissionCarriesAPhoneNumber()
    {
        var tags = new ConcurrentQueue<string>();
        using var spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                foreach (var tag in span.TagObjects)
                {
                    tags.Enqueue($"{tag.Key}={tag.Value}");
                }
            },
        };
        ActivitySource.AddActivityListener(spans);
        var firstDose = AdmissionRun.Local(2026, 3, 2, 14, 0);
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: firstDose, days: 1));

        // Unconfirmed past its window: an alarm to the eHospital nurse; then the late OK resolves it.
        await run.AdvanceToAsync(firstDose + TimeSpan.FromMinutes(70));
        await run.ConfirmAsync(1);
        await run.AdvanceToAsync(firstDose + TimeSpan.FromDays(2));

        var ids = await run.Durable.GetAllInstancesAsync(new OrchestrationQuery()).Select(i => i.InstanceId).ToListAsync();
        var messageIds = (await run.AllSmsAsync()).Select(sms => sms.Id).ToList();
        Assert.Contains(messageIds, id => id.Contains(":resolved:", StringComparison.Ordinal));
        Assert.True(ids.Count >= 4, string.Join(", ", ids));
        Assert.NotEmpty(tags);
        foreach (var text in ids.Concat(messageIds).Concat(tags))
        {
            foreach (var phone in AdmissionPhones)
            {
                Assert.DoesNotContain(phone, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ASenderWithALineBreakForgesNoLogLineAndNoLogShowsAFullPhoneNumber()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync(SmsWebhookTests.VirtualClock());
        using var app = host.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Trace)));
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("x-api-key", TestApplication.SmsKey);
        var batch = SmsEventPayloads.Batch(
            SmsEventPayloads.SmsReceived("forge-1", "+4521212121\\nINFO Admin signed in", "OK"),
            SmsEventPayloads.SmsReceived("forge-2\\r\\nINFO id", "+4521212122", "OK"),
            SmsEventPayloads.SmsReceived("stranger-1", "+4521212123", "OK"),
            SmsEventPayloads.DeliveryReport("forge-3", "Outgoing_9\\nINFO message", "+4521212124", "Delivered\\nINFO status", "2026-03-02T10:00:09Z"));

        var answer = await SmsWebhookTests.PostAsync(http, batch);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotEmpty(logs.Lines);
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain("\nINFO", line, StringComparison.Ordinal);
            Assert.DoesNotContain("\rINFO", line, StringComparison.Ordinal);
            foreach (var phone in new[] { "21212121", "21212122", "21212123", "21212124" })
            {
                Assert.DoesNotContain(phone, line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void For_TheSameNumber_GivesTheSameIdWhichDependsOnTheKeyAndHoldsNoDigitsOfTheNumber()
    {
        var ids = new PhoneLineIds("a-deployment-secret-of-32-characters!");
        var other = new PhoneLineIds("another-deployment-secret-32-characters");

        Assert.Equal(ids.For("+4520000002"), ids.For("+4520000002"));
        Assert.NotEqual(ids.For("+4520000002"), ids.For("+4520000003"));
        Assert.NotEqual(ids.For("+4520000002"), other.For("+4520000002"));
        Assert.Matches("^phone-[0-9a-f]{32}$", ids.For("+4520000002"));
    }

    /// <summary>Every log entry of the host, formatted, with its exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Lines.Enqueue($"{category} {eventId.Id}: {formatter(state, exception)} {exception}");
        }
    }
}
