using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Mlops.Core.Api;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// One row per model in <c>MonitoringPolicies</c> (partition <c>policy</c>, row key the model): the policy as JSON, and
/// the retraining state the checks keep (last instance started and when), merged so neither overwrites the other.
/// </summary>
internal sealed class MonitoringPolicyStore(TableServiceClient tables, StorageNames names)
{
    public const string Table = "MonitoringPolicies";
    private const string Partition = "policy";

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));

    public async Task<StoredPolicy?> FindAsync(string model, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, model, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>The stored policy, or the defaults (not stored) when the model has none.</summary>
    public async Task<StoredPolicy> GetOrDefaultAsync(string model, CancellationToken cancellationToken = default) =>
        await FindAsync(model, cancellationToken).ConfigureAwait(false) ?? new StoredPolicy(model, MonitoringPolicy.Default, false, null, null, null, null);

    public async Task SaveAsync(string model, MonitoringPolicy policy, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(Partition, model)
        {
            ["Policy"] = JsonSerializer.Serialize(policy, MlopsJson.Options),
            ["UpdatedBy"] = actor,
            ["UpdatedAt"] = at,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordRetrainingAsync(string model, string instanceId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(Partition, model)
        {
            ["LastRetrainingInstanceId"] = instanceId,
            ["LastRetrainingAt"] = at,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredPolicy> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(row);
        }
    }

    private static StoredPolicy Read(TableEntity row)
    {
        MonitoringPolicy? policy = null;
        if (row.GetString("Policy") is { Length: > 0 } json)
        {
            try
            {
                policy = JsonSerializer.Deserialize<MonitoringPolicy>(json, MlopsJson.Options);
            }
            catch (JsonException)
            {
                // A row written by another version of the platform: the defaults apply, and the row is kept as it is.
                policy = null;
            }
        }

        return new StoredPolicy(
            row.RowKey,
            policy ?? MonitoringPolicy.Default,
            policy is not null,
            row.GetString("UpdatedBy"),
            row.GetDateTimeOffset("UpdatedAt"),
            row.GetString("LastRetrainingInstanceId"),
            row.GetDateTimeOffset("LastRetrainingAt"));
    }
}
