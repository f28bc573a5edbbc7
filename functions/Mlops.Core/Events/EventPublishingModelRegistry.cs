using Microsoft.Extensions.Logging;
using Mlops.Core.Registry;

namespace Mlops.Core.Events;

/// <summary>
/// Publishes <c>ModelVersionRegistered</c> and <c>AliasChanged</c> after the registry's write has committed. The event is
/// written after the row, not in its batch (the outbox is another table), so a crash or a storage failure between the two
/// loses the event while the change stands: publishing is at-most-once per change, logged when it fails, and never fails
/// the request (a retried registration would register a second version).
/// </summary>
internal sealed class EventPublishingModelRegistry(
    IModelRegistry inner,
    IEventPublisher publisher,
    PlatformEvents events,
    TimeProvider time,
    ILogger<EventPublishingModelRegistry> logger) : IModelRegistry
{
    /// <summary>The registry that stores (the composition root's <c>TableModelRegistry</c>).</summary>
    public IModelRegistry Inner => inner;

    public async Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default)
    {
        var version = await inner.RegisterVersionAsync(name, onnx, metadata, actor, cancellationToken).ConfigureAwait(false);
        await PublishAsync(() => events.ModelVersionRegistered(version)).ConfigureAwait(false);
        return version;
    }

    public async Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default)
    {
        var previous = await inner.FindAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        var result = await inner.SetAliasAsync(name, alias, version, actor, cancellationToken).ConfigureAwait(false);
        await PublishAsync(() => events.AliasChanged(result.Model, result.Alias, result.Version, previous?.Version, actor, result.UpdatedAt)).ConfigureAwait(false);
        return result;
    }

    public async Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default)
    {
        var previous = await inner.FindAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        await inner.DeleteAliasAsync(name, alias, actor, cancellationToken).ConfigureAwait(false);
        await PublishAsync(() => events.AliasChanged(name, alias, null, previous?.Version, actor, time.GetUtcNow())).ConfigureAwait(false);
    }

    public Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default) =>
        inner.UpdateVersionAsync(name, version, update, actor, cancellationToken);

    public IAsyncEnumerable<RegisteredModel> ListModelsAsync(CancellationToken cancellationToken = default) => inner.ListModelsAsync(cancellationToken);

    public Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default) => inner.FindModelAsync(name, cancellationToken);

    public Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) => inner.GetModelAsync(name, cancellationToken);

    public Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        inner.FindVersionAsync(name, version, cancellationToken);

    public Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        inner.GetVersionAsync(name, version, cancellationToken);

    public IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        inner.ListVersionsAsync(name, cancellationToken);

    public Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        inner.OpenArtifactAsync(version, cancellationToken);

    public Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        inner.FindAliasAsync(name, alias, cancellationToken);

    public Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        inner.GetAliasAsync(name, alias, cancellationToken);

    public Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default) =>
        inner.ResolveAsync(name, reference, cancellationToken);

    public IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, CancellationToken cancellationToken = default) =>
        inner.ListAuditAsync(model, limit, cancellationToken);

    private async Task PublishAsync(Func<Azure.Messaging.CloudEvent> create)
    {
        var cloudEvent = create();
        try
        {
            // Not the request's token: the change is committed, so the event should go out even if the caller left.
            await publisher.PublishAsync(cloudEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            EventsLog.PublishAfterCommitFailed(logger, ex, cloudEvent.Type, cloudEvent.Subject ?? string.Empty);
        }
    }
}
