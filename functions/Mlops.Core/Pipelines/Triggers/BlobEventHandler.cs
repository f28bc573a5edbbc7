using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>Routes blob-created events by container to a workflow start; see <see cref="IBlobEventHandler"/>.</summary>
internal sealed class BlobEventHandler(
    BlobTriggerRoutes routes,
    PipelineLauncher launcher,
    TimeProvider time,
    ILogger<BlobEventHandler> logger) : IBlobEventHandler
{
    public async Task<IReadOnlyList<BlobEventResult>> HandleAsync(
        IReadOnlyList<EventGridEvent> events,
        IPipelineClient? client = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var results = new List<BlobEventResult>(events.Count);
        foreach (var e in events)
        {
            results.Add(await HandleOneAsync(e.Id, e.EventType, e.Subject, e.Data, e.EventTime, client, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public async Task<IReadOnlyList<BlobEventResult>> HandleAsync(
        IReadOnlyList<CloudEvent> events,
        IPipelineClient? client = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var results = new List<BlobEventResult>(events.Count);
        foreach (var e in events)
        {
            results.Add(await HandleOneAsync(e.Id, e.Type, e.Subject, e.Data, e.Time ?? time.GetUtcNow(), client, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public async Task<BlobEventResult> HandleBlobAsync(BlobClient blob, IPipelineClient? client = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var etag = BlobEvents.NormalizeETag(properties.ETag.ToString());
        var drop = new BlobDropSource(
            BlobEvents.Hash(blob.BlobContainerName, blob.Name, etag),
            blob.BlobContainerName,
            blob.Name,
            blob.Uri.ToString(),
            etag,
            properties.ContentType,
            properties.ContentLength,
            properties.LastModified);
        return await DispatchAsync(drop, client, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BlobEventResult> HandleOneAsync(
        string id,
        string type,
        string? subject,
        BinaryData? data,
        DateTimeOffset eventTime,
        IPipelineClient? client,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(type, BlobEvents.BlobCreated, StringComparison.Ordinal))
        {
            return NotRouted(id, type, subject, $"events of type '{type}' start nothing; only {BlobEvents.BlobCreated} does");
        }

        if (!BlobEvents.TryParseSubject(subject, out var container, out var blobName))
        {
            return NotRouted(id, type, subject, $"the subject '{subject}' is not /blobServices/default/containers/{{container}}/blobs/{{name}}");
        }

        var (url, etag, contentType, contentLength) = BlobEvents.ReadData(data);
        if (string.IsNullOrEmpty(etag))
        {
            return new BlobEventResult(id, BlobEventOutcome.Rejected, $"The event for {container}/{blobName} carries no data.eTag, which identifies the blob's content.");
        }

        var drop = new BlobDropSource(id, container, blobName, url ?? string.Empty, BlobEvents.NormalizeETag(etag), contentType, contentLength, eventTime);
        return await DispatchAsync(drop, client, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BlobEventResult> DispatchAsync(BlobDropSource source, IPipelineClient? client, CancellationToken cancellationToken)
    {
        var route = routes.Find(source.Container);
        if (route is null)
        {
            return NotRouted(source.EventId, BlobEvents.BlobCreated, source.Container, $"container '{source.Container}' is not a trigger container");
        }

        var slash = source.BlobName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == source.BlobName.Length - 1)
        {
            return new BlobEventResult(
                source.EventId,
                BlobEventOutcome.Rejected,
                $"Blob '{source.BlobName}' in '{route.Container}' is not under a folder: drop files as {route.Container}/{{name}}/<file>.",
                route.Workflow);
        }

        var workflow = launcher.FindWorkflow(route.Workflow);
        if (workflow is null)
        {
            PipelineLog.NoWorkflowForBlob(logger, route.Workflow, route.Container, source.BlobName, source.EventId);
            return new BlobEventResult(
                source.EventId,
                BlobEventOutcome.NoWorkflowRegistered,
                $"No workflow registered for {route.Workflow}: blob {route.Container}/{source.BlobName} started nothing.",
                route.Workflow);
        }

        var drop = new BlobDrop(
            route.Container,
            source.BlobName,
            source.BlobName[..slash],
            source.Url,
            source.ETag,
            source.ContentType,
            source.ContentLength,
            source.EventTime,
            source.EventId);
        object? input;
        try
        {
            input = launcher.ValidateInput(workflow, route.Input is null ? drop : route.Input(drop));
        }
        catch (MlopsException ex) when (ex.Category is ErrorCategory.Validation or ErrorCategory.Unprocessable)
        {
            return new BlobEventResult(source.EventId, BlobEventOutcome.Rejected, ex.Message, workflow.Name);
        }

        var instanceId = BlobEvents.InstanceId(workflow.Name, route.Container, source.BlobName, source.ETag);
        var started = await launcher.TryStartAsync(launcher.ResolveClient(client), workflow, input, instanceId, cancellationToken).ConfigureAwait(false);
        return started
            ? new BlobEventResult(source.EventId, BlobEventOutcome.Started, $"Started {workflow.Name} for {route.Container}/{source.BlobName}.", workflow.Name, instanceId)
            : new BlobEventResult(source.EventId, BlobEventOutcome.AlreadyStarted, $"{workflow.Name} was already started for this blob and ETag.", workflow.Name, instanceId);
    }

    private BlobEventResult NotRouted(string id, string type, string? subject, string reason)
    {
        PipelineLog.EventNotRouted(logger, id, type, subject, reason);
        return new BlobEventResult(id, BlobEventOutcome.NotRouted, char.ToUpperInvariant(reason[0]) + reason[1..] + ".");
    }

    private sealed record BlobDropSource(
        string EventId,
        string Container,
        string BlobName,
        string Url,
        string ETag,
        string? ContentType,
        long? ContentLength,
        DateTimeOffset EventTime);
}
