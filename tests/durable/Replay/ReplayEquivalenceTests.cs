using FsCheck.Xunit;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

/// <summary>A kept session and a fresh session replaying the whole history must produce the same steps.</summary>
public sealed class ReplayEquivalenceTests
{
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
        catch (TimeoutException)
        {
            consent = "none";
        }

        var child = await context.CallSubOrchestratorAsync<string>("Child", consent, new SubOrchestrationOptions { Retry = new RetryPolicy(3, TimeSpan.FromMinutes(1)) });
        var flaky = await context.CallActivityAsync<int>("Flaky", null, new TaskOptions { Retry = new RetryPolicy(4, TimeSpan.FromSeconds(30), 2) });
        await context.CreateTimer(TimeSpan.FromDays(2), CancellationToken.None);
        context.SetCustomStatus(new { Done = true });
        return $"{checks.Sum()}:{consent}:{child}:{flaky}:{reservation}";
    }

    private static ReplayDriver RunAdmission(bool replayEveryStep, bool consentArrives)
    {
        var driver = new ReplayDriver(new FuncOrchestrator<int, string>(Admission), replayEveryStep);
        driver.Activities["Check"] = input => int.Parse(input!, System.Globalization.CultureInfo.InvariantCulture) * 10;
        var flakyCalls = 0;
        driver.Activities["Flaky"] = _ => ++flakyCalls < 3 ? throw new InvalidOperationException("try again") : 7;
        var childCalls = 0;
        driver.SubOrchestrations["Child"] = input => ++childCalls < 2 ? throw new InvalidOperationException("child failed") : "child:" + PayloadSerializer.Deserialize<string>(input);

        var afterChecks = driver.Continue(driver.Start(3), maxSteps: 1);
        if (consentArrives)
        {
            driver.Now += TimeSpan.FromMinutes(20);
            afterChecks = driver.Raise("Consent", "yes");
        }

        driver.Continue(afterChecks);
        return driver;
    }

    private static void AssertSameRun(ReplayDriver expected, ReplayDriver actual)
    {
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.Actions.Where(a => a is not ContinueAsNew), actual.Actions.Where(a => a is not ContinueAsNew));
        Assert.Equal(expected.Steps.Select(s => (s.CustomStatus, s.CustomStatusChanged, s.IsCompleted)), actual.Steps.Select(s => (s.CustomStatus, s.CustomStatusChanged, s.IsCompleted)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Execute_KeptSessionVersusFreshReplayEveryStep_GiveIdenticalHistoryAndActions(bool consentArrives)
    {
        var kept = RunAdmission(replayEveryStep: false, consentArrives);
        var replayed = RunAdmission(replayEveryStep: true, consentArrives);

        Assert.True(kept.Last.IsCompleted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, kept.Last.Completion?.Status);
        Assert.StartsWith(consentArrives ? "\"30:yes:child:yes:7:" : "\"30:none:child:none:7:", kept.Last.Completion?.Output, StringComparison.Ordinal);
        Assert.True(kept.Steps.Count > 8);
        AssertSameRun(kept, replayed);
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
        catch (TimeoutException)
        {
            bonus = -1;
        }

        return $"{string.Join(",", order)}|{bonus}|{context.NewGuid()}";
    }

    [Property(MaxTest = 60)]
    public void Execute_AnyOrderAndGroupingOfInputs_KeptAndReplayedSessionsAgree(int countSeed, int seed)
    {
        var count = 1 + Math.Abs(countSeed % 5);
        var random = new Random(seed);
        var kept = new ReplayDriver(new FuncOrchestrator<int, string>(Racer));
        var replayed = new ReplayDriver(new FuncOrchestrator<int, string>(Racer), replayEveryStep: true);
        var first = kept.Start(count);
        replayed.Start(count);

        // Every possible input, shuffled, in random groups: completions, the deadline, the bonus event, a duplicate.
        List<HistoryEvent> inputs = [.. first.Actions.OfType<ScheduleActivity>().Select(a => new TaskCompleted(a.TaskScheduledId, a.Input))];
        var deadline = first.Actions.OfType<CreateTimer>().Single();
        inputs.Add(new TimerFired(deadline.TimerId, deadline.FireAt));
        inputs.Add(new EventRaised("Bonus", "5"));
        inputs.Add(inputs[0]);
        var shuffled = inputs.OrderBy(_ => random.Next()).ToList();
        while (shuffled.Count > 0)
        {
            var take = random.Next(1, Math.Min(3, shuffled.Count) + 1);
            var group = shuffled.Take(take).ToArray();
            shuffled.RemoveRange(0, take);
            kept.Now = replayed.Now = kept.Now.AddMinutes(random.Next(0, 90));
            kept.Step(group);
            replayed.Step(group);
        }

        // Let a pending bonus timer fire, if any.
        var bonusTimer = kept.Last.IsCompleted ? null : kept.History.OfType<TimerCreated>().LastOrDefault(t => t.EventId != deadline.TimerId);
        if (bonusTimer is not null)
        {
            kept.FireTimer(bonusTimer.EventId);
            replayed.FireTimer(bonusTimer.EventId);
        }

        Assert.True(kept.Last.IsCompleted);
        AssertSameRun(kept, replayed);
    }
}
