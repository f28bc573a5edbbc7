namespace Mlops.Core.Registry;

/// <summary>
/// The model registry: immutable numbered versions with their ONNX artifacts, aliases and an append-only audit log.
/// <c>Get…</c> throws a 404 <see cref="Diagnostics.MlopsException"/> when absent; <c>Find…</c> returns null.
/// </summary>
public interface IModelRegistry
{
    /// <summary>All registered models.</summary>
    IAsyncEnumerable<RegisteredModel> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>A model, or null.</summary>
    Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A model, or a 404.</summary>
    Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates the ONNX file, writes it content-addressed, then records the next version number. Concurrent
    /// registrations of one model get distinct, gap-free numbers. An invalid model is rejected (422) and nothing is stored.
    /// </summary>
    Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default);

    /// <summary>A version, or null.</summary>
    Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>A version, or a 404.</summary>
    Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>A model's versions, newest first.</summary>
    IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a version's description and tags (the only mutable metadata) with optimistic concurrency: a concurrent
    /// update is reread and reapplied, never lost. Each change is audited with its from and to; an update that changes
    /// nothing writes nothing. A missing model or version is a 404; invalid tags or description a 400 with nothing changed.
    /// </summary>
    Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default);

    /// <summary>Opens a version's ONNX artifact for reading.</summary>
    Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>Points an alias at a version (creating or moving it); the version must exist and be ready.</summary>
    Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias, or a 404 when it does not exist.</summary>
    Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default);

    /// <summary>An alias, or null.</summary>
    Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>An alias, or a 404.</summary>
    Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Resolves a reference (version or alias) to a ready version, or a 404 naming what was missing.</summary>
    Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default);

    /// <summary>Audit entries, newest first, optionally for one model.</summary>
    IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, CancellationToken cancellationToken = default);
}
