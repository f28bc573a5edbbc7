using System.Security.Cryptography;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Benchmarks;

/// <summary>
/// A registry holding one model with version 1 as <c>champion</c>, for the in-process benchmark: serving reads the
/// registry only to resolve the alias (cached) and to load the artifact (once), so storage is not on the measured path.
/// Writes are not supported.
/// </summary>
internal sealed class InMemoryRegistry : IModelRegistry
{
    private readonly byte[] _onnx;
    private readonly ModelVersion _version;

    public InMemoryRegistry(string name, byte[] onnx, IOnnxModelInspector inspector, TimeProvider time)
    {
        _onnx = onnx;
        _version = new ModelVersion
        {
            Name = name,
            Version = 1,
            Status = ModelVersionStatus.Ready,
            ArtifactUri = $"memory://{name}/1",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)),
            SizeBytes = onnx.LongLength,
            Signature = inspector.Inspect(onnx),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = "bench",
        };
    }

    public Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var found = name == _version.Name
            && (reference.Version is null ? reference.Alias == ModelReference.DefaultAlias : reference.Version == _version.Version);
        return found ? Task.FromResult(_version) : throw MlopsException.NotFound($"No {reference} for model '{name}'.", "name");
    }

    public Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new MemoryStream(_onnx, writable: false));

    public Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(name == _version.Name && version == _version.Version ? _version : null);

    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        await FindVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
        ?? throw MlopsException.NotFound($"Model '{name}' has no version {version}.", "version");

    public IAsyncEnumerable<RegisteredModel> ListModelsAsync(CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) => throw Unsupported();

    public IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    private static NotSupportedException Unsupported() => new("The benchmark registry only serves its one model.");
}
