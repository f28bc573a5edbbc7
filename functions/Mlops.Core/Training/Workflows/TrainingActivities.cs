using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Features.Online;
using Mlops.Core.Features.PointInTime;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;
using Mlops.Workflows;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// The training workflow's activities, thin over <see cref="TrainingService"/>'s steps. Each may run more than once (at
/// least once, and again after a crash): preparing and training a candidate rewrite the same content-addressed blobs and
/// run rows, and registering first looks for a version this instance already registered.
/// </summary>
internal static class TrainingActivities
{
    /// <summary>The actor recorded on versions and alias changes the workflows make.</summary>
    public const string Actor = "workflow";

    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<PrepareStepInput, PreparedStep>(PipelineWorkflowNames.TrainingPrepare, PrepareAsync)
        .AddActivity<CandidateStepInput, CandidateStepResult>(PipelineWorkflowNames.TrainingCandidate, TrainCandidateAsync)
        .AddActivity<EvaluateStepInput, EvaluationStepResult>(PipelineWorkflowNames.TrainingEvaluate, EvaluateAsync)
        .AddActivity<RegisterStepInput, int>(PipelineWorkflowNames.TrainingRegister, RegisterAsync)
        .AddActivity<AliasStepInput, bool>(PipelineWorkflowNames.TrainingSetAlias, SetAliasAsync)
        .AddActivity<SelectDataStepInput, string>(PipelineWorkflowNames.RetrainingSelectData, SelectDataAsync);

