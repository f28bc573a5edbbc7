using System.Globalization;
using System.Runtime.CompilerServices;
using Mlops.Core.Artifacts;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Registry;

/// <summary>
/// The registry in memory, for unit tests of the areas that use it (serving, training, promotion). It validates with
/// the same checks as the storage-backed registry and passes the same contract suite (<see cref="ModelRegistryContract"/>).
/// By default it inspects uploads with the real ONNX inspector, so a test registers real models (e.g. <c>SampleModels</c>).
/// </summary>
public sealed class InMemoryModelRegistry(IOnnxModelInspector? inspector = null, TimeProvider? time = null) : IModelRegistry
{
    private readonly IOnnxModelInspector _inspector = inspector ?? new OnnxModelInspector();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SortedDictionary<string, Model> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, AuditEntry Entry)> _audit = [];
    private long _sequence;

    public async IAsyncEnumerable<RegisteredModel> ListModelsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        List<RegisteredModel> models;
        lock (_lock)
        {
            models = _models.Values.Select(m => m.ToRegistered()).ToList();
        }

        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return model;
        }
    }

    public Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        lock (_lock)
        {
            return Task.FromResult(_models.GetValueOrDefault(name)?.ToRegistered());
        }
    }

    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        await FindModelAsync(name, cancellationToken) ?? throw RegistryChecks.ModelNotFound(name);

    public async Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var stored = StoredMetadata.From(metadata);
        var content = await ArtifactContent.ReadAsync(onnx, "model", cancellationToken);
        var signature = _inspector.Inspect(content.Bytes);
        var blob = ArtifactStore.BlobName(name, content.Sha256, ".onnx");

        lock (_lock)
        {
            _artifacts.TryAdd(blob, content.Bytes.ToArray());
            var now = _time.GetUtcNow();
            if (!_models.TryGetValue(name, out var model))
            {
                model = new Model(name, now);
                _models.Add(name, model);
            }

            var version = new ModelVersion
            {
                Name = name,
                Version = model.Versions.Count + 1,
                Status = ModelVersionStatus.Ready,
                ArtifactUri = "memory://models/" + blob,
                Sha256 = content.Sha256,
                SizeBytes = content.Length,
                Signature = signature,
                Description = stored.Description,
                Tags = stored.ReadTags(),
                Metrics = stored.ReadMetrics(),
                Parameters = stored.ReadParameters(),
                Lineage = stored.ReadLineage(),
                ProfileUri = stored.ProfileUri,
                ProfileSha256 = stored.ProfileSha256,
                CreatedAt = now,
                CreatedBy = actor,
            };
            model.Versions.Add(version);
            model.UpdatedAt = now;
            Audit(now, actor, "version.registered", name, Text(version.Version), null, "sha256:" + content.Sha256);
            return version;
        }
    }

    public Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        RegistryChecks.CheckVersion(version);
        lock (_lock)
        {
            return Task.FromResult(FindVersion(name, version));
        }
    }

    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        await FindVersionAsync(name, version, cancellationToken) ?? throw RegistryChecks.VersionNotFound(name, version);

    public async IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        await Task.Yield();
        List<ModelVersion> versions;
        lock (_lock)
        {
            versions = _models.TryGetValue(name, out var model) ? model.Versions.AsEnumerable().Reverse().ToList() : [];
        }

        foreach (var version in versions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return version;
        }
    }

    public Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        RegistryChecks.CheckVersion(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        VersionMetadataChange.Validate(update);
        lock (_lock)
        {
            var model = _models.GetValueOrDefault(name) ?? throw RegistryChecks.ModelNotFound(name);
            var current = FindVersion(name, version) ?? throw RegistryChecks.VersionNotFound(name, version);
            if (VersionMetadataChange.Apply(current, update) is not { } change)
            {
                return Task.FromResult(current);
            }

            var updated = change.ApplyTo(current);
            model.Versions[version - 1] = updated;
            var now = _time.GetUtcNow();
            model.UpdatedAt = now;
            foreach (var record in change.Audit)
            {
                Audit(now, actor, record.Action, name, Text(version), record.From, record.To);
            }

            return Task.FromResult(updated);
        }
    }

    public Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ModelNames.ValidateModel(version.Name);
        lock (_lock)
        {
            return _artifacts.TryGetValue(ArtifactStore.BlobName(version.Name, version.Sha256, ".onnx"), out var bytes)
                ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
                : throw Diagnostics.MlopsException.NotFound($"The artifact of {version.Name} version {version.Version} is missing.", "artifact");
        }
    }

    public Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        RegistryChecks.CheckVersion(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_lock)
        {
            var model = _models.GetValueOrDefault(name) ?? throw RegistryChecks.ModelNotFound(name);
            RegistryChecks.CheckAliasable(FindVersion(name, version) ?? throw RegistryChecks.VersionNotFound(name, version));
            var current = model.Aliases.GetValueOrDefault(alias);
            if (current?.Version == version)
            {
                return Task.FromResult(current);
            }

            var now = _time.GetUtcNow();
            var updated = new ModelAlias(name, alias, version, now, actor);
            model.Aliases[alias] = updated;
            model.UpdatedAt = now;
            Audit(now, actor, "alias.set", name, alias, Text(current?.Version), Text(version));
            return Task.FromResult(updated);
        }
    }

    public Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_lock)
        {
            if (_models.GetValueOrDefault(name) is not { } model || !model.Aliases.Remove(alias, out var removed))
            {
                throw RegistryChecks.AliasNotFound(name, alias);
            }

            var now = _time.GetUtcNow();
            model.UpdatedAt = now;
            Audit(now, actor, "alias.deleted", name, alias, Text(removed.Version), null);
            return Task.CompletedTask;
        }
    }

    public Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        lock (_lock)
        {
            return Task.FromResult(_models.GetValueOrDefault(name)?.Aliases.GetValueOrDefault(alias));
        }
    }

    public async Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await FindAliasAsync(name, alias, cancellationToken) ?? throw RegistryChecks.AliasNotFound(name, alias);

    public async Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ModelNames.ValidateModel(name);
        if (reference.Version is { } number)
        {
            return RegistryChecks.CheckServable(await GetVersionAsync(name, number, cancellationToken));
        }

        var alias = await GetAliasAsync(name, reference.Alias ?? ModelReference.DefaultAlias, cancellationToken);
        return await GetVersionAsync(name, alias.Version, cancellationToken);
    }

    public async IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RegistryChecks.CheckLimit(limit);
        if (model is not null)
        {
            ModelNames.ValidateModel(model, "model");
        }

        await Task.Yield();
        List<AuditEntry> entries;
        lock (_lock)
        {
            entries = _audit
                .Where(a => model is null || a.Entry.Model == model)
                .OrderByDescending(a => a.Entry.Timestamp)
                .ThenByDescending(a => a.Sequence)
                .Take(limit)
                .Select(a => a.Entry)
                .ToList();
        }

        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    /// <summary>How many distinct artifacts are stored for <paramref name="model"/>.</summary>
    public int CountArtifacts(string model)
    {
        lock (_lock)
        {
            return _artifacts.Keys.Count(k => k.StartsWith(model + "/", StringComparison.Ordinal));
        }
    }

    private ModelVersion? FindVersion(string name, int version) =>
        _models.TryGetValue(name, out var model) && version <= model.Versions.Count ? model.Versions[version - 1] : null;

    private void Audit(DateTimeOffset now, string actor, string action, string model, string? target, string? from, string? to) =>
        _audit.Add((++_sequence, new AuditEntry(now, actor, action, model, target, from, to)));

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private sealed class Model(string name, DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public List<ModelVersion> Versions { get; } = [];

        public SortedDictionary<string, ModelAlias> Aliases { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public RegisteredModel ToRegistered() => new(
            name,
            Versions.Count,
            Aliases.Values.ToDictionary(a => a.Alias, a => a.Version, StringComparer.Ordinal),
            CreatedAt,
            UpdatedAt);
    }
}
