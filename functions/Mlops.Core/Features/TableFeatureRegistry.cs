using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Features;

/// <summary>
/// Feature view definitions in one table, a partition per view: a row per version (<c>v000000001</c>, ...) and a
/// <c>latest</c> row that repeats the newest version, so listing the catalog is one query. A new version is one
/// entity-group transaction inserting the version row and updating <c>latest</c> with its ETag; the insert of an existing
/// version key (409) alone already makes concurrent definers take distinct numbers, whatever the emulator does with If-Match.
/// Reads are cached: a given version forever (versions never change), the latest for <see cref="LatestCacheTime"/>, so
/// an online lookup does not pay a table read for the view on every request.
/// </summary>
internal sealed class TableFeatureRegistry : IFeatureRegistry
{
    // A 64 KiB string property holds 32K UTF-16 characters.
    private const int MaxDefinitionChars = 32 * 1024;
    private const int MaxAttempts = 8;
    private const int MaxCachedVersions = 10_000;

    /// <summary>How long another process's new version can stay unseen by this one.</summary>
    public static readonly TimeSpan LatestCacheTime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (FeatureView View, DateTimeOffset Until)> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, int Version), FeatureView> _versions = new();

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger<TableFeatureRegistry> _logger;

    public TableFeatureRegistry(TableServiceClient tables, StorageNames names, TimeProvider time, ILogger<TableFeatureRegistry> logger)
    {
        _table = tables.GetTableClient(names.Table(FeatureStoreNames.ViewsTable));
        _time = time;
        _logger = logger;
    }

    public async Task<FeatureView> DefineAsync(FeatureViewDefinition definition, CancellationToken cancellationToken = default)
    {
        var valid = FeatureViewValidator.Validate(definition);
        var json = JsonSerializer.Serialize(valid, MlopsJson.Options);
        if (json.Length > MaxDefinitionChars)
        {
            throw MlopsException.TooLarge($"The definition is {json.Length} characters of JSON; at most {MaxDefinitionChars} fit. Split the view or shorten descriptions.", "features");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        for (var attempt = 1; ; attempt++)
        {
            var latest = await _table.GetEntityIfExistsAsync<TableEntity>(valid.Name, FeatureStoreNames.LatestRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (latest.HasValue && string.Equals(latest.Value!.GetString("Hash"), hash, StringComparison.Ordinal))
            {
                return ToView(latest.Value);
            }

            var version = latest.HasValue ? latest.Value!.GetInt32("Version")!.Value + 1 : 1;
            var row = new TableEntity(valid.Name, FeatureStoreNames.VersionRow(version))
            {
                ["Version"] = version,
                ["Hash"] = hash,
                ["Definition"] = json,
                ["CreatedAt"] = _time.GetUtcNow(),
            };
            var latestRow = new TableEntity(row) { RowKey = FeatureStoreNames.LatestRow };
            List<TableTransactionAction> batch =
            [
                new(TableTransactionActionType.Add, row),
                latest.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, latestRow, latest.Value!.ETag)
                    : new(TableTransactionActionType.Add, latestRow),
            ];
            try
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                FeaturesLog.ViewDefined(_logger, valid.Name, version);
                var view = ToView(row);
                CacheLatest(view);
                return view;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                FeaturesLog.DefineContention(_logger, valid.Name, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * attempt)), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw MlopsException.Conflict($"Feature view '{valid.Name}' is being redefined concurrently; retry.", "name");
            }
        }
    }

    public async Task<FeatureView> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        await FindAsync(name, version, cancellationToken).ConfigureAwait(false)
        ?? throw MlopsException.NotFound(
            version is null ? $"Feature view '{name}' does not exist; define it first (PUT /api/features/views/{name})." : $"Feature view '{name}' has no version {version}.",
            version is null ? "view" : "version");

    public async Task<FeatureView?> FindAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        FeatureViewValidator.ValidateName(name, "view");
        if (version is { } wanted && _versions.TryGetValue((name, wanted), out var cached))
        {
            return cached;
        }

        if (version is null && _latest.TryGetValue(name, out var latest) && latest.Until > _time.GetUtcNow())
        {
            return latest.View;
        }

        var row = version is { } number ? FeatureStoreNames.VersionRow(number) : FeatureStoreNames.LatestRow;
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(name, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!entity.HasValue)
        {
            return null;
        }

        var view = ToView(entity.Value!);
        if (version is null)
        {
            CacheLatest(view);
        }
        else if (_versions.Count < MaxCachedVersions)
        {
            _versions[(name, view.Version)] = view;
        }

        return view;
    }

    public async IAsyncEnumerable<FeatureView> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {FeatureStoreNames.LatestRow}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToView(entity);
        }
    }

    public async IAsyncEnumerable<FeatureView> ListVersionsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        FeatureViewValidator.ValidateName(name, "view");
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {name} and RowKey ge {FeatureStoreNames.VersionPrefix + "0"} and RowKey lt {FeatureStoreNames.VersionPrefix + ":"}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToView(entity);
        }
    }

    private void CacheLatest(FeatureView view)
    {
        var until = _time.GetUtcNow() + LatestCacheTime;
        _latest.AddOrUpdate(
            view.Name,
            (view, until),
            (_, current) => current.View.Version > view.Version ? current : (view, until));
    }

    private static FeatureView ToView(TableEntity entity)
    {
        var definition = JsonSerializer.Deserialize<FeatureViewDefinition>(entity.GetString("Definition"), MlopsJson.Options)
            ?? throw new InvalidDataException($"Feature view row {entity.PartitionKey}/{entity.RowKey} has no definition.");
        return new FeatureView(
            definition,
            entity.GetInt32("Version") ?? int.Parse(entity.RowKey.AsSpan(1), CultureInfo.InvariantCulture),
            entity.GetDateTimeOffset("CreatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
            entity.GetString("Hash"));
    }
}