    private static async Task<PreparedStep> PrepareAsync(PrepareStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var training = services.GetRequiredService<TrainingService>();
        var input = step.Input;
        var policy = await services.GetRequiredService<IModelPolicyStore>().FindAsync(input.Model, cancellationToken).ConfigureAwait(false);
        var template = input.Training ?? policy?.Training;
        if (template is null || string.IsNullOrWhiteSpace(template.Label))
        {
            throw MlopsException.Validation(
                $"Model '{input.Model}' has no training settings with a label: set them with PUT /api/models/{input.Model}/policy " +
                "({\"training\": {\"label\": \"...\"}}) or pass \"training\" in the workflow's input.",
                "training.label");
        }

        var gate = input.Gate ?? policy?.Gate ?? new GatePolicy();
        ModelVersion? featuresFrom = null;
        if (input.Training is null && template.Features is null)
        {
            // A model trained from feature views retrains from them even when only POST /api/train knew the features:
            // the champion's recorded list is what serving looks up, so a new version without it could not replace it.
            featuresFrom = await FindChampionWithFeaturesAsync(services.GetRequiredService<IModelRegistry>(), input.Model, gate.ChampionAlias, cancellationToken).ConfigureAwait(false);
            if (featuresFrom is not null)
            {
                template = template with { Features = ModelFeatures.Of(featuresFrom)!.ToJoinRequest() };
            }
        }

        var sources = input.Training is null && template.DataWindow is { } window
            ? await DataWindowSelector.SelectAsync(
                TrainingDataContainer(services),
                input.Model,
                FeatureDuration.Parse(window, DataWindowSelector.Field),
                step.AsOf ?? services.GetRequiredService<TimeProvider>().GetUtcNow(),
                cancellationToken).ConfigureAwait(false)
            : null;
        var plan = training.Plan(template with { Model = input.Model, Data = input.Data, DataSources = sources });
        PreparedTraining prepared;
        try
        {
            prepared = await training.PrepareAsync(plan, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex) when (featuresFrom is not null && ex.Field is { } field && field.StartsWith(HistoricalFeatureJoiner.Field, StringComparison.Ordinal))
        {
            throw new MlopsException(
                ex.Category,
                $"Joining the features of {featuresFrom.Name} version {featuresFrom.Version} (alias '{gate.ChampionAlias}'; the policy sets no training.features) " +
                $"to {input.Data} failed: {ex.Message} Set training.features in the policy to choose the features.",
                "training." + field,
                ex);
        }

        await services.GetRequiredService<IExperimentTracker>().TouchExperimentAsync(plan.Experiment, cancellationToken).ConfigureAwait(false);
        var profile = await TrainingService.SaveProfileAsync(services.GetRequiredService<IModelProfileStore>(), plan.Model, prepared, cancellationToken).ConfigureAwait(false);
        var request = ForLaterSteps(plan.Request, prepared.Ingested);
        services.GetRequiredService<PreparedTrainingCache>().Put(request, prepared);
        return new PreparedStep(
            TrainingService.Summarize(prepared, step.SweepId, profile),
            request,
            gate,
            [.. plan.Candidates.Select(c => TrainerNames.Format(c.Trainer))]);
    }

    /// <summary>
    /// The request the later steps prepare from when this process no longer holds the data: the immutable snapshot,
    /// read with the declarations it was read with. A joined snapshot already holds its features, so no join again (the
    /// summary carries them to the registration).
    /// </summary>
    internal static TrainingRequest ForLaterSteps(TrainingRequest request, IngestedDataset ingested) => request with
    {
        Data = ingested.Snapshot.Uri,
        Format = ingested.Snapshot.Format,
        Features = null,
        Columns = ingested.Columns,
        DataWindow = null,
        DataSources = null,
    };

    /// <summary>The version behind <paramref name="alias"/> when it lists the features it was trained from; else null.</summary>
    internal static async Task<ModelVersion?> FindChampionWithFeaturesAsync(IModelRegistry registry, string model, string alias, CancellationToken cancellationToken)
    {
        var found = await registry.FindAliasAsync(model, alias, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var version = await registry.FindVersionAsync(found.Model, found.Version, cancellationToken).ConfigureAwait(false);
        return version is not null && ModelFeatures.Of(version) is not null ? version : null;
    }

    private static async Task<CandidateStepResult> TrainCandidateAsync(CandidateStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var training = services.GetRequiredService<TrainingService>();
        var prepared = await services.GetRequiredService<PreparedTrainingCache>().GetAsync(step.Request, cancellationToken).ConfigureAwait(false);
        if (step.Index < 0 || step.Index >= prepared.Plan.Candidates.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step.Index, $"The sweep has {prepared.Plan.Candidates.Count} candidates.");
        }

        var (run, winner) = await services.GetRequiredService<SweepRunner>().RunCandidateAsync(
            training.Setup(prepared, step.SweepId),
            prepared.Plan.Candidates[step.Index],
            prepared.Train,
            prepared.Validation,
            cancellationToken).ConfigureAwait(false);
        return new CandidateStepResult(step.Index, run.RunId, run.Trainer, run.Status == RunStatus.Completed, winner?.Value, run.ArtifactSha256, run.Error);
    }

    private static async Task<EvaluationStepResult> EvaluateAsync(EvaluateStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var registry = services.GetRequiredService<IModelRegistry>();
        var prepared = await services.GetRequiredService<PreparedTrainingCache>().GetAsync(step.Request, cancellationToken).ConfigureAwait(false);
        var sweeps = services.GetRequiredService<SweepRunner>();
        var challenger = await ReadAllAsync(sweeps.OpenArtifactAsync(step.Summary.Experiment, step.ArtifactSha256, cancellationToken)).ConfigureAwait(false);
        var evaluation = OnnxEvaluator.Evaluate(challenger, prepared.Test);
        var test = TrainingService.Finite(evaluation.Values);
        var baseline = TrainingService.Finite(BaselineModel.Evaluate(prepared.Train, prepared.Test).Values);

        var alias = await registry.FindAliasAsync(step.Summary.Model, step.ChampionAlias, cancellationToken).ConfigureAwait(false);
        if (alias is null)
        {
            return new EvaluationStepResult(test, baseline, null, null, null, evaluation.ConfusionMatrix);
        }

        try
        {
            var version = await registry.GetVersionAsync(alias.Model, alias.Version, cancellationToken).ConfigureAwait(false);
            var champion = await ReadAllAsync(registry.OpenArtifactAsync(version, cancellationToken)).ConfigureAwait(false);
            var metrics = TrainingService.Finite(OnnxEvaluator.Evaluate(champion, prepared.Test).Values);
            return new EvaluationStepResult(test, baseline, alias.Version, metrics, null, evaluation.ConfusionMatrix);
        }
        catch (MlopsException ex) when (ex.Category is ErrorCategory.Unprocessable or ErrorCategory.NotFound)
        {
            return new EvaluationStepResult(test, baseline, alias.Version, null, ex.Message, evaluation.ConfusionMatrix);
        }
    }

    private static async Task<int> RegisterAsync(RegisterStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var registry = services.GetRequiredService<IModelRegistry>();
        var summary = step.Summary;

        // At least once: a re-run after the registry committed (crash before the result was recorded) finds its version.
        await foreach (var existing in registry.ListVersionsAsync(summary.Model, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(existing.Lineage.RunId, context.InstanceId, StringComparison.Ordinal))
            {
                return existing.Version;
            }
        }

        var run = await services.GetRequiredService<IExperimentTracker>().GetRunAsync(summary.Experiment, step.RunId, cancellationToken).ConfigureAwait(false);
        var onnx = await ReadAllAsync(services.GetRequiredService<SweepRunner>().OpenArtifactAsync(
            summary.Experiment, run.ArtifactSha256 ?? throw MlopsException.Conflict($"Run {run.RunId} has no artifact.", "runId"), cancellationToken)).ConfigureAwait(false);
        var winner = new WinnerRegistration(summary, step.Request, run, step.ValidationValue, step.TestMetrics, step.BaselineMetrics, step.CandidateTrainers, context.InstanceId)
        {
            Reason = step.Reason,
            ReasonDetails = step.Details,
            ReportUri = step.ReportUri,
            TestConfusionMatrix = step.TestConfusionMatrix,
        };
        using var stream = new MemoryStream(onnx, writable: false);
        var version = await services.GetRequiredService<TrainingService>().RegisterAsync(winner, stream, Actor, cancellationToken).ConfigureAwait(false);
        return version.Version;
    }

    private static async Task<bool> SetAliasAsync(AliasStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        await context.Services.GetRequiredService<IModelRegistry>().SetAliasAsync(step.Model, step.Alias, step.Version, step.Actor, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<string> SelectDataAsync(SelectDataStepInput step, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        if (step.DataUri is { } given)
        {
            services.GetRequiredService<TrainingService>().ValidateData(given);
            return given;
        }

        var container = TrainingDataContainer(services);
        BlobItem? latest = null;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, step.Model + "/", cancellationToken).ConfigureAwait(false))
        {
            if (DataFormats.FromFileName(blob.Name) is null)
            {
                continue;
            }

            if (latest is null || DataWindowSelector.IsNewer(blob, latest))
            {
                latest = blob;
            }
        }

        return latest is null
            ? throw MlopsException.NotFound(
                $"No data for model '{step.Model}': upload a .csv, .tsv or .parquet file under blob://{DatasetContainers.TrainingData}/{step.Model}/, or pass dataUri.",
                "dataUri")
            : $"blob://{DatasetContainers.TrainingData}/{latest.Name}";
    }

    private static BlobContainerClient TrainingDataContainer(IServiceProvider services) => services.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));

    private static async Task<byte[]> ReadAllAsync(Task<Stream> open)
    {
        var stream = await open.ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
