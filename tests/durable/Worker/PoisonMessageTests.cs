using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Messages that can never be processed end visibly in the <c>{hub}Poison</c> table, and the
/// instance they were for learns of it — they are never retried forever.
/// </summary>
public sealed class PoisonMessageTests
{
    private const int MaxDequeueCount = 2;

    private static void Waits(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go"));

    // One partition, so that every instance shares the control queue with the poisoned one; a
    // short visibility time-out and lease check, so that redeliveries and restarts come quickly.
    private static void FastRedelivery(AzureStorageOptions options)
    {
        options.PartitionCount = 1;
        options.MaxDequeueCount = MaxDequeueCount;
        options.MessageVisibilityTimeout = TimeSpan.FromSeconds(1);
        options.LeaseRenewInterval = TimeSpan.FromMilliseconds(250);
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("{\"type\":\"telegram\",\"messageId\":\"m-1\"}")]
    [InlineData("{\"type\":\"activity\",\"messageId\":\"m-2\",\"sentAt\":\"2026-03-01T08:00:00+00:00\",\"instanceId\":\"x\",\"executionId\":\"e\",\"taskScheduledId\":1,\"name\":\"SendVisitSms\"}")]
    public async Task ControlQueue_BodyThatIsNotAnOrchestrationMessage_IsMovedToThePoisonTableAndDeleted(string body)
    {
        await using var runtime = await TestRuntime.StartAsync(Waits, FastRedelivery);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Runtime.WaitForIdleAsync();
        var queueName = runtime.Storage.Names.ControlQueue(runtime.Owned.PartitionOf(id));
        var queue = runtime.Account.Queues.GetQueueClient(queueName);

        var sent = await queue.SendMessageAsync(body);
        await runtime.Runtime.WaitForIdleAsync();

        var entry = Assert.Single(await PoisonAsync(runtime));
        Assert.Equal(queueName, entry.QueueName);
        Assert.Equal(sent.Value.MessageId, entry.QueueMessageId);
        Assert.Equal(body, entry.Body);
        Assert.Equal(1, entry.DequeueCount);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);

        // The instance whose queue it was is untouched and still takes its events.
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await runtime.Client.RaiseEventAsync(id, "Go", "still fine");
        Assert.Equal("still fine", (await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(20))).ReadOutputAs<string>());
    }

    /// <summary>
    /// Sent from another process, the message comes through the control queue; sent from the
    /// owner's process, it starts as an inbox row of its instance, and the first step it crashes
    /// gives it back to the control queue (deleting the row), where deliveries are counted.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Message_FailingMoreThanMaxDequeueCountTimes_IsMovedAsideAndFailsOnlyItsInstance(bool sentFromTheOwnersProcess)
    {
        await using var runtime = await TestRuntime.StartAsync(Waits, FastRedelivery);
        var poisoned = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "poisoned" });
        var healthy = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "healthy" });
        await runtime.Runtime.WaitForIdleAsync();

        // A readable message whose event no step can apply: an external event without a name (a
        // buggy or foreign sender), which the SDK's orchestration context cannot look up, so every
        // step that takes it throws.
        var bad = new OrchestrationMessage("bad-message-1", runtime.Clock.GetUtcNow(), poisoned, null, new EventRaisedEvent(-1, "\"no name\""));
        if (sentFromTheOwnersProcess)
        {
            await runtime.Dispatch.SendAsync(bad, CancellationToken.None);
            Assert.Single(await InboxRowsAsync(runtime, poisoned));
        }
        else
        {
            await runtime.Storage.ControlQueue(runtime.Owned.PartitionOf(poisoned)).SendAsync(bad);
        }

        await runtime.Client.RaiseEventAsync(healthy, "Go", "unaffected");

        // Each failed delivery crashes the partition's processor; the worker replaces it at once
        // (well within one lease duration, 15 s here), so three deliveries fit in a few seconds.
        var failed = await runtime.WaitForCompletionAsync(poisoned, TimeSpan.FromSeconds(10));
        var done = await runtime.WaitForCompletionAsync(healthy, TimeSpan.FromSeconds(10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(failed.FailureDetails);
        Assert.Equal(FailureTypes.PoisonMessage, failure.ErrorType);
        Assert.Contains("EventRaised message bad-message-1", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains($"delivered {MaxDequeueCount + 1} times", failure.ErrorMessage, StringComparison.Ordinal);

        var entry = Assert.Single(await PoisonAsync(runtime));
        Assert.Equal("bad-message-1", entry.MessageId);
        Assert.Equal(poisoned, entry.InstanceId);
        Assert.Equal(MaxDequeueCount + 1, entry.DequeueCount);
        Assert.Equal(runtime.Storage.Names.ControlQueue(0), entry.QueueName);
        Assert.Empty(await InboxRowsAsync(runtime, poisoned));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("unaffected", done.ReadOutputAs<string>());
        await runtime.Runtime.WaitForIdleAsync();
        var queue = runtime.Account.Queues.GetQueueClient(runtime.Storage.Names.ControlQueue(0));
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        var history = await runtime.Client.OnlyGenerationAsync(poisoned);
        Assert.Empty(history.OfType<EventRaisedEvent>());
        var end = Assert.Single(history.OfType<ExecutionCompletedEvent>());
        Assert.Equal(OrchestrationStatus.Failed, end.OrchestrationStatus);
        Assert.True(end.FailureDetails!.IsNonRetriable);
    }

    /// <summary>
    /// A process that dies gives nothing back: an inbox row stays, and each recovery that finds it
    /// counts a delivery. One found by more recoveries than the limit is moved aside like a queue's.
    /// </summary>
    [Fact]
    public async Task InboxRow_FoundByMoreRecoveriesThanTheLimit_IsMovedAsideAndFailsOnlyItsInstance()
    {
        await using var runtime = await TestRuntime.StartAsync(Waits, FastRedelivery);
        var poisoned = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "poisoned" });
        var healthy = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "healthy" });
        await runtime.Runtime.WaitForIdleAsync();
        var history = runtime.Account.Tables.GetTableClient(runtime.Storage.Names.HistoryTable);
        var stuck = InboxRows.Create(TableKey.Encode(poisoned), new OrchestrationMessage("stuck-1", runtime.Clock.GetUtcNow(), poisoned, null, new EventRaisedEvent(-1, "\"never\"") { Name = "Go" })).Entity;
        stuck["Deliveries"] = MaxDequeueCount;
        await history.UpsertEntityAsync(stuck);

        // As after a crash: the partition's new processor recovers it from storage.
        runtime.Owned.Get(runtime.Owned.PartitionOf(poisoned))!.Inbox.Crash(new InvalidOperationException("test: recover from storage"));
        var failed = await runtime.WaitForCompletionAsync(poisoned, TimeSpan.FromSeconds(10));
        await runtime.Client.RaiseEventAsync(healthy, "Go", "unaffected");
        var done = await runtime.WaitForCompletionAsync(healthy, TimeSpan.FromSeconds(10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(FailureTypes.PoisonMessage, failed.FailureDetails!.ErrorType);
        Assert.Contains($"delivered {MaxDequeueCount + 1} times", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var entry = Assert.Single(await PoisonAsync(runtime));
        Assert.Equal("stuck-1", entry.MessageId);
        Assert.Equal(runtime.Storage.Names.HistoryTable + "-inbox", entry.QueueName);
        Assert.Empty(await InboxRowsAsync(runtime, poisoned));
        Assert.Empty((await runtime.Client.OnlyGenerationAsync(poisoned)).OfType<EventRaisedEvent>());
        Assert.Equal("unaffected", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityRequest_CrashingEveryDelivery_OrchestrationCatchesANonRetriablePoisonFailure()
    {
        var faults = new CrashActivitiesOf("crashes");
        var attempts = new ConcurrentDictionary<string, int>();
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry
                .AddActivityFunc<string, string>("SendVisitSms", (context, text) =>
                {
                    attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
                    return Task.FromResult("sent " + text);
                })
                .AddOrchestratorFunc<object?, string>("Admission", async (context, _) =>
                {
                    var retries = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(10)));
                    try
                    {
                        return await context.CallActivityAsync<string>("SendVisitSms", "visit 1", retries);
                    }
                    catch (TaskFailedException failed)
                    {
                        return $"caught {failed.FailureDetails.ErrorType}";
                    }
                }),
            FastRedelivery,
            faults: faults);

        var crashing = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { InstanceId = "crashes" });
        var fine = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { InstanceId = "fine" });
        var caught = await runtime.WaitForCompletionAsync(crashing, TimeSpan.FromSeconds(30));
        var sent = await runtime.WaitForCompletionAsync(fine, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, caught.RuntimeStatus);
        Assert.Equal("caught PoisonMessage", caught.ReadOutputAs<string>());
        // The first run is local (the partition owner ran it without a queue message); its crash
        // recovers the partition, which sends the request to the work-item queue: then it is
        // delivered MaxDequeueCount times and poisoned at the next delivery.
        Assert.Equal(1 + MaxDequeueCount, faults.Crashes);
        Assert.False(attempts.ContainsKey(crashing));
        Assert.Equal("sent visit 1", sent.ReadOutputAs<string>());

        // Non-retriable: the retry policy (DurableTask.Core's, which honours the flag) did not schedule the activity again.
        var history = await runtime.Client.OnlyGenerationAsync(crashing);
        Assert.Single(history.OfType<TaskScheduledEvent>());
        var failure = Assert.Single(history.OfType<TaskFailedEvent>()).FailureDetails!;
        Assert.True(failure.IsNonRetriable);
        Assert.Equal(FailureTypes.PoisonMessage, failure.ErrorType);
        Assert.Contains("Activity 'SendVisitSms'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains($"delivered {MaxDequeueCount + 1} times", failure.ErrorMessage, StringComparison.Ordinal);

        var entry = Assert.Single(await PoisonAsync(runtime));
        Assert.Equal(runtime.Storage.Names.WorkItemQueue, entry.QueueName);
        Assert.Equal(crashing, entry.InstanceId);
        Assert.Contains("\"type\":\"activity\"", entry.Body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"SendVisitSms\"", entry.Body, StringComparison.Ordinal);
    }

    private static async Task<List<PoisonEntry>> PoisonAsync(TestRuntime runtime)
    {
        var entries = new List<PoisonEntry>();
        await foreach (var entry in runtime.Storage.Poison.ListAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Crashes every run of an activity for one instance, as a process that dies mid-activity would.</summary>
    private sealed class CrashActivitiesOf(string crashingInstanceId) : IFaultInjector
    {
        private int _crashes;

        public int Crashes => Volatile.Read(ref _crashes);

        public void At(FaultPoint point, string instanceId)
        {
            if (point == FaultPoint.DuringActivity && instanceId == crashingInstanceId)
            {
                Interlocked.Increment(ref _crashes);
                throw new InjectedFaultException(point, instanceId);
            }
        }
    }

    /// <summary>The instance's inbox rows (messages sent from the owner's process, not yet consumed).</summary>
    private static async Task<List<string>> InboxRowsAsync(TestRuntime runtime, string instanceId) =>
        [.. (await runtime.Storage.Instances.ReadStateAndInboxAsync(instanceId)).Inbox.Select(row => row.RowKey)];
}
