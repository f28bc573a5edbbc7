using Mlops.Core.Registry;
using Mlops.Core.Tests.Registry;

namespace Mlops.Core.Tests.Serving;

/// <summary>
/// The registry area's in-memory registry, instrumented for serving tests: counts artifact reads, can hold them in
/// flight, and can hand out corrupted bytes for a version.
/// </summary>
public sealed class ServingRegistry(IModelRegistry? inner = null) : IModelRegistry
{
    private readonly IModelRegistry _inner = inner ?? new InMemoryModelRegistry();
    private readonly HashSet<(string, int)> _corrupted = [];
    private int _artifactReads;

    public int ArtifactReads => Volatile.Read(ref _artifactReads);

    /// <summary>When set, artifact reads wait for it (to hold loads in flight).</summary>
    public TaskCompletionSource? ArtifactGate { get; set; }

    /// <summary>Registers a version and optionally points an alias at it.</summary>
    public async Task<ModelVersion> AddAsync(string name, byte[] onnx, string? alias = null)
    {
        await using var stream = new MemoryStream(onnx);
        var version = await RegisterVersionAsync(name, stream, new NewModelVersion(), "test");
        if (alias is not null)
        {
            await SetAliasAsync(name, alias, version.Version, "test");
        }

        return version;
    }

    /// <summary>From now on the version's artifact reads return bytes that do not match its digest.</summary>
    public void Corrupt(string name, int version)
    {
        lock (_corrupted)
        {
            _corrupted.Add((name, version));
        }
    }

    public async Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        Interlocked.Increment(ref _artifactReads);
        if (ArtifactGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        var stream = await _inner.OpenArtifactAsync(version, cancellationToken);
        bool corrupted;
        lock (_corrupted)
        {
            corrupted = _corrupted.Contains((version.Name, version.Version));
        }

        if (!corrupted)
        {
            return stream;
        }

        var copy = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(copy, cancellationToken);
        }

        copy.GetBuffer()[copy.Length - 1] ^= 0xFF;
        copy.Position = 0;
        return copy;
    }

    public IAsyncEnumerable<RegisteredModel> ListModelsAsync(CancellationToken cancellationToken = default) => _inner.ListModelsAsync(cancellationToken);

    public Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default) => _inner.FindModelAsync(name, cancellationToken);

    public Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) => _inner.GetModelAsync(name, cancellationToken);

    public Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default) =>
        _inner.RegisterVersionAsync(name, onnx, metadata, actor, cancellationToken);

    public Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default) => _inner.FindVersionAsync(name, version, cancellationToken);

    public Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) => _inner.GetVersionAsync(name, version, cancellationToken);

    public IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, CancellationToken cancellationToken = default) => _inner.ListVersionsAsync(name, cancellationToken);

    public Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default) =>
        _inner.UpdateVersionAsync(name, version, update, actor, cancellationToken);

    public Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default) =>
        _inner.SetAliasAsync(name, alias, version, actor, cancellationToken);

    public Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default) =>
        _inner.DeleteAliasAsync(name, alias, actor, cancellationToken);

    public Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default) => _inner.FindAliasAsync(name, alias, cancellationToken);

    public Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) => _inner.GetAliasAsync(name, alias, cancellationToken);

    public Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default) =>
        _inner.ResolveAsync(name, reference, cancellationToken);

    public IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, CancellationToken cancellationToken = default) =>
        _inner.ListAuditAsync(model, limit, cancellationToken);
}
