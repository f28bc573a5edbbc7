using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Training;

/// <summary>Data files dropped into the server's <c>training-data</c> container, as a user would.</summary>
internal static class TrainingUploads
{
    public static async Task<string> UploadAsync(ServerFactory factory, string path, byte[] bytes)
    {
        var container = factory.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(factory.Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));
        await container.GetBlobClient(path).UploadAsync(new BinaryData(bytes), overwrite: true);
        return $"blob://{DatasetContainers.TrainingData}/{path}";
    }

    public static Task<string> UploadAsync(ServerFactory factory, string path, string text) => UploadAsync(factory, path, Encoding.UTF8.GetBytes(text));

    public static async Task<byte[]> ChurnCsvAsync(int rows, int seed = 5)
    {
        using var stream = new MemoryStream();
        await ChurnDataGenerator.WriteCsvAsync(stream, rows, seed);
        return stream.ToArray();
    }

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
