using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using FsCheck.Xunit;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// A hot instance's execution, kept between steps and fed only the new events, must decide exactly
/// what a cold one replaying the whole stored history decides, step after step: the worker switches
/// between the two whenever an instance leaves or enters its cache.
/// </summary>
public sealed class OrchestrationExecutionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_HotVersusColdEveryStep_DecideIdenticalEventsAndCustomStatus(bool consentArrives)
    {
        var hot = RunAdmission(hot: true, consentArrives);
        var cold = RunAdmission(hot: false, consentArrives);

        var output = TestRuntime.Payloads.Deserialize<string>(hot.Completion?.Result);
        Assert.StartsWith(consentArrives ? "30:yes:child:yes:7:" : "30:none:child:none:7:", output, StringComparison.Ordinal);
        Assert.True(hot.Steps.Count > 8, $"only {hot.Steps.Count} steps");
        Assert.Equal(hot.Stored, cold.Stored);
        Assert.Equal(hot.Steps.Select(s => s.CustomStatus), cold.Steps.Select(s => s.CustomStatus));
    }

    [Property(MaxTest = 40)]
    public void Run_AnyOrderAndGroupingOfInputs_HotAndColdAgree(int countSeed, int seed)
    {
        var count = 1 + Math.Abs(countSeed % 5);
        var random = new Random(seed);
        var hot = new ExecutionDriver(() => new CodeOrchestrator<int, string>(Racer), hot: true);
        var cold = new ExecutionDriver(() => new CodeOrchestrator<int, string>(Racer), hot: false);
        var first = hot.Start("" + count);
        cold.Start("" + count);

        // Every possible input, shuffled, in random groups: completions, the deadline, the bonus event, a duplicate.
        List<HistoryEvent> inputs = [.. first.OfType<TaskScheduledEvent>().Select(task => new TaskCompletedEvent(-1, task.EventId, ExecutionDriver.ActivityInput(task)))];
        var deadline = first.OfType<TimerCreatedEvent>().Single();
        inputs.Add(new TimerFiredEvent(-1, deadline.FireAt) { TimerId = deadline.EventId });
        inputs.Add(new EventRaisedEvent(-1, "5") { Name = "Bonus" });
        inputs.Add(inputs[0]);
        var shuffled = inputs.OrderBy(_ => random.Next()).ToList();
        while (shuffled.Count > 0 && hot.Completion is null)
        {
            var take = random.Next(1, Math.Min(3, shuffled.Count) + 1);
            var group = shuffled.Take(take).ToArray();
            shuffled.RemoveRange(0, take);
            hot.Now = cold.Now = hot.Now.AddMinutes(random.Next(0, 90));
            hot.Step(group);
            cold.Step(group);
        }

        // Let the bonus wait time out, if it is still waiting.
        if (hot.Completion is null)
        {
            var bonusTimer = hot.History.OfType<TimerCreatedEvent>().Last().EventId;
            hot.Fire(bonusTimer);
            cold.Fire(bonusTimer);
        }

        Assert.NotNull(hot.Completion);
        Assert.Equal(hot.Stored, cold.Stored);
    }

    [Fact]
    public void Run_HotExecution_RunsTheCodeOnceAndHoldsTheWholeHistory()
    {
        var starts = 0;
        ITaskOrchestrator Create() => new CodeOrchestrator<string?, string>(async (context, _) =>
        {
            starts++;
            var first = await context.WaitForExternalEvent<string>("go");
            var second = await context.CallActivityAsync<string>("Echo", first);
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return second + await context.WaitForExternalEvent<string>("go");
        });
        var hot = new ExecutionDriver(Create, hot: true);
        var cold = new ExecutionDriver(Create, hot: false);

        foreach (var driver in new[] { hot, cold })
        {
            starts = 0;
            driver.Start(null);
            driver.Raise("go", "\"a\"");
            driver.Complete(0, "\"b\"");
            driver.Fire(1);
            driver.Raise("go", "\"c\"");
            Assert.Equal(driver == hot ? 1 : 5, starts);
        }

        Assert.Equal("\"bc\"", hot.Completion?.Result);
        Assert.Equal(hot.Stored, cold.Stored);
        Assert.Equal(hot.History.Count, hot.HotHistoryLength);
    }

    [Fact]
    public void Run_ColdReplayOfChangedCode_DecidesOnlyTheNonDeterminismFailure()
    {
        var changed = false;
        var driver = new ExecutionDriver(
            () => new CodeOrchestrator<string?, string>(async (context, _) =>
                await context.CallActivityAsync<string>(changed ? "SendEmail" : "SendSms") + await context.WaitForExternalEvent<string>("go")),
            hot: false);
        driver.Start(null);
        driver.Complete(0, "\"sent\"");

        changed = true;
        var decided = driver.Raise("go", "\"!\"");

        var failed = Assert.IsType<ExecutionCompletedEvent>(Assert.Single(decided));
        Assert.Equal(OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails?.ErrorType);
        Assert.Single(driver.History.OfType<TaskScheduledEvent>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_CodeEndsWithAnUncaughtCancellation_FailsTheOrchestrationWithIt(bool hot)
    {
        var driver = new ExecutionDriver(
            () => new CodeOrchestrator<string?, string>(async (context, _) =>
            {
                context.SetCustomStatus("waiting for x");
                return await context.WaitForExternalEvent<string>("x", TimeSpan.FromMinutes(10));
            }),
            hot);
        driver.Start(null);

        var decided = driver.Fire(0);

        var failed = Assert.IsType<ExecutionCompletedEvent>(Assert.Single(decided));
        Assert.Equal(OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Equal(typeof(TaskCanceledException).FullName, failed.FailureDetails?.ErrorType);
        Assert.Equal("\"waiting for x\"", driver.Steps[^1].CustomStatus);
    }

    private static async Task<string> Admission(TaskOrchestrationContext context, int beds)
    {
        context.SetCustomStatus("starting");
        var reservation = context.NewGuid();
        var checks = await Task.WhenAll(Enumerable.Range(0, beds).Select(i => context.CallActivityAsync<int>("Check", i)));
        context.SendEvent("ward", "Reserved", reservation);
        string consent;
        try
        {
            consent = await context.WaitForExternalEvent<string>("Consent", TimeSpan.FromHours(1));
        }
        catch (OperationCanceledException)
        {
            consent = "none";
        }

        var child = await context.CallSubOrchestratorAsync<string>("Child", consent, new TaskOptions(new RetryPolicy(3, TimeSpan.FromMinutes(1))));
        var flaky = await context.CallActivityAsync<int>("Flaky", null, new TaskOptions(new RetryPolicy(4, TimeSpan.FromSeconds(30), 2)));
        await context.CreateTimer(TimeSpan.FromDays(10), CancellationToken.None);
        context.SetCustomStatus(new { Done = true });
        return $"{checks.Sum()}:{consent}:{child}:{flaky}:{reservation}";
    }

    private static ExecutionDriver RunAdmission(bool hot, bool consentArrives)
    {
        var driver = new ExecutionDriver(() => new CodeOrchestrator<int, string>(Admission), hot);
        var flakyCalls = 0;
        var childCalls = 0;
        string? Answer(string name, string? input) => name switch
        {
            "Check" => (int.Parse(input!, CultureInfo.InvariantCulture) * 10).ToString(CultureInfo.InvariantCulture),
            "Flaky" => ++flakyCalls < 3 ? throw new InvalidOperationException("try again") : "7",
            "Child" => ++childCalls < 2 ? throw new InvalidOperationException("child failed") : TestRuntime.Payloads.Serialize("child:" + TestRuntime.Payloads.Deserialize<string>(input)),
            _ => throw new InvalidOperationException($"no answer for {name}"),
        };

        var decided = driver.Start("3");
        driver.Step([.. decided.Select(d => ExecutionDriver.Answer(d, Answer)).OfType<HistoryEvent>()]);
        if (consentArrives)
        {
            driver.Now += TimeSpan.FromMinutes(20);
            driver.Raise("Consent", "\"yes\"");
        }

        var timers = new List<TimerCreatedEvent>();
        for (var step = 0; step < 100 && driver.Completion is null; step++)
        {
            timers.AddRange(driver.Last.OfType<TimerCreatedEvent>());
            var answers = driver.Last.Select(d => ExecutionDriver.Answer(d, Answer)).OfType<HistoryEvent>().ToArray();
            if (answers.Length > 0)
            {
                driver.Step(answers);
            }
            else
            {
                var next = timers.OrderBy(t => t.FireAt).ThenBy(t => t.EventId).First();
                timers.Remove(next);
                driver.Fire(next.EventId);
            }
        }

        return driver;
    }

    private static async Task<string> Racer(TaskOrchestrationContext context, int count)
    {
        var pending = Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Work", i)).ToList();
        using var cancellation = new CancellationTokenSource();
        var deadline = context.CreateTimer(TimeSpan.FromHours(1), cancellation.Token);
        var order = new List<int>();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny([.. pending, deadline]);
            if (done == deadline)
            {
                break;
            }

            pending.Remove((Task<int>)done);
            order.Add(await (Task<int>)done);
            if (order.Count == 1)
            {
                context.SendEvent("observer", "First", order[0]);
            }
        }

        cancellation.Cancel();
        int bonus;
        try
        {
            bonus = await context.WaitForExternalEvent<int>("Bonus", TimeSpan.FromMinutes(5));
        }
        catch (OperationCanceledException)
        {
            bonus = -1;
        }

        return $"{string.Join(",", order)}|{bonus}|{context.NewGuid()}";
    }
}
