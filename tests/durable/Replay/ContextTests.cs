using System.Collections.Concurrent;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class ContextTests
{
    [Fact]
    public void SetCustomStatus_ChangedInStep_ReportsStatusAndChange()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            context.SetCustomStatus(new { Stage = "waiting" });
            await context.WaitForExternalEvent<string>("go");
            context.SetCustomStatus(new { Stage = "waiting" });
            await context.WaitForExternalEvent<string>("go");
            context.SetCustomStatus(null);
            return "";
        });

        var first = driver.Start();
        var same = driver.Raise("go", null);
        var cleared = driver.Raise("go", null);

        Assert.Equal(("""{"stage":"waiting"}""", true), (first.CustomStatus, first.CustomStatusChanged));
        Assert.Equal(("""{"stage":"waiting"}""", false), (same.CustomStatus, same.CustomStatusChanged));
        Assert.Equal((null, true), (cleared.CustomStatus, cleared.CustomStatusChanged));
    }

    [Fact]
    public void NewGuid_SameAcrossReplays_DifferentPerCall()
    {
        var seen = new List<Guid>();
        var orchestrator = new FuncOrchestrator<string?, string>(async (context, _) =>
        {
            seen.Add(context.NewGuid());
            seen.Add(context.NewGuid());
            await context.WaitForExternalEvent<string>("go");
            seen.Add(context.NewGuid());
            return "";
        });
        var driver = new ReplayDriver(orchestrator, replayEveryStep: true);
        driver.Start();
        var live = seen.ToArray();
        seen.Clear();

        driver.Raise("go", null);

        Assert.Equal(3, seen.Count);
        Assert.Equal(live, seen.Take(2));
        Assert.Equal(3, seen.Distinct().Count());
        Assert.All(seen, guid => Assert.Equal(5, guid.Version));
    }

    [Fact]
    public void NewGuid_OtherInstanceOrTime_GivesOtherGuid()
    {
        Assert.Equal(DeterministicGuid.Create("i_t_0"), DeterministicGuid.Create("i_t_0"));
        Assert.NotEqual(DeterministicGuid.Create("i_t_0"), DeterministicGuid.Create("j_t_0"));

        // RFC 4122 appendix test vector style check: version and variant bits are set.
        var guid = DeterministicGuid.Create("www.example.com").ToString();
        Assert.Equal('5', guid[14]);
        Assert.Contains(guid[19], "89ab");
    }

    [Fact]
    public void CurrentUtcDateTime_AdvancesWithOrchestratorStartedAndReplaysTheSame()
    {
        var times = new List<DateTimeOffset>();
        var driver = new ReplayDriver(new FuncOrchestrator<string?, string>(async (context, _) =>
        {
            times.Add(context.CurrentUtcDateTimeOffset);
            await context.WaitForExternalEvent<string>("go");
            times.Add(context.CurrentUtcDateTimeOffset);
            Assert.Equal(DateTimeKind.Utc, context.CurrentUtcDateTime.Kind);
            return "";
        }), replayEveryStep: true);
        driver.Start();
        driver.Now = ReplayDriver.StartTime.AddHours(3);

        driver.Raise("go", null);

        Assert.Equal([ReplayDriver.StartTime, ReplayDriver.StartTime, ReplayDriver.StartTime.AddHours(3)], times);
    }

    [Fact]
    public void IsReplaying_TrueForPastFalseForNewEvents_ReplaySafeLoggerWritesOnlyLive()
    {
        var replaying = new List<bool>();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var orchestrator = new FuncOrchestrator<string?, string>(async (context, _) =>
        {
            var logger = context.CreateReplaySafeLogger("Test");
            replaying.Add(context.IsReplaying);
            logger.LogInformation("before");
            await context.WaitForExternalEvent<string>("go");
            replaying.Add(context.IsReplaying);
            logger.LogInformation("after");
            return "";
        });
        var driver = new ReplayDriver(orchestrator, replayEveryStep: true, factory);

        driver.Start();
        driver.Raise("go", null);

        Assert.Equal([false, true, false], replaying);
        Assert.Equal(["before", "after"], logs.Messages.Where(m => m.Category == "Test").Select(m => m.Text));
    }

    [Fact]
    public void CreateReplaySafeLogger_Generic_UsesTypeNameAndIsDisabledWhileReplaying()
    {
        var enabled = new List<bool>();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var driver = new ReplayDriver(new FuncOrchestrator<string?, string>(async (context, _) =>
        {
            var logger = context.CreateReplaySafeLogger<ContextTests>();
            await context.WaitForExternalEvent<string>("go");
            enabled.Add(logger.IsEnabled(LogLevel.Information));
            logger.LogWarning("done");
            return "";
        }), replayEveryStep: true, factory);
        driver.Start();

        driver.Raise("go", null);

        Assert.Equal([true], enabled);
        Assert.Contains(logs.Messages, m => m.Category == typeof(ContextTests).FullName && m.Text == "done");
    }

    [Fact]
    public void SendEvent_RecordsEventSentAndSendAction()
    {
        var driver = ReplayDriver.For<string?, string>((context, _) =>
        {
            context.SendEvent("other-instance", "Wake", new { Reason = "test" });
            return Task.FromResult("sent");
        });

        var step = driver.Start();

        Assert.Equal(new SendEvent(2, "other-instance", "Wake", """{"reason":"test"}"""), step.Actions[0]);
        Assert.Equal(new EventSent("other-instance", "Wake", """{"reason":"test"}""") { EventId = 2, Timestamp = ReplayDriver.StartTime }, step.NewEvents[2]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, step.Completion?.Status);
    }

    [Fact]
    public void GetInput_ReturnsTheStartInput()
    {
        var driver = ReplayDriver.For<Payload, string>((context, input) => Task.FromResult($"{context.Name}/{context.Version}/{context.InstanceId}/{context.GetInput<Payload>()?.Ward}/{input.Ward}"));

        var step = driver.Start(new Payload("B7"), name: "Admit", version: "2");

        Assert.Equal("\"Admit/2/instance-1/B7/B7\"", step.Completion?.Output);
    }

    [Fact]
    public void ExecutionStarted_InputOfWrongShape_FailsTheOrchestration()
    {
        var driver = ReplayDriver.For<int, int>((_, input) => Task.FromResult(input));

        var step = driver.Start(new Payload("B7"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, step.Completion?.Status);
        Assert.Equal(typeof(System.Text.Json.JsonException).FullName, step.Completion?.Failure?.ErrorType);
    }

    internal sealed record Payload(string Ward);

    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, string)> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue((category, formatter(state, exception)));
        }
    }
}
