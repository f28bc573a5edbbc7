using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Training.Experiments;

/// <summary>
/// Experiments on Azure Tables: one partition per experiment holding its experiment row and one row per run
/// (<c>run-{runId}</c>), so listing an experiment's runs is one partition query in run-id (start) order.
/// Parameters and metrics are JSON strings; a run is far below the 1 MiB entity limit.
/// </summary>
internal sealed class TableExperimentTracker : IExperimentTracker
{
    public const string Table = "Experiments";
    private const string ExperimentRow = "experiment";
    private const string RunPrefix = "run-";
    private const int MaxErrorChars = 8 * 1024;
    private const int MaxJsonChars = 30_000;

    private readonly TableClient _table;
    private readonly TimeProvider _time;

    public TableExperimentTracker(TableServiceClient tables, StorageNames names, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        _table = tables.GetTableClient(names.Table(Table));
        _time = time;
    }

    public async Task<Experiment> TouchExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name, "experiment");
        var now = _time.GetUtcNow();
        try
        {
            await _table.AddEntityAsync(new TableEntity(name, ExperimentRow) { ["CreatedAt"] = now, ["UpdatedAt"] = now }, cancellationToken).ConfigureAwait(false);
            return new Experiment(name, now, now);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // It exists: only the update time moves, with no ETag needed (the latest writer's time is as good as any).
            await _table.UpdateEntityAsync(new TableEntity(name, ExperimentRow) { ["UpdatedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return await GetExperimentAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SaveRunAsync(ExperimentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ModelNames.ValidateModel(run.Experiment, "experiment");
        RunIds.Validate(run.RunId);
        await _table.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<Experiment> ListExperimentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{ExperimentRow}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToExperiment(row);
        }
    }

    public async Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(name, "experiment");
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(name, ExperimentRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToExperiment(row.Value!) : null;
    }

    public async Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default) =>
        await FindExperimentAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw MlopsException.NotFound($"Experiment '{name}' does not exist; GET /api/experiments lists them.", "experiment");

    public async IAsyncEnumerable<ExperimentRun> ListRunsAsync(string experiment, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(experiment, "experiment");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {experiment} and RowKey ge {RunPrefix} and RowKey lt {"run."}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRun(row);
        }
    }

    public async Task<ExperimentRun?> FindRunAsync(string experiment, string runId, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(experiment, "experiment");
        RunIds.Validate(runId);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(experiment, RunPrefix + runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRun(row.Value!) : null;
    }

    public async Task<ExperimentRun> GetRunAsync(string experiment, string runId, CancellationToken cancellationToken = default) =>
        await FindRunAsync(experiment, runId, cancellationToken).ConfigureAwait(false)
        ?? throw MlopsException.NotFound($"Experiment '{experiment}' has no run '{runId}'.", "runId");

    private static TableEntity ToEntity(ExperimentRun run) => new(run.Experiment, RunPrefix + run.RunId)
    {
        ["RunId"] = run.RunId,
        ["SweepId"] = run.SweepId,
        ["Candidate"] = run.Candidate,
        ["Status"] = run.Status.ToString(),
        ["Model"] = run.Model,
        ["Task"] = run.Task,
        ["Trainer"] = run.Trainer,
        ["Parameters"] = Json(run.Parameters),
        ["Seed"] = run.Seed,
        ["Metric"] = run.Metric,
        ["Metrics"] = Json(run.Metrics),
        ["TestMetrics"] = run.TestMetrics is null ? null : Json(run.TestMetrics),
        ["ConfusionMatrix"] = Matrix(run.ConfusionMatrix),
        ["TestConfusionMatrix"] = Matrix(run.TestConfusionMatrix),
        ["Selected"] = run.Selected,
        ["ModelVersion"] = run.ModelVersion,
        ["TrainRows"] = run.TrainRows,
        ["ValidationRows"] = run.ValidationRows,
        ["DataUri"] = run.DataUri,
        ["DataDigest"] = run.DataDigest,
        ["CodeRevision"] = run.CodeRevision,
        ["DataWarnings"] = Warnings(run.DataWarnings),
        ["ArtifactUri"] = run.ArtifactUri,
        ["ArtifactSha256"] = run.ArtifactSha256,
        ["StartedAt"] = run.StartedAt,
        ["EndedAt"] = run.EndedAt,
        ["DurationMs"] = run.DurationMs,
        ["Error"] = run.Error is { Length: > MaxErrorChars } error ? error[..MaxErrorChars] + "…" : run.Error,
    };

    private static ExperimentRun ToRun(TableEntity row) => new()
    {
        Experiment = row.PartitionKey,
        RunId = Required(row, "RunId"),
        SweepId = Required(row, "SweepId"),
        Candidate = row.GetInt32("Candidate") ?? 0,
        Status = Enum.Parse<RunStatus>(Required(row, "Status")),
        Model = Required(row, "Model"),
        Task = Required(row, "Task"),
        Trainer = Required(row, "Trainer"),
        Parameters = Read<Dictionary<string, double>>(Required(row, "Parameters")),
        Seed = row.GetInt32("Seed") ?? 0,
        Metric = Required(row, "Metric"),
        Metrics = Read<Dictionary<string, double>>(Required(row, "Metrics")),
        TestMetrics = row.GetString("TestMetrics") is { } test ? Read<Dictionary<string, double>>(test) : null,
        ConfusionMatrix = row.GetString("ConfusionMatrix") is { } matrix ? Read<ConfusionMatrix>(matrix) : null,
        TestConfusionMatrix = row.GetString("TestConfusionMatrix") is { } testMatrix ? Read<ConfusionMatrix>(testMatrix) : null,
        Selected = row.GetBoolean("Selected") ?? false,
        ModelVersion = row.GetInt32("ModelVersion"),
        TrainRows = row.GetInt32("TrainRows") ?? 0,
        ValidationRows = row.GetInt32("ValidationRows") ?? 0,
        DataUri = Required(row, "DataUri"),
        DataDigest = Required(row, "DataDigest"),
        CodeRevision = Required(row, "CodeRevision"),
        DataWarnings = row.GetString("DataWarnings") is { } warnings ? Read<List<DataWarning>>(warnings) : null,
        ArtifactUri = row.GetString("ArtifactUri"),
        ArtifactSha256 = row.GetString("ArtifactSha256"),
        StartedAt = row.GetDateTimeOffset("StartedAt")!.Value,
        EndedAt = row.GetDateTimeOffset("EndedAt"),
        DurationMs = row.GetDouble("DurationMs"),
        Error = row.GetString("Error"),
    };

    private static Experiment ToExperiment(TableEntity row) =>
        new(row.PartitionKey, row.GetDateTimeOffset("CreatedAt")!.Value, row.GetDateTimeOffset("UpdatedAt")!.Value);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MlopsJson.Options);

    // A table property holds at most 32K characters: as many of the data's warnings as fit, in the validation's order.
    private static string? Warnings(IReadOnlyList<DataWarning>? warnings)
    {
        for (var count = warnings?.Count ?? 0; count > 0; count--)
        {
            if (Json(warnings!.Take(count)) is { Length: <= MaxJsonChars } json)
            {
                return json;
            }
        }

        return null;
    }

    // A matrix of many classes that does not fit in a table property is left out rather than failing the run (its
    // metrics still say how the classifier did).
    private static string? Matrix(ConfusionMatrix? matrix) =>
        matrix is null ? null : Json(matrix) is { Length: <= MaxJsonChars } json ? json : null;

    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, MlopsJson.Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");

    private static string Required(TableEntity row, string property) =>
        row.GetString(property) ?? throw new InvalidDataException($"Experiment row {row.PartitionKey}/{row.RowKey} has no '{property}'.");
}
