using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Training.Data;

public sealed class DatasetIntakeTests : IAsyncLifetime
{
    private CoreHost _host = null!;

    private IDatasetIntake Intake => _host.Services.GetRequiredService<IDatasetIntake>();

    private BlobContainerClient Container(string logicalName) =>
        _host.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_host.Services.GetRequiredService<StorageNames>().Container(logicalName));

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Training:Data:AllowLocalFiles"] = "true" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task IngestAsync_BlobCsv_ValidatesProfilesAndSnapshotsUnderItsDigest()
    {
        var bytes = (await TestFiles.ChurnCsvAsync(1000)).ToArray();
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("churn/2025-06/data.csv", new BinaryData(bytes));
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var result = await Intake.IngestAsync(new DatasetRequest("blob://training-data/churn/2025-06/data.csv", Label: "churned"));

        Assert.Equal("blob://training-data/churn/2025-06/data.csv", result.Location);
        Assert.Equal(1000, result.Data.RowCount);
        Assert.Equal(1000, result.Report.RowCount);
        Assert.Equal(digest, result.Snapshot.Digest);
        Assert.Equal($"blob://datasets/{digest}.csv", result.Snapshot.Uri);
        Assert.Equal((bytes.Length, DataFormat.Csv, true), (result.Snapshot.Length, result.Snapshot.Format, result.Snapshot.Created));
        Assert.Equal(digest, result.Profile.DataDigest);
        Assert.Equal(1000, result.Profile.RowCount);

        var stored = await Container(DatasetContainers.Datasets).GetBlobClient($"{digest}.csv").DownloadContentAsync();
        Assert.Equal(bytes, stored.Value.Content.ToArray());
        Assert.Equal("text/csv", stored.Value.Details.ContentType);
    }

    [Fact]
    public async Task IngestAsync_SameContentAgain_ReusesTheSnapshotWithoutRewritingIt()
    {
        var bytes = (await TestFiles.ChurnCsvAsync(300, seed: 21)).ToArray();
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("a/first.csv", new BinaryData(bytes));
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("b/second.csv", new BinaryData(bytes));

        var first = await Intake.IngestAsync(new DatasetRequest("blob://training-data/a/first.csv", "churned"));
        var second = await Intake.IngestAsync(new DatasetRequest("blob://training-data/b/second.csv", "churned"));

        Assert.True(first.Snapshot.Created);
        Assert.False(second.Snapshot.Created);
        Assert.Equal(first.Snapshot.Uri, second.Snapshot.Uri);
        Assert.Equal(first.Snapshot.ETag, second.Snapshot.ETag);
        Assert.Equal(first.Snapshot.Digest, second.Snapshot.Digest);
    }

    [Fact]
    public async Task SaveAsync_NameAlreadyTaken_NeverOverwrites()
    {
        var store = _host.Services.GetRequiredService<IDatasetSnapshotStore>();
        var digest = new string('0', 63) + "1";

        var first = await store.SaveAsync(digest, DataFormat.Csv, TestFiles.Text("a,b\n1,2\n"));
        var second = await store.SaveAsync(digest, DataFormat.Csv, TestFiles.Text("tampered\n"));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.ETag, second.ETag);
        var stored = await Container(DatasetContainers.Datasets).GetBlobClient($"{digest}.csv").DownloadContentAsync();
        Assert.Equal("a,b\n1,2\n", stored.Value.Content.ToString());
    }

    [Fact]
    public async Task SaveAsync_DigestNotHex_Throws()
    {
        var store = _host.Services.GetRequiredService<IDatasetSnapshotStore>();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync("../escape", DataFormat.Csv, TestFiles.Text("x")));
    }

    [Fact]
    public async Task IngestAsync_ParquetByBlobUrl_ReadsAndSnapshotsAsParquet()
    {
        var bytes = (await TestFiles.ChurnParquetAsync(500)).ToArray();
        var blob = Container(DatasetContainers.TrainingData).GetBlobClient("churn/data.parquet");
        await blob.UploadAsync(new BinaryData(bytes));

        var result = await Intake.IngestAsync(new DatasetRequest(blob.Uri.ToString(), "churned"));

        Assert.Equal(500, result.Data.RowCount);
        Assert.Equal(blob.Uri.ToString(), result.Location);
        Assert.EndsWith(".parquet", result.Snapshot.Uri, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Snapshot.Digest);
    }

    [Fact]
    public async Task IngestAsync_Snapshot_IsReadableThroughTheResolver()
    {
        var bytes = (await TestFiles.ChurnCsvAsync(200, seed: 4)).ToArray();
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("r/data.csv", new BinaryData(bytes));
        var ingested = await Intake.IngestAsync(new DatasetRequest("blob://training-data/r/data.csv", "churned"));

        var again = await Intake.IngestAsync(new DatasetRequest(ingested.Snapshot.Uri, "churned"));

        Assert.Equal(ingested.Snapshot.Digest, again.Snapshot.Digest);
        Assert.Equal(ingested.Data.RowCount, again.Data.RowCount);
    }

    [Fact]
    public async Task IngestAsync_BadData_Is422AndStoresNothing()
    {
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("bad/header-only.csv", BinaryData.FromString("a,b,churned\n"));

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Intake.IngestAsync(new DatasetRequest("blob://training-data/bad/header-only.csv", "churned")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        var snapshots = new List<string>();
        await foreach (var item in Container(DatasetContainers.Datasets).GetBlobsAsync())
        {
            snapshots.Add(item.Name);
        }

        Assert.Empty(snapshots);
    }

    [Fact]
    public async Task IngestAsync_MissingBlob_Is404()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => Intake.IngestAsync(new DatasetRequest("blob://training-data/nope/data.csv", "churned")));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Equal("location", ex.Field);
    }

    [Fact]
    public async Task IngestAsync_LocalFileWhenAllowed_Reads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-intake-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, (await TestFiles.ChurnCsvAsync(100)).ToArray());
        try
        {
            var result = await Intake.IngestAsync(new DatasetRequest(path, "churned"));

            Assert.Equal(100, result.Data.RowCount);
            Assert.Equal(path, result.Location);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task IngestAsync_LocalFileByDefault_Is400()
    {
        await using var host = await CoreHost.StartAsync();
        var intake = host.Services.GetRequiredService<IDatasetIntake>();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => intake.IngestAsync(new DatasetRequest("/etc/passwd.csv", "churned")));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("location", ex.Field);
    }

    [Fact]
    public async Task IngestAsync_OverTheSizeLimit_Is413()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Training:Data:MaxDataBytes"] = "100" });
        var names = host.Services.GetRequiredService<StorageNames>();
        var container = host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.Container(DatasetContainers.TrainingData));
        await container.UploadBlobAsync("big.csv", new BinaryData((await TestFiles.ChurnCsvAsync(50)).ToArray()));

        var ex = await Assert.ThrowsAsync<MlopsException>(
            () => host.Services.GetRequiredService<IDatasetIntake>().IngestAsync(new DatasetRequest("blob://training-data/big.csv", "churned")));

        Assert.Equal(ErrorCategory.PayloadTooLarge, ex.Category);
    }

    [Theory]
    [InlineData("", "location")]
    [InlineData("blob://Training_Data/x.csv", "location")]
    [InlineData("blob://training-data/", "location")]
    [InlineData("blob://training-data/a/../b.csv", "location")]
    [InlineData("s3://bucket/x.csv", "location")]
    [InlineData("https://someoneelse.blob.core.windows.net/c/x.csv", "location")]
    [InlineData("blob://training-data/data.json", "format")]
    public async Task IngestAsync_BadLocation_Is400NamingTheField(string location, string field)
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => Intake.IngestAsync(new DatasetRequest(location, "churned")));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public async Task IngestAsync_FormatGiven_OverridesTheExtension()
    {
        await Container(DatasetContainers.TrainingData).UploadBlobAsync("export.txt", new BinaryData((await TestFiles.ChurnCsvAsync(60)).ToArray()));

        var result = await Intake.IngestAsync(new DatasetRequest("blob://training-data/export.txt", "churned", Format: DataFormat.Csv));

        Assert.Equal(60, result.Data.RowCount);
        Assert.EndsWith(".csv", result.Snapshot.Uri, StringComparison.Ordinal);
    }
}
