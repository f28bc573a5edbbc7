using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Events;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>The <c>PublishPipelineEvent</c> activity: turns a finished run into <c>PipelineCompleted</c> or <c>PipelineFailed</c>.</summary>
internal static class PublishPipelineEventActivity
{
    public static async Task<bool> RunAsync(PipelineEventRequest request, ActivityContext context, CancellationToken cancellationToken)
    {
        var events = context.Services.GetRequiredService<PlatformEvents>();
        var publisher = context.Services.GetRequiredService<IEventPublisher>();
        var at = new DateTimeOffset(DateTime.SpecifyKind(request.FinishedAt, DateTimeKind.Utc));
        var cloudEvent = request.Succeeded
            ? events.PipelineCompleted(request.EventId, request.Workflow, request.InstanceId, at, request.Output)
            : events.PipelineFailed(request.EventId, request.Workflow, request.InstanceId, at, request.ErrorType, request.ErrorMessage);
        await publisher.PublishAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
