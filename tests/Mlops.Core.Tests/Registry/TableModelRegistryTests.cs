using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Registry;
using Mlops.Core.Storage;

namespace Mlops.Core.Tests.Registry;

/// <summary>The registry contract against Azurite, plus what only the storage layout can show.</summary>
public sealed class TableModelRegistryTests(RegistryHostFixture fixture) : ModelRegistryContract, IClassFixture<RegistryHostFixture>
{
    protected override IModelRegistry Registry => fixture.Host.Services.GetRequiredService<IModelRegistry>();

    private TableClient Table => fixture.Host.Services.GetRequiredService<TableServiceClient>()
        .GetTableClient(fixture.Host.Services.GetRequiredService<StorageNames>().Table(RegistryKeys.Table));

    private BlobContainerClient Models => fixture.Host.Services.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(fixture.Host.Services.GetRequiredService<StorageNames>().Container(RegistryKeys.Container));

    [Fact]
    public void Registry_FromCompositionRoot_IsTheTableBackedOneBehindEventPublishing() =>
        Assert.IsType<TableModelRegistry>(Assert.IsType<Events.EventPublishingModelRegistry>(Registry).Inner);

    [Fact]
    public async Task RegisterVersion_InvalidOnnx_WritesNoRowAndNoBlob()
    {
        var name = NewModelName();

        await Assert.ThrowsAsync<Diagnostics.MlopsException>(() => RegisterAsync(name, "not a model"u8.ToArray()));

        Assert.Empty(await ToListAsync(Table.QueryAsync<TableEntity>(e => e.PartitionKey == name)));
        Assert.Empty(await ToListAsync(Models.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, name + "/", CancellationToken.None)));
    }

    [Fact]
    public async Task RegisterVersion_Rows_UseZeroPaddedKeysInTheModelPartition()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        await RegisterAsync(name);
        await Registry.SetAliasAsync(name, "champion", 2, Actor);

        var keys = (await ToListAsync(Table.QueryAsync<TableEntity>(e => e.PartitionKey == name))).Select(e => e.RowKey).ToList();

        Assert.Contains("model", keys);
        Assert.Contains("version-0000000001", keys);
        Assert.Contains("version-0000000002", keys);
        Assert.Contains("alias-champion", keys);
        Assert.Equal(3, keys.Count(k => k.StartsWith("audit-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RegisterVersion_Artifact_IsContentAddressedBlobNeverOverwritten()
    {
        var name = NewModelName();
        var bytes = RegistryTestModels.Model(name);
        var first = await RegisterAsync(name, bytes);
        var blob = Models.GetBlobClient($"{name}/sha256/{first.Sha256}.onnx");
        var before = (await blob.GetPropertiesAsync()).Value;

        await RegisterAsync(name, bytes);

        var after = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(first.Sha256, after.Metadata["sha256"]);
        Assert.Equal(blob.Uri.AbsoluteUri, first.ArtifactUri);
    }

    [Fact]
    public async Task RegisterVersion_OrphanArtifactFromEarlierCrash_IsReusedWithoutGap()
    {
        // A crash after the blob write and before the row leaves only the blob; the retry must just carry on.
        var name = NewModelName();
        await RegisterAsync(name);
        var bytes = RegistryTestModels.Model(name + "-orphan");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        await Models.GetBlobClient($"{name}/sha256/{sha}.onnx").UploadAsync(BinaryData.FromBytes(bytes));

        var version = await RegisterAsync(name, bytes);

        Assert.Equal(2, version.Version);
        Assert.Equal(sha, version.Sha256);
    }

    protected override async Task<int> CountArtifactsAsync(string model) =>
        (await ToListAsync(Models.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, model + "/", CancellationToken.None))).Count;
}
