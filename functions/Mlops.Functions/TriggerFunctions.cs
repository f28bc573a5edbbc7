using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Events;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>
/// Blob drops (Event Grid source), the workflow scheduler's timer and webhook delivery of platform events. Each hands over
/// to the same Mlops.Core service the server's blob watcher, Event Grid webhook and background loops use.
/// </summary>
public static class TriggerFunctions
{
    [Function(nameof(TrainingDataDropped))]
    public static Task TrainingDataDropped(
        [BlobTrigger("training-data/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        function.InstanceServices.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(blob, DurableWorkflows.Client(client), function.CancellationToken);

    [Function(nameof(ScoringInputDropped))]
    public static Task ScoringInputDropped(
        [BlobTrigger("scoring-input/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        function.InstanceServices.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(blob, DurableWorkflows.Client(client), function.CancellationToken);

    [Function(nameof(FeatureSourceDropped))]
    public static Task FeatureSourceDropped(
        [BlobTrigger("feature-sources/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        function.InstanceServices.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(blob, DurableWorkflows.Client(client), function.CancellationToken);

    [Function(nameof(PipelineScheduler))]
    public static Task PipelineScheduler(
        [TimerTrigger("%Pipelines__Scheduler__Tick%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        function.InstanceServices.GetRequiredService<IWorkflowScheduler>().TickAsync(DurableWorkflows.Client(client), function.CancellationToken);

    [Function(nameof(PlatformEventDelivery))]
    public static Task PlatformEventDelivery(
        [TimerTrigger("%Events__DeliverySchedule%")] TimerInfo timer,
        FunctionContext function) =>
        function.InstanceServices.GetRequiredService<IEventDelivery>().DeliverDueAsync(function.CancellationToken);
}
