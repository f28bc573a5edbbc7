using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Mlops.Core.Api;
using Mlops.Core.Features.PointInTime;
using Mlops.Core.Registry;
using Mlops.Core.Storage;

namespace Mlops.Core.Training.Workflows;

/// <summary>Policies in the <c>ModelPolicies</c> table: partition <c>policy</c>, one row per model, the policy as JSON.</summary>
internal sealed class TableModelPolicyStore(
    TableServiceClient tables, StorageNames names, TrainingService training, HistoricalFeatureJoiner features, TimeProvider time) : IModelPolicyStore
{
    public const string Table = "ModelPolicies";
    private const string Partition = "policy";

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));

    public async Task<ModelPolicy?> FindAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, model, ["Json"], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<ModelPolicy> SaveAsync(string model, ModelPolicy policy, string actor, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model);
        ModelPolicyRules.Validate(model, policy, training);
        if (policy.Training?.Features is { } join)
        {
            // Every policy-driven run joins these; a view or feature that does not exist is refused now, not at 3 am.
            await ModelPolicyRules.PrefixedAsync("training.", () => features.CheckAsync(join, cancellationToken)).ConfigureAwait(false);
        }

        var stored = policy with
        {
            Training = policy.Training is { } request ? request with { Model = null, Data = null } : null,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = actor,
        };
        var entity = new TableEntity(Partition, model) { ["Json"] = JsonSerializer.Serialize(stored, MlopsJson.Options) };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<bool> DeleteAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model);
        try
        {
            var response = await _table.DeleteEntityAsync(Partition, model, ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<(string Model, ModelPolicy Policy)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return (row.RowKey, Read(row));
        }
    }

    private static ModelPolicy Read(TableEntity row) =>
        JsonSerializer.Deserialize<ModelPolicy>(row.GetString("Json") ?? "{}", MlopsJson.Options) ?? new ModelPolicy();
}
