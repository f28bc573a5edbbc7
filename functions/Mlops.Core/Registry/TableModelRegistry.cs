using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Mlops.Core.Api;
using Mlops.Core.Artifacts;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Storage;
using Polly;
using Polly.Retry;

namespace Mlops.Core.Registry;

/// <summary>
/// The registry on Azure Storage: artifacts as content-addressed blobs, everything else in one table with a partition
/// per model (see <see cref="RegistryKeys"/>).
/// <para>
/// Version numbers: the artifact is written first; then one entity-group transaction updates the model row's counter
/// (with its ETag) and inserts the version row (key = zero-padded number) and its audit row. Either all three commit or
/// none does, so a crash leaves no reserved-but-missing number (no gap) and no row pointing at a missing blob. Two
/// guards make a number unique: the counter's ETag (412) and the insert of an existing version key (409); either alone
/// suffices, so correctness does not depend on how an emulator treats If-Match inside batches. Losers reread and retry
/// with jittered backoff.
/// </para>
/// </summary>
internal sealed class TableModelRegistry : IModelRegistry
{
    /// <summary>Signature JSON is split over this many string properties at most (64 KiB each) to stay under 1 MiB per entity.</summary>
    private const int MaxSignatureParts = 8;

        private const int AuditFanOut = 8;

    private static readonly string ModelOrAliasFilter =
        $"(RowKey eq '{RegistryKeys.ModelRow}' or (RowKey ge '{RegistryKeys.AliasPrefix}' and RowKey lt '{RegistryKeys.PrefixEnd(RegistryKeys.AliasPrefix)}'))";

    private readonly TableClient _table;
    private readonly ArtifactStore _artifacts;
    private readonly IOnnxModelInspector _inspector;
    private readonly TimeProvider _time;
    private readonly ILogger<TableModelRegistry> _logger;
    private readonly ResiliencePipeline _retry;

    public TableModelRegistry(
        TableServiceClient tables,
        BlobServiceClient blobs,
        StorageNames names,
        IOnnxModelInspector inspector,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(loggers);
        _table = tables.GetTableClient(names.Table(RegistryKeys.Table));
        _artifacts = new ArtifactStore(blobs, names, RegistryKeys.Container, loggers.CreateLogger<ArtifactStore>());
        _inspector = inspector;
        _time = time;
        _logger = loggers.CreateLogger<TableModelRegistry>();
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(ex => ex.Status is 409 or 412),
                MaxRetryAttempts = 50,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                OnRetry = args =>
                {
                    RegistryLog.Contention(_logger, args.Context.OperationKey ?? "?", args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public async IAsyncEnumerable<RegisteredModel> ListModelsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Rows come ordered by partition (model), then row key: a model's alias rows, then its model row.
        var group = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(ModelOrAliasFilter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (group.Count > 0 && group[0].PartitionKey != row.PartitionKey)
            {
                if (ToModel(group) is { } model)
                {
                    yield return model;
                }

                group.Clear();
            }

            group.Add(row);
        }

        if (group.Count > 0 && ToModel(group) is { } last)
        {
            yield return last;
        }
    }

    public async Task<RegisteredModel?> FindModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {name}") + " and " + ModelOrAliasFilter;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return ToModel(rows);
    }

    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        await FindModelAsync(name, cancellationToken).ConfigureAwait(false) ?? throw RegistryChecks.ModelNotFound(name);

    public async Task<ModelVersion> RegisterVersionAsync(string name, Stream onnx, NewModelVersion metadata, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var stored = StoredMetadata.From(metadata);

        var content = await ArtifactContent.ReadAsync(onnx, "model", cancellationToken).ConfigureAwait(false);
        var signature = _inspector.Inspect(content.Bytes);
        var signatureParts = SplitSignature(signature);

        // The blob first: a version row must never point at bytes that are not there.
        var uri = await _artifacts.PutAsync(name, RegistryKeys.ArtifactExtension, content, cancellationToken).ConfigureAwait(false);

        var version = await WithRetryAsync(name, async ct =>
        {
            var modelRow = await FindRowAsync(name, RegistryKeys.ModelRow, ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var number = (modelRow?.GetInt32("LatestVersion") ?? 0) + 1;
            var created = new ModelVersion
            {
                Name = name,
                Version = number,
                Status = ModelVersionStatus.Ready,
                ArtifactUri = uri.AbsoluteUri,
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

            var counter = modelRow is null
                ? new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(name, RegistryKeys.ModelRow)
                {
                    ["LatestVersion"] = number,
                    ["CreatedAt"] = now,
                    ["UpdatedAt"] = now,
                })
                : new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(name, RegistryKeys.ModelRow) { ["LatestVersion"] = number, ["UpdatedAt"] = now },
                    modelRow.ETag);
            var versionText = number.ToString(CultureInfo.InvariantCulture);
            await _table.SubmitTransactionAsync(
                [
                    counter,
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(created, stored, signatureParts)),
                    new TableTransactionAction(TableTransactionActionType.Add, ToAuditEntity(name, now, actor, "version.registered", versionText, null, "sha256:" + content.Sha256)),
                ],
                ct).ConfigureAwait(false);
            return created;
        }, cancellationToken).ConfigureAwait(false);

        RegistryLog.VersionRegistered(_logger, name, version.Version, version.Sha256, version.SizeBytes, actor);
        return version;
    }

