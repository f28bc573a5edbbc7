using System.Globalization;
using System.Text.Json;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Live metrics of a version from feedback rows (with <see cref="MetricsCalculator"/>, as training computes its test
/// metrics) and their comparison with the version's registered test metrics. Classifier outputs are read as the
/// platform writes them (<c>{"label": class index, "probabilities": [...]}</c>) or as a plain class per row; actual
/// classes as names (matched to the training label's classes) or indices. Regressor outputs as a number or <c>score</c>.
/// </summary>
internal static class LivePerformanceCalculator
{
    /// <summary>The metrics compared with the registry: the ones people watch, for each task.</summary>
    private static readonly string[] Compared =
    [
        MetricNames.Accuracy, MetricNames.Auc, MetricNames.F1, MetricNames.MacroF1, MetricNames.MicroF1, MetricNames.MacroAuc,
        MetricNames.Rmse, MetricNames.Mae,
    ];

    public static PerformanceResult Compute(ModelVersion version, DatasetProfile? profile, IReadOnlyList<FeedbackRow> feedback, MonitoringPolicy policy)
    {
        var pairs = new List<(JsonElement Output, JsonElement Actual)>();
        var documents = new List<JsonDocument>();
        try
        {
            foreach (var row in feedback)
            {
                var outputs = JsonDocument.Parse(row.Outputs);
                var actual = JsonDocument.Parse(row.Actual);
                documents.Add(outputs);
                documents.Add(actual);
                if (outputs.RootElement.ValueKind != JsonValueKind.Array || actual.RootElement.ValueKind != JsonValueKind.Array
                    || outputs.RootElement.GetArrayLength() != actual.RootElement.GetArrayLength())
                {
                    continue;
                }

                pairs.AddRange(outputs.RootElement.EnumerateArray().Zip(actual.RootElement.EnumerateArray()));
            }

            return Compute(version, profile, pairs, policy);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static PerformanceResult Compute(ModelVersion version, DatasetProfile? profile, List<(JsonElement Output, JsonElement Actual)> pairs, MonitoringPolicy policy)
    {
        pairs.RemoveAll(p => p.Actual.ValueKind == JsonValueKind.Null);
        if (pairs.Count == 0)
        {
            return NotEnough(version, null, 0, "No feedback on this version's predictions in the window: POST actual outcomes to /api/models/{name}/feedback.");
        }

        var task = Task(version, pairs);
        var metrics = task == "regression" ? Regression(pairs) : Classification(profile, pairs);
        if (metrics is null)
        {
            return new PerformanceResult("unsupported", "The logged predictions or the actual outcomes are not values the metrics can read (see the feedback route's documentation).", version.Version, task, 0, new Dictionary<string, double>(), [], false);
        }

        var (live, rows) = metrics.Value;
        if (rows < policy.MinFeedbackRows)
        {
            return NotEnough(version, task, rows, Invariant($"{rows} predicted rows have feedback in the window; live metrics need at least {policy.MinFeedbackRows}."));
        }

        var comparisons = new List<MetricComparison>();
        foreach (var metric in Compared)
        {
            if (live.TryGetValue(metric, out var value) && version.Metrics.TryGetValue(metric, out var baseline) && double.IsFinite(value) && double.IsFinite(baseline))
            {
                var worse = MetricNames.IsHigherBetter(metric) ? baseline - value : value - baseline;
                var change = Math.Abs(baseline) < 1e-12 ? worse : worse / Math.Abs(baseline);
                comparisons.Add(new MetricComparison(metric, value, baseline, change, change > policy.DegradationThreshold));
            }
        }

        var message = comparisons.Count == 0 ? "The registry has no test metric to compare these live metrics with." : null;
        return new PerformanceResult("computed", message, version.Version, task, rows, live, comparisons, comparisons.Any(c => c.Degraded));
    }

    private static PerformanceResult NotEnough(ModelVersion version, string? task, int rows, string message) =>
        new("notEnoughData", message, version.Version, task, rows, new Dictionary<string, double>(), [], false);

    private static string Task(ModelVersion version, List<(JsonElement Output, JsonElement Actual)> pairs)
    {
        if (version.Parameters.TryGetValue("task", out var task) && task is "binary-classification" or "multiclass-classification" or "regression")
        {
            return task;
        }

        var classifier = pairs.Any(p => p.Actual.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False
            || (p.Output.ValueKind == JsonValueKind.Object && p.Output.TryGetProperty("probabilities", out _)));
        return classifier || version.Metrics.ContainsKey(MetricNames.Accuracy) ? "classification" : "regression";
    }

    private static (IReadOnlyDictionary<string, double> Live, int Rows)? Regression(List<(JsonElement Output, JsonElement Actual)> pairs)
    {
        var actual = new List<float>();
        var predicted = new List<float>();
        foreach (var (output, value) in pairs)
        {
            var prediction = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("score", out var score) ? score : output;
            if (prediction.ValueKind == JsonValueKind.Array && prediction.GetArrayLength() == 1)
            {
                prediction = prediction[0];
            }

            if (prediction.ValueKind == JsonValueKind.Number && value.ValueKind == JsonValueKind.Number
                && double.IsFinite(prediction.GetDouble()) && double.IsFinite(value.GetDouble()))
            {
                predicted.Add((float)prediction.GetDouble());
                actual.Add((float)value.GetDouble());
            }
        }

        return actual.Count == 0 ? null : (MetricsCalculator.Regression(actual, predicted).Values, actual.Count);
    }

    private static (IReadOnlyDictionary<string, double> Live, int Rows)? Classification(DatasetProfile? profile, List<(JsonElement Output, JsonElement Actual)> pairs)
    {
        var names = ClassNames(profile, pairs);
        if (names.Count < 2)
        {
            return null;
        }

        var actual = new List<int>();
        var predicted = new List<int>();
        var probabilities = new List<float[]>();
        foreach (var (output, value) in pairs)
        {
            var label = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("label", out var l) ? l : output;
            if (ClassIndex(label, names, isPrediction: true) is not { } p || ClassIndex(value, names, isPrediction: false) is not { } a)
            {
                continue;
            }

            var probs = new float[names.Count];
            if (output.ValueKind == JsonValueKind.Object && output.TryGetProperty("probabilities", out var given)
                && given.ValueKind == JsonValueKind.Array && given.GetArrayLength() == names.Count
                && given.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number))
            {
                var i = 0;
                foreach (var x in given.EnumerateArray())
                {
                    probs[i++] = (float)x.GetDouble();
                }
            }
            else
            {
                // No probabilities logged: the predicted class gets all of it, so AUC reflects the hard decisions.
                probs[p] = 1;
            }

            actual.Add(a);
            predicted.Add(p);
            probabilities.Add(probs);
        }

        if (actual.Count == 0)
        {
            return null;
        }

        var metrics = names.Count == 2
            ? MetricsCalculator.Binary(actual, [.. probabilities.Select(x => x[1])], predicted, names)
            : MetricsCalculator.Multiclass(actual, probabilities, predicted, names);
        return (metrics.Values, actual.Count);
    }

    /// <summary>The training label's classes in the order training numbers them (numbers by value, else ordinal).</summary>
    private static List<string> ClassNames(DatasetProfile? profile, List<(JsonElement Output, JsonElement Actual)> pairs)
    {
        var label = profile?.Features.FirstOrDefault(f => f.Role == ColumnRole.Label);
        IEnumerable<string> names = label?.Categories is { Count: > 0 } categories
            ? categories.Select(c => c.Value)
            : pairs.Select(p => Text(p.Actual)).Concat(pairs.Select(p => Text(p.Output.ValueKind == JsonValueKind.Object && p.Output.TryGetProperty("label", out var l) ? l : p.Output)))
                .OfType<string>();
        return ClassifierOutputs.Order(names);
    }

    private static int? ClassIndex(JsonElement value, List<string> names, bool isPrediction)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var index = names.IndexOf(value.GetString()!);
                return index >= 0 ? index : null;
            case JsonValueKind.True or JsonValueKind.False:
                var name = names.FindIndex(n => string.Equals(n, value.ValueKind == JsonValueKind.True ? "true" : "false", StringComparison.OrdinalIgnoreCase));
                return name >= 0 ? name : value.ValueKind == JsonValueKind.True ? 1 : 0;
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                // The platform's classifiers output the class index; an actual number is a class name when the classes
                // are numbers ("0", "1"), else an index.
                if (!isPrediction)
                {
                    var byName = names.FindIndex(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == number);
                    if (byName >= 0)
                    {
                        return byName;
                    }
                }

                return number >= 0 && number < names.Count && number == Math.Floor(number) ? (int)number : null;
            default:
                return null;
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
