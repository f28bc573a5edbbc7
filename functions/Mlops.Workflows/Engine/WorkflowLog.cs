using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Engine;

/// <summary>The engine's log messages; event ids 1600-1699 (the Workflows range of Mlops.Core's LogEvents).</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Workflow engine {WorkerId} started on task hub {TaskHub} ({Partitions} partitions)")]
    public static partial void EngineStarted(ILogger logger, string workerId, string taskHub, int partitions);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Partition {Partition} acquired by {WorkerId}")]
    public static partial void PartitionAcquired(ILogger logger, int partition, string workerId);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Partition {Partition} handed from {WorkerId} to {NewOwner}")]
    public static partial void PartitionReleased(ILogger logger, int partition, string workerId, string newOwner);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Partition {Partition} lost by {WorkerId} (its lease was taken)")]
    public static partial void PartitionLost(ILogger logger, int partition, string workerId);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Lease renewal failed for {WorkerId}")]
    public static partial void LeaseError(ILogger logger, string workerId, Exception exception);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Warning, Message = "Polling partition {Partition} failed")]
    public static partial void PollError(ILogger logger, int partition, Exception exception);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Information, Message = "Workflow {Name} instance {InstanceId} ended {Status}")]
    public static partial void InstanceEnded(ILogger logger, string name, string instanceId, WorkflowRuntimeStatus status);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Warning, Message = "A step of instance {InstanceId} failed; reloading it")]
    public static partial void StepFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "Instance {InstanceId} was changed by another host; reloading it")]
    public static partial void CommitConflict(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Debug, Message = "Activity {Name} (#{TaskId}) of instance {InstanceId} failed")]
    public static partial void ActivityFailed(ILogger logger, string name, int taskId, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Warning, Message = "Dropped unreadable message {MessageId} from partition {Partition}")]
    public static partial void PoisonMessage(ILogger logger, string messageId, int partition, Exception exception);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Workflow {Name} instance {InstanceId} failed: {Message}")]
    public static partial void InstanceFailed(ILogger logger, string name, string instanceId, string message);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Starting child {ChildId} of instance {InstanceId} failed; retrying")]
    public static partial void ChildStartFailed(ILogger logger, string childId, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1613, Level = LogLevel.Debug, Message = "Cleanup of instance {InstanceId} failed")]
    public static partial void CleanupFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1614, Level = LogLevel.Information, Message = "Workflow engine {WorkerId} stopped")]
    public static partial void EngineStopped(ILogger logger, string workerId);
}