    public async Task<ModelVersion?> FindVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        RegistryChecks.CheckVersion(version);
        var row = await FindRowAsync(name, RegistryKeys.VersionRow(version), cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToVersion(row);
    }

    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        await FindVersionAsync(name, version, cancellationToken).ConfigureAwait(false) ?? throw RegistryChecks.VersionNotFound(name, version);

    public async IAsyncEnumerable<ModelVersion> ListVersionsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        var rows = new List<TableEntity>();
        await foreach (var row in QueryPrefixAsync(name, RegistryKeys.VersionPrefix, null, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        // Row keys ascend by number; the contract is newest first.
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            yield return ToVersion(rows[i]);
        }
    }

    public async Task<ModelVersion> UpdateVersionAsync(string name, int version, ModelVersionUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        RegistryChecks.CheckVersion(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        VersionMetadataChange.Validate(update);

        return await WithRetryAsync(name, async ct =>
        {
            var row = await FindRowAsync(name, RegistryKeys.VersionRow(version), ct).ConfigureAwait(false)
                ?? throw await VersionOrModelNotFoundAsync(name, version, ct).ConfigureAwait(false);
            var current = ToVersion(row);
            if (VersionMetadataChange.Apply(current, update) is not { } change)
            {
                return current;
            }

            // Replace the row as read, under its ETag: only the two mutable properties differ, so the immutable ones are
            // written back exactly, and a concurrent update makes this a 412 that rereads and reapplies (never lost).
            if (change.Description is null)
            {
                row.Remove("Description");
            }
            else
            {
                row["Description"] = change.Description;
            }

            row["Tags"] = change.Tags;
            var now = _time.GetUtcNow();
            var target = Text(version);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, row, row.ETag),
                TouchModel(name, now),
            };
            actions.AddRange(change.Audit.Select(a =>
                new TableTransactionAction(TableTransactionActionType.Add, ToAuditEntity(name, now, actor, a.Action, target, a.From, a.To))));
            await _table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            RegistryLog.VersionUpdated(_logger, name, version, string.Join(", ", change.Audit.Select(a => a.Action)), actor);
            return change.ApplyTo(current);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ModelNames.ValidateModel(version.Name);
        if (version.Sha256.Length != 64 || !version.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw MlopsException.Validation($"'{version.Sha256}' is not a lower-case hex SHA-256.", "sha256");
        }

        return _artifacts.OpenReadAsync(version.Name, version.Sha256, RegistryKeys.ArtifactExtension, cancellationToken);
    }

    public async Task<ModelAlias> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        RegistryChecks.CheckVersion(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await RequireReadyAsync(name, version, cancellationToken).ConfigureAwait(false);

        return await WithRetryAsync(name, async ct =>
        {
            var current = await FindRowAsync(name, RegistryKeys.AliasRow(alias), ct).ConfigureAwait(false);
            var from = current?.GetInt32("Version");
            if (from == version)
            {
                return ToAlias(current!);
            }

            var now = _time.GetUtcNow();
            var entity = new TableEntity(name, RegistryKeys.AliasRow(alias))
            {
                ["Alias"] = alias,
                ["Version"] = version,
                ["UpdatedAt"] = now,
                ["UpdatedBy"] = actor,
            };
            await _table.SubmitTransactionAsync(
                [
                    current is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag),
                    TouchModel(name, now),
                    new TableTransactionAction(TableTransactionActionType.Add, ToAuditEntity(name, now, actor, "alias.set", alias, Text(from), Text(version))),
                ],
                ct).ConfigureAwait(false);
            RegistryLog.AliasSet(_logger, name, alias, from, version, actor);
            return ToAlias(entity);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);

        await WithRetryAsync(name, async ct =>
        {
            var current = await FindRowAsync(name, RegistryKeys.AliasRow(alias), ct).ConfigureAwait(false) ?? throw RegistryChecks.AliasNotFound(name, alias);
            var from = current.GetInt32("Version")!.Value;
            var now = _time.GetUtcNow();
            try
            {
                await _table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Delete, current, current.ETag),
                        TouchModel(name, now),
                        new TableTransactionAction(TableTransactionActionType.Add, ToAuditEntity(name, now, actor, "alias.deleted", alias, Text(from), null)),
                    ],
                    ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Deleted by someone else between our read and our delete.
                throw RegistryChecks.AliasNotFound(name, alias);
            }

            RegistryLog.AliasDeleted(_logger, name, alias, from, actor);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelAlias?> FindAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name);
        ModelNames.ValidateAlias(alias);
        var row = await FindRowAsync(name, RegistryKeys.AliasRow(alias), cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToAlias(row);
    }

    public async Task<ModelAlias> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await FindAliasAsync(name, alias, cancellationToken).ConfigureAwait(false) ?? throw RegistryChecks.AliasNotFound(name, alias);

    public async Task<ModelVersion> ResolveAsync(string name, ModelReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ModelNames.ValidateModel(name);
        if (reference.Version is { } number)
        {
            var version = await GetVersionAsync(name, number, cancellationToken).ConfigureAwait(false);
            return RegistryChecks.CheckServable(version);
        }

        var alias = await GetAliasAsync(name, reference.Alias ?? ModelReference.DefaultAlias, cancellationToken).ConfigureAwait(false);
        return await GetVersionAsync(name, alias.Version, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> ListAuditAsync(string? model = null, int limit = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RegistryChecks.CheckLimit(limit);
        if (model is not null)
        {
            ModelNames.ValidateModel(model, "model");
            await foreach (var row in QueryPrefixAsync(model, RegistryKeys.AuditPrefix, limit, cancellationToken).ConfigureAwait(false))
            {
                yield return ToAudit(row);
            }

            yield break;
        }

        // Each model's audit rows sort newest first within its partition; the newest `limit` overall are among the
        // newest `limit` of each model, merged by row key (inverted ticks).
        var models = new List<string>();
        var modelFilter = $"RowKey eq '{RegistryKeys.ModelRow}'";
        await foreach (var row in _table.QueryAsync<TableEntity>(modelFilter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            models.Add(row.PartitionKey);
        }

        var newest = new List<TableEntity>();
        await Parallel.ForEachAsync(
            models,
            new ParallelOptions { MaxDegreeOfParallelism = AuditFanOut, CancellationToken = cancellationToken },
            async (name, ct) =>
            {
                var rows = new List<TableEntity>(limit);
                await foreach (var row in QueryPrefixAsync(name, RegistryKeys.AuditPrefix, limit, ct).ConfigureAwait(false))
                {
                    rows.Add(row);
                }

                lock (newest)
                {
                    newest.AddRange(rows);
                }
            }).ConfigureAwait(false);

        foreach (var row in newest.OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(limit))
        {
            yield return ToAudit(row);
        }
    }

    private async Task RequireReadyAsync(string name, int version, CancellationToken cancellationToken)
    {
        var target = await FindVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
            ?? throw await VersionOrModelNotFoundAsync(name, version, cancellationToken).ConfigureAwait(false);
        RegistryChecks.CheckAliasable(target);
    }

    /// <summary>The 404 for a missing version: naming the model when the model itself is missing.</summary>
    private async Task<MlopsException> VersionOrModelNotFoundAsync(string name, int version, CancellationToken cancellationToken) =>
        await FindRowAsync(name, RegistryKeys.ModelRow, cancellationToken).ConfigureAwait(false) is null
            ? RegistryChecks.ModelNotFound(name)
            : RegistryChecks.VersionNotFound(name, version);

    private async Task<T> WithRetryAsync<T>(string model, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(model, cancellationToken);
        try
        {
            return await _retry.ExecuteAsync(
                static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false),
                context,
                attempt).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw MlopsException.Unavailable($"Model '{model}' is being changed by too many writers at once; retry the request.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<TableEntity?> FindRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private IAsyncEnumerable<TableEntity> QueryPrefixAsync(string partition, string prefix, int? take, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {RegistryKeys.PrefixEnd(prefix)}");
        var rows = _table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken);
        return take is { } n ? rows.Take(n) : rows;
    }

    private static TableTransactionAction TouchModel(string name, DateTimeOffset now) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(name, RegistryKeys.ModelRow) { ["UpdatedAt"] = now }, ETag.All);

    private static RegisteredModel? ToModel(List<TableEntity> rows)
    {
        var model = rows.Find(r => r.RowKey == RegistryKeys.ModelRow);
        if (model is null)
        {
            return null;
        }

        var aliases = rows
            .Where(r => r.RowKey.StartsWith(RegistryKeys.AliasPrefix, StringComparison.Ordinal))
            .ToDictionary(r => r.RowKey[RegistryKeys.AliasPrefix.Length..], r => r.GetInt32("Version")!.Value, StringComparer.Ordinal);
        return new RegisteredModel(
            model.PartitionKey,
            model.GetInt32("LatestVersion") ?? 0,
            aliases,
            model.GetDateTimeOffset("CreatedAt")!.Value,
            model.GetDateTimeOffset("UpdatedAt")!.Value);
    }

    private static string[] SplitSignature(ModelSignature signature)
    {
        var json = JsonSerializer.Serialize(signature, MlopsJson.Options);
        var parts = (json.Length + StoredMetadata.MaxStringChars - 1) / StoredMetadata.MaxStringChars;
        if (parts > MaxSignatureParts)
        {
            throw MlopsException.Unprocessable(
                $"The model's signature (its inputs and outputs) is {json.Length:N0} characters as JSON; the registry stores at most {MaxSignatureParts * StoredMetadata.MaxStringChars:N0}.",
                "model");
        }

        return Enumerable.Range(0, parts)
            .Select(i => json.Substring(i * StoredMetadata.MaxStringChars, Math.Min(StoredMetadata.MaxStringChars, json.Length - (i * StoredMetadata.MaxStringChars))))
            .ToArray();
    }

    private static TableEntity ToEntity(ModelVersion version, StoredMetadata stored, string[] signatureParts)
    {
        var entity = new TableEntity(version.Name, RegistryKeys.VersionRow(version.Version))
        {
            ["Version"] = version.Version,
            ["Status"] = version.Status.ToString(),
            ["ArtifactUri"] = version.ArtifactUri,
            ["Sha256"] = version.Sha256,
            ["SizeBytes"] = version.SizeBytes,
            ["SignatureParts"] = signatureParts.Length,
            ["Description"] = stored.Description,
            ["Tags"] = stored.Tags,
            ["Metrics"] = stored.Metrics,
            ["Parameters"] = stored.Parameters,
            ["Lineage"] = stored.Lineage,
            ["ProfileUri"] = stored.ProfileUri,
            ["ProfileSha256"] = stored.ProfileSha256,
            ["CreatedAt"] = version.CreatedAt,
            ["CreatedBy"] = version.CreatedBy,
        };
        for (var i = 0; i < signatureParts.Length; i++)
        {
            entity["Signature" + i.ToString(CultureInfo.InvariantCulture)] = signatureParts[i];
        }

        return entity;
    }

    private static ModelVersion ToVersion(TableEntity row)
    {
        var signature = new StringBuilder();
        var parts = row.GetInt32("SignatureParts") ?? 0;
        for (var i = 0; i < parts; i++)
        {
            signature.Append(Required(row, "Signature" + i.ToString(CultureInfo.InvariantCulture)));
        }

        var stored = new StoredMetadata(
            row.GetString("Description"),
            Required(row, "Tags"),
            Required(row, "Metrics"),
            Required(row, "Parameters"),
            Required(row, "Lineage"),
            row.GetString("ProfileUri"),
            row.GetString("ProfileSha256"));
        return new ModelVersion
        {
            Name = row.PartitionKey,
            Version = row.GetInt32("Version")!.Value,
            Status = Enum.Parse<ModelVersionStatus>(Required(row, "Status")),
            ArtifactUri = Required(row, "ArtifactUri"),
            Sha256 = Required(row, "Sha256"),
            SizeBytes = row.GetInt64("SizeBytes")!.Value,
            Signature = StoredMetadata.Deserialize<ModelSignature>(signature.ToString()),
            Description = stored.Description,
            Tags = stored.ReadTags(),
            Metrics = stored.ReadMetrics(),
            Parameters = stored.ReadParameters(),
            Lineage = stored.ReadLineage(),
            ProfileUri = stored.ProfileUri,
            ProfileSha256 = stored.ProfileSha256,
            CreatedAt = row.GetDateTimeOffset("CreatedAt")!.Value,
            CreatedBy = Required(row, "CreatedBy"),
        };
    }

    private static ModelAlias ToAlias(TableEntity row) => new(
        row.PartitionKey,
        Required(row, "Alias"),
        row.GetInt32("Version")!.Value,
        row.GetDateTimeOffset("UpdatedAt")!.Value,
        Required(row, "UpdatedBy"));

    private static TableEntity ToAuditEntity(string model, DateTimeOffset now, string actor, string action, string? target, string? from, string? to) =>
        new(model, RegistryKeys.AuditRow(now, Guid.NewGuid().ToString("N")[..12]))
        {
            ["At"] = now,
            ["Actor"] = actor,
            ["Action"] = action,
            ["Model"] = model,
            ["Target"] = target,
            ["From"] = from,
            ["To"] = to,
        };

    private static AuditEntry ToAudit(TableEntity row) => new(
        row.GetDateTimeOffset("At")!.Value,
        Required(row, "Actor"),
        Required(row, "Action"),
        Required(row, "Model"),
        row.GetString("Target"),
        row.GetString("From"),
        row.GetString("To"));

    private static string Required(TableEntity row, string property) =>
        row.GetString(property) ?? throw new InvalidDataException($"Registry row {row.PartitionKey}/{row.RowKey} has no '{property}'.");

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
