using HaH.Orchestration.Durable.Activities;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// Puts together what one owned partition runs on: its in-memory state, the pieces of a step
/// (load, execute, commit, deliver, index, clean up), recovery, the control-queue receiver and
/// the processor's loop, each given the storage seams and process services it uses. A new set for
/// every lease taken, and for every restart after a crash.
/// </summary>
internal sealed class PartitionProcessorFactory(
    TaskHubStorage storage,
    OrchestrationTasks tasks,
    ActivityRunner activities,
    MessageDispatch dispatch,
    WorkInFlight inFlight,
    LocalFinishes finishes,
    AzureStorageOptions options,
    TimeProvider clock,
    IFaultInjector faults,
    ILogger logger)
{
    public PartitionProcessor Create(int partitionNumber)
    {
        var wake = new AsyncSignal();
        var partition = new OwnedPartition(partitionNumber, options.MaxCachedInstances, wake);
        var controlQueue = storage.ControlQueue(partitionNumber);
        var cleanUps = new StepCleanUps(partitionNumber, controlQueue, storage.Instances, inFlight, logger);
        var steps = new StepRunner(
            partition,
            new InstanceLoader(partition, storage.Instances, clock),
            new StepExecutor(tasks, storage.Instances),
            new StepCommitter(partition, storage.Instances, controlQueue, faults, logger),
            new OutboxDelivery(partition, storage.Instances, dispatch, activities, logger),
            new IndexUpdates(storage.Index, cleanUps),
            cleanUps,
            inFlight,
            finishes,
            clock,
            faults,
            logger);
        var poison = new PoisonMessages(storage.Poison, options.MaxDequeueCount, logger, steps.FailAsync);
        return new PartitionProcessor(
            partition,
            wake,
            new PartitionRecovery(partition, storage.Index, storage.Instances, dispatch, poison, inFlight, clock, logger),
            new ControlQueueReceiver(controlQueue, poison, options),
            steps,
            cleanUps,
            new PartitionHandOver(storage.Instances, controlQueue),
            inFlight,
            options,
            clock);
    }
}
