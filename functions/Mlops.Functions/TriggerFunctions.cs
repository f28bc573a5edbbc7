using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>
/// Blob drops (Event Grid source) and the workflow scheduler's timer. Each hands over to the same Mlops.Core handler the
/// server's blob watcher, Event Grid webhook and scheduler loop use, with Durable's client to start workflows.
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
}
