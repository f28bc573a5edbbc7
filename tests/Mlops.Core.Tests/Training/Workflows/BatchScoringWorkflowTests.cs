using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Serving.Batch;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Training.Data;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

/// <summary>A drop in <c>scoring-input/{model}/</c> is scored by the champion into <c>scoring-output/{model}/</c>.</summary>
public sealed class BatchScoringWorkflowTests : IAsyncLifetime
{
    private TrainingWorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await TrainingWorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Drop_ModelWithChampion_WritesOneScoredRowPerInputRow()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);
        var (data, _) = await _host.UploadAsync($"{model}/train.csv");
        var trained = TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data })));
        var input = Scoring().GetBlobClient($"{model}/batch.csv");
        await input.UploadAsync(new BinaryData((await TestFiles.ChurnCsvAsync(50, seed: 99)).ToArray()));

        var started = await _host.Services.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(input);
        var instance = await _host.WaitAsync(started.InstanceId!);

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        var result = instance.ReadOutputAs<BatchScoringResult>(Core.Api.MlopsJson.Options)!;
        Assert.Equal((trained.Version, 50), (result.Version, result.Rows));
        var output = Output(result.OutputUri);
        var lines = (await output.DownloadContentAsync()).Value.Content.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["row", "prediction", "probability_false", "probability_true"], header[0..1].Concat(header[^3..]));
        Assert.Equal(51, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var probabilities = fields[^2..].Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, probabilities.Sum(), 4);
            Assert.Equal(probabilities[1] > probabilities[0] ? "true" : "false", fields[^3]);
        }
    }

    [Fact]
    public async Task Drop_ModelWithoutChampion_FailsNamingTheAlias()
    {
        var model = TrainingWorkflowHost.NewModel();
        var input = Scoring().GetBlobClient($"{model}/batch.csv");
        await input.UploadAsync(new BinaryData((await TestFiles.ChurnCsvAsync(10)).ToArray()));

        var started = await _host.Services.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(input);
        var instance = await _host.WaitAsync(started.InstanceId!);

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("champion", instance.FailureDetails!.InnerFailure?.ErrorMessage ?? instance.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private BlobContainerClient Scoring() => _host.Services.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(_host.Services.GetRequiredService<StorageNames>().Container(TriggerContainers.ScoringInput));

    private BlobClient Output(string uri) => _host.Services.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(_host.Services.GetRequiredService<StorageNames>().Container(BatchScorer.OutputContainer))
        .GetBlobClient(uri["blob://scoring-output/".Length..]);
}
