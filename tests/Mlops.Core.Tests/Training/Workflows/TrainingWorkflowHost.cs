using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Api;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Training.Data;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

/// <summary>The full composition root with the embedded engine polling fast, and helpers to drive the training workflows.</summary>
internal sealed class TrainingWorkflowHost : IAsyncDisposable
{
    private TrainingWorkflowHost(CoreHost host)
    {
        Host = host;
    }

    public CoreHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IWorkflowClient Workflows => Services.GetRequiredService<IWorkflowClient>();

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    public IModelPolicyStore Policies => Services.GetRequiredService<IModelPolicyStore>();

    public static async Task<TrainingWorkflowHost> StartAsync(Action<IServiceCollection>? configureServices = null) =>
        new(await CoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Workflows:MaxPollingInterval"] = "00:00:00.100",
                ["Workflows:CompletionPollingInterval"] = "00:00:00.020",
            },
            configureServices));

    public static string NewModel() => "m" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Training settings that train fast: a linear model, seeded.</summary>
    public static TrainingRequest FastTraining() => new()
    {
        Label = "churned",
        Trainers = [new TrainerSweep { Trainer = "linear" }, new TrainerSweep { Trainer = "lightgbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 10 } }],
        Seed = 3,
    };

    public Task SavePolicyAsync(string model, GatePolicy? gate = null, RetrainingPolicy? retraining = null) =>
        Policies.SaveAsync(model, new ModelPolicy { Training = FastTraining(), Gate = gate, Retraining = retraining }, "test");

    /// <summary>Uploads churn rows to <c>training-data/{path}</c>; returns its <c>blob://</c> location and bytes.</summary>
    public async Task<(string Uri, byte[] Bytes)> UploadAsync(string path, int rows = 400, int seed = 11)
    {
        var bytes = (await TestFiles.ChurnCsvAsync(rows, seed)).ToArray();
        await Container().UploadBlobAsync(path, new BinaryData(bytes));
        return ($"blob://{DatasetContainers.TrainingData}/{path}", bytes);
    }

    public BlobContainerClient Container() => Services.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));

    public Task<string> StartTrainingAsync(TrainingInput input) =>
        Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Training, input, null);

    public async Task<WorkflowInstance> WaitAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Eventually.Timeout * 2);
        return await Workflows.WaitForCompletionAsync(instanceId, timeout.Token);
    }

    /// <summary>Waits until the instance's custom status says it is at <paramref name="step"/>.</summary>
    public Task<WorkflowInstance> WaitForStepAsync(string instanceId, string step) =>
        Eventually.WaitAsync(
            () => Workflows.GetInstanceAsync(instanceId),
            i => i.IsCompleted || (i.SerializedCustomStatus is { } status && JsonDocument.Parse(status).RootElement.GetProperty("step").GetString() == step),
            $"instance {instanceId} to reach step {step}");

    public static TrainingOutcome Outcome(WorkflowInstance instance)
    {
        Assert.True(instance.RuntimeStatus == WorkflowRuntimeStatus.Completed, $"{instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage} {instance.FailureDetails?.InnerFailure?.ErrorMessage}");
        return instance.ReadOutputAs<TrainingOutcome>(MlopsJson.Options)!;
    }

    /// <summary>A failure's messages, the inner ones included (a sub-workflow's or activity's reason is nested).</summary>
    public static string Describe(WorkflowFailureDetails? failure)
    {
        var text = string.Empty;
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            text += f.ErrorMessage + " | ";
        }

        return text;
    }

    public async Task<List<ModelVersion>> VersionsAsync(string model)
    {
        var versions = new List<ModelVersion>();
        await foreach (var version in Registry.ListVersionsAsync(model))
        {
            versions.Add(version);
        }

        return versions;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
