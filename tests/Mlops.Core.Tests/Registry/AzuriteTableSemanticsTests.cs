using Azure;
using Azure.Data.Tables;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Registry;

/// <summary>
/// The Table semantics the registry's version numbering relies on, checked against the Azurite the tests run on:
/// an entity-group transaction is all-or-nothing when one insert collides, and a stale ETag fails it.
/// </summary>
public sealed class AzuriteTableSemanticsTests : IAsyncLifetime
{
    private readonly TableClient _table = new TableServiceClient(TestStorage.ConnectionString).GetTableClient(TestStorage.NewPrefix() + "semantics");

    public async Task InitializeAsync()
    {
        await _table.CreateAsync();
        await _table.AddEntityAsync(new TableEntity("m", "model") { ["LatestVersion"] = 1 });
        await _table.AddEntityAsync(new TableEntity("m", "version-0000000001"));
    }

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task Transaction_InsertOfExistingKey_FailsWith409AndRollsBackTheCounter()
    {
        var counter = (await _table.GetEntityAsync<TableEntity>("m", "model")).Value;
        counter["LatestVersion"] = 1;

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("m", "model") { ["LatestVersion"] = 99 }, counter.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("m", "version-0000000001")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("m", "audit-x")),
        ]));

        Assert.Equal(409, ex.Status);
        Assert.Equal(1, (await _table.GetEntityAsync<TableEntity>("m", "model")).Value.GetInt32("LatestVersion"));
        Assert.False((await _table.GetEntityIfExistsAsync<TableEntity>("m", "audit-x")).HasValue);
    }

    [Fact]
    public async Task Transaction_StaleETag_FailsWith412AndInsertsNothing()
    {
        var stale = (await _table.GetEntityAsync<TableEntity>("m", "model")).Value.ETag;
        await _table.UpdateEntityAsync(new TableEntity("m", "model") { ["LatestVersion"] = 1 }, ETag.All, TableUpdateMode.Merge);

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("m", "model") { ["LatestVersion"] = 2 }, stale),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("m", "version-0000000002")),
        ]));

        Assert.Equal(412, ex.Status);
        Assert.False((await _table.GetEntityIfExistsAsync<TableEntity>("m", "version-0000000002")).HasValue);
    }
}
