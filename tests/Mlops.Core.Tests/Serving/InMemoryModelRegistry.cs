using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Serving;

/// <summary>A tiny in-memory registry for serving tests: versions, aliases and a count of artifact reads.</summary>
public sealed class InMemoryModelRegistry : IModelRegistry
{
    private readonly ConcurrentDictionary<(string, int), (ModelVersion Version, byte[] Onnx)> _versions = new();
    private readonly ConcurrentDictionary<(string, string), int> _aliases = new();
    private readonly IOnnxModelInspector _inspector = new OnnxModelInspector();
    private int _artifactReads;

    public int ArtifactReads => Volatile.Read(ref _artifactReads);

    /// <summary>When set, artifact reads wait for it (to hold loads in flight).</summary>
    public TaskCompletionSource? ArtifactGate { get; set; }

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

    /// <summary>Replaces a version's bytes without changing its recorded digest (a corrupted artifact).</summary>
    public void Corrupt(string name, int version)
    {
        var (record, onnx) = _versions[(name, version)];
        var corrupted = (byte[])onnx.Clone();
        corrupted[^1] ^= 0xFF;
        _versions[(name, version)] = (record, corrupted);
    }

    public async IAsyncEnumerable<RegisteredModel> ListModelsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in _versions.Keys.Select(k => k.Item1).Distinct())
        {
            yield return (await FindModelAsync(name, cancellationToken))!;
        }
    }

    public Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default)
    {
        var versions = _versions.Where(v => v.Key.Item1 == name).Select(v => v.Value.Version).ToList();
        if (versions.Count == 0)
        {
            return Task.FromResult<RegisteredModel?>(null);
        }

        var aliases = _aliases.Where(a => a.Key.Item1 == name).ToDictionary(a => a.Key.Item2, a => a.Value);
        return Task.FromResult<RegisteredModel?>(new RegisteredModel(
            name, versions.Max(v => v.Version), aliases, versions.Min(v => v.CreatedAt), versions.Max(v => v.CreatedAt)));
    }

    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        await FindModelAsync(name, cancellationToken) ?? throw MlopsException.NotFound($"Model '{name}' does not exist.", "name");

    public async Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await onnx.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var signature = _inspector.Inspect(bytes);
        lock (_versions)
        {
            var number = _versions.Keys.Where(k => k.Item1 == name).Select(k => k.Item2).DefaultIfEmpty(0).Max() + 1;
            var version = new ModelVersion
            {
                Name = name,
                Version = number,
                Status = ModelVersionStatus.Ready,
                ArtifactUri = $"memory://models/{name}/{number}",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                SizeBytes = bytes.Length,
                Signature = signature,
                CreatedAt = DateTimeOffset.UnixEpoch.AddMinutes(number),
                CreatedBy = actor,
            };
            _versions[(name, number)] = (version, bytes);
            return version;
        }
    }

    public Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(_versions.TryGetValue((name, version), out var entry) ? entry.Version : null);

    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        await FindVersionAsync(name, version, cancellationToken)
        ?? throw MlopsException.NotFound($"Model '{name}' has no version {version}.", "version");

    public async IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in _versions.Where(v => v.Key.Item1 == name).OrderByDescending(v => v.Key.Item2))
        {
            yield return entry.Value.Version;
        }
    }

    public async Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _artifactReads);
        if (ArtifactGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return new MemoryStream(_versions[(version.Name, version.Version)].Onnx, writable: false);
    }

    public async Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(name, version, cancellationToken);
        _aliases[(name, alias)] = version;
        return new ModelAlias(name, alias, version, DateTimeOffset.UnixEpoch, actor);
    }

    public Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default) =>
        _aliases.TryRemove((name, alias), out _)
            ? Task.CompletedTask
            : throw MlopsException.NotFound($"Model '{name}' has no alias '{alias}'.", "alias");

    public Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        Task.FromResult(_aliases.TryGetValue((name, alias), out var version)
            ? new ModelAlias(name, alias, version, DateTimeOffset.UnixEpoch, "test")
            : null);

    public async Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await FindAliasAsync(name, alias, cancellationToken)
        ?? throw MlopsException.NotFound($"Model '{name}' has no alias '{alias}'.", "alias");

    public async Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken);
        if (reference.Version is { } number)
        {
            return await GetVersionAsync(name, number, cancellationToken);
        }

        var alias = await GetAliasAsync(name, reference.Alias ?? ModelReference.DefaultAlias, cancellationToken);
        return await GetVersionAsync(name, alias.Version, cancellationToken);
    }

    public async IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield break;
    }
}
