using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Log messages of pipelines and their triggers (1600–1699).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = LogEvents.Workflows + 1, Level = LogLevel.Information, Message = "Started workflow {Workflow} as instance {InstanceId}")]
    public static partial void Started(ILogger logger, string workflow, string instanceId);

    [LoggerMessage(EventId = LogEvents.Workflows + 2, Level = LogLevel.Information, Message = "Workflow {Workflow} instance {InstanceId} already exists ({Status}); nothing started")]
    public static partial void AlreadyStarted(ILogger logger, string workflow, string instanceId, WorkflowRuntimeStatus status);

    [LoggerMessage(EventId = LogEvents.Workflows + 10, Level = LogLevel.Warning, Message = "No workflow registered for {Workflow}: blob {Container}/{Blob} (event {EventId}) starts nothing")]
    public static partial void NoWorkflowForBlob(ILogger logger, string workflow, string container, string blob, string eventId);

    [LoggerMessage(EventId = LogEvents.Workflows + 11, Level = LogLevel.Debug, Message = "Event {EventId} of type {EventType} ({Subject}) is not routed: {Reason}")]
    public static partial void EventNotRouted(ILogger logger, string eventId, string eventType, string? subject, string reason);

    [LoggerMessage(EventId = LogEvents.Workflows + 12, Level = LogLevel.Information, Message = "Event Grid subscription validation answered for topic {Topic}")]
    public static partial void SubscriptionValidated(ILogger logger, string? topic);

    [LoggerMessage(EventId = LogEvents.Workflows + 13, Level = LogLevel.Warning, Message = "Blob event {EventId} for {Container}/{Blob} failed and will be retried: {Reason}")]
    public static partial void BlobEventFailed(ILogger logger, Exception exception, string eventId, string container, string blob, string reason);

    [LoggerMessage(EventId = LogEvents.Workflows + 20, Level = LogLevel.Debug, Message = "Blob watcher raised {Count} event(s) for container {Container}")]
    public static partial void WatcherRaised(ILogger logger, int count, string container);

    [LoggerMessage(EventId = LogEvents.Workflows + 21, Level = LogLevel.Warning, Message = "Blob watcher poll of container {Container} failed; retrying next poll")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string container);

    [LoggerMessage(EventId = LogEvents.Workflows + 30, Level = LogLevel.Information, Message = "Schedule {Key} due at {DueAt}: started {Workflow} as {InstanceId}")]
    public static partial void ScheduleStarted(ILogger logger, string key, DateTimeOffset dueAt, string workflow, string instanceId);

    [LoggerMessage(EventId = LogEvents.Workflows + 31, Level = LogLevel.Information, Message = "Schedule {Key} due at {DueAt} skipped: {Reason}")]
    public static partial void ScheduleSkipped(ILogger logger, string key, DateTimeOffset dueAt, string reason);

    [LoggerMessage(EventId = LogEvents.Workflows + 32, Level = LogLevel.Warning, Message = "Schedule {Key} is invalid and ignored: {Reason}")]
    public static partial void ScheduleInvalid(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = LogEvents.Workflows + 33, Level = LogLevel.Warning, Message = "Schedule {Key} failed at {DueAt}; retrying on the next tick")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception, string key, DateTimeOffset dueAt);

    [LoggerMessage(EventId = LogEvents.Workflows + 40, Level = LogLevel.Warning, Message = "Publishing {EventType} for workflow {Workflow} instance {InstanceId} failed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string eventType, string workflow, string instanceId);
}
