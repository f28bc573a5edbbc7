using System.Globalization;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Experiments;

/// <summary>
/// The experiment routes: list experiments, list an experiment's runs (filtered, sorted by a metric), one run, and a
/// side-by-side comparison of runs' parameters and metrics.
/// </summary>
internal sealed class ExperimentsApi(IExperimentTracker tracker)
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private const int MaxCompared = 20;

    public async Task<ApiResponse> ListExperimentsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var experiments = new List<Experiment>();
        await foreach (var experiment in tracker.ListExperimentsAsync(cancellationToken).ConfigureAwait(false))
        {
            experiments.Add(experiment);
        }

        return ApiResponse.Json(new ExperimentList(experiments));
    }

    public async Task<ApiResponse> ListRunsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        var status = request.GetQuery("status") is { Length: > 0 } statusText ? ParseStatus(statusText) : (RunStatus?)null;
        var trainer = request.GetQuery("trainer") is { Length: > 0 } trainerText ? TrainerNames.Format(TrainerNames.ParseTrainer(trainerText, "trainer")) : null;
        var sweep = request.GetQuery("sweep") is { Length: > 0 } sweepText ? sweepText : null;
        var orderBy = request.GetQuery("orderBy") is { Length: > 0 } order ? order : "startedAt";
        var limit = Limit(request);
        var descending = Direction(request, orderBy);
        if (orderBy is not ("startedAt" or "duration") && !TaskMetrics.All.Contains(orderBy))
        {
            throw MlopsException.Validation(
                $"orderBy must be startedAt, duration or a metric name ({string.Join(", ", TaskMetrics.All.Order(StringComparer.Ordinal))}); got '{orderBy}'.", "orderBy");
        }

        await tracker.GetExperimentAsync(name, cancellationToken).ConfigureAwait(false);
        var runs = new List<ExperimentRun>();
        await foreach (var run in tracker.ListRunsAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if ((status is null || run.Status == status) && (trainer is null || run.Trainer == trainer) && (sweep is null || run.SweepId == sweep))
            {
                runs.Add(run);
            }
        }

        IEnumerable<ExperimentRun> sorted = orderBy switch
        {
            "startedAt" => descending ? runs.OrderByDescending(r => r.RunId, StringComparer.Ordinal) : runs.OrderBy(r => r.RunId, StringComparer.Ordinal),
            "duration" => Sort(runs, r => r.DurationMs, descending),
            _ => Sort(runs, r => r.Metrics.TryGetValue(orderBy, out var value) ? value : null, descending),
        };
        return ApiResponse.Json(new RunList(name, runs.Count, [.. sorted.Take(limit)]));
    }

    public async Task<ApiResponse> GetRunAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Json(await tracker.GetRunAsync(Name(request), RunIds.Validate(request.RequireRouteValue("runId")), cancellationToken).ConfigureAwait(false));

    public async Task<ApiResponse> CompareAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        var ids = (request.GetQuery("runs") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count < 2 || ids.Count > MaxCompared)
        {
            throw MlopsException.Validation(
                $"Name 2 to {MaxCompared} distinct runs to compare, comma-separated: ?runs=20250630120000-a1b2c3-000,20250630120000-a1b2c3-001; got {ids.Count}.", "runs");
        }

        foreach (var id in ids)
        {
            RunIds.Validate(id, "runs");
        }

        await tracker.GetExperimentAsync(name, cancellationToken).ConfigureAwait(false);
        var runs = new List<ExperimentRun>();
        foreach (var id in ids)
        {
            runs.Add(await tracker.FindRunAsync(name, id, cancellationToken).ConfigureAwait(false)
                ?? throw MlopsException.NotFound($"Experiment '{name}' has no run '{id}'.", "runs"));
        }

        return ApiResponse.Json(new RunComparison(
            name,
            [.. runs.Select(r => new ComparedRun(r.RunId, r.SweepId, r.Trainer, r.Status, r.Selected, r.ModelVersion, r.DurationMs, r.DataDigest, r.CodeRevision))],
            Rows(runs, r => r.Parameters, null),
            Rows(runs, r => r.Metrics, MetricNames.IsHigherBetter),
            Rows(runs, r => r.TestMetrics ?? new Dictionary<string, double>(), MetricNames.IsHigherBetter)));
    }

    private static List<ComparedValue> Rows(List<ExperimentRun> runs, Func<ExperimentRun, IReadOnlyDictionary<string, double>> values, Func<string, bool>? higherIsBetter)
    {
        var names = runs.SelectMany(r => values(r).Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. names.Select(n =>
        {
            var row = runs.Select(r => values(r).TryGetValue(n, out var v) ? v : (double?)null).ToList();
            string? best = null;
            if (higherIsBetter is not null && row.Any(v => v is not null))
            {
                var target = higherIsBetter(n) ? row.Max() : row.Min();
                var count = row.Count(v => v == target);
                best = count == 1 ? runs[row.IndexOf(target)].RunId : null;
            }

            return new ComparedValue(n, row, row.Distinct().Count() > 1, best);
        })];
    }

    private static IEnumerable<ExperimentRun> Sort(List<ExperimentRun> runs, Func<ExperimentRun, double?> key, bool descending)
    {
        // Runs without the value go last either way; equal values keep run-id order.
        var with = runs.Where(r => key(r) is not null);
        var ordered = descending ? with.OrderByDescending(r => key(r)) : with.OrderBy(r => key(r));
        return ordered.ThenBy(r => r.RunId, StringComparer.Ordinal).Concat(runs.Where(r => key(r) is null));
    }

    private static bool Direction(ApiRequest request, string orderBy)
    {
        var text = request.GetQuery("order");
        return text switch
        {
            null or "" => orderBy switch
            {
                "startedAt" => true,
                "duration" => false,
                _ => MetricNames.IsHigherBetter(orderBy),
            },
            "desc" => true,
            "asc" => false,
            _ => throw MlopsException.Validation($"order must be asc or desc; got '{text}'.", "order"),
        };
    }

    private static int Limit(ApiRequest request)
    {
        if (request.GetQuery("limit") is not { Length: > 0 } text)
        {
            return DefaultLimit;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit
            ? limit
            : throw MlopsException.Validation($"limit must be a whole number from 1 to {MaxLimit}; got '{text}'.", "limit");
    }

    private static RunStatus ParseStatus(string text) =>
        Enum.TryParse<RunStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status) && !char.IsDigit(text[0])
            ? status
            : throw MlopsException.Validation($"status must be running, completed or failed; got '{text}'.", "status");

    private static string Name(ApiRequest request) => ModelNames.ValidateModel(request.RequireRouteValue("name"));

    private sealed record ExperimentList(IReadOnlyList<Experiment> Experiments);

    private sealed record RunList(string Experiment, int Matched, IReadOnlyList<ExperimentRun> Runs);

    private sealed record RunComparison(
        string Experiment,
        IReadOnlyList<ComparedRun> Runs,
        IReadOnlyList<ComparedValue> Parameters,
        IReadOnlyList<ComparedValue> Metrics,
        IReadOnlyList<ComparedValue> TestMetrics);

    private sealed record ComparedRun(
        string RunId,
        string SweepId,
        string Trainer,
        RunStatus Status,
        bool Selected,
        int? ModelVersion,
        double? DurationMs,
        string DataDigest,
        string CodeRevision);

    /// <param name="Name">The parameter or metric.</param>
    /// <param name="Values">One value per compared run, in the order asked (null where a run has none).</param>
    /// <param name="Differs">Whether the runs disagree.</param>
    /// <param name="Best">Metrics: the run with the single best value, if one.</param>
    private sealed record ComparedValue(string Name, IReadOnlyList<double?> Values, bool Differs, string? Best);
}
