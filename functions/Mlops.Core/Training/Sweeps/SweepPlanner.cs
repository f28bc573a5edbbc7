using System.Globalization;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Sweeps;

/// <summary>
/// Expands a request's trainers and search spaces into candidates, checking every value against the trainer's
/// parameter definitions first (an invalid value is a 400 naming e.g. <c>trainers[0].search.numberOfLeaves</c>).
/// Deterministic: the same trainers and seed give the same candidates in the same order. Candidates with the same
/// trainer and effective parameters are trained once.
/// </summary>
internal static class SweepPlanner
{
    /// <summary>Sampled real values keep this many significant digits, so run records and comparisons stay readable.</summary>
    private const int SignificantDigits = 4;

    public static IReadOnlyList<SweepCandidate> Expand(IReadOnlyList<TrainerSweep> trainers, int seed, int maxCandidates, int defaultSamples)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        var candidates = new List<SweepCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < trainers.Count; t++)
        {
            var field = $"trainers[{t.ToString(CultureInfo.InvariantCulture)}]";
            var spec = trainers[t] ?? throw MlopsException.Validation($"{field} must be an object such as {{\"trainer\": \"lightgbm\"}}, not null.", field);
            var trainer = spec.Trainer is { Length: > 0 } name
                ? TrainerNames.ParseTrainer(name, field + ".trainer")
                : throw MlopsException.Validation($"{field}.trainer is required: one of 'lightgbm', 'fasttree', 'linear'.", field + ".trainer");

            foreach (var parameters in ExpandOne(spec, trainer, field, Mix(seed, t), maxCandidates, defaultSamples))
            {
                var resolved = Resolve(trainer, parameters, field + ".search");
                var key = TrainerNames.Format(trainer) + "|" + string.Join(";", resolved.Select(p => p.Key + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture)));
                if (seen.Add(key))
                {
                    candidates.Add(new SweepCandidate(candidates.Count, t, trainer, resolved));
                }
            }

            if (candidates.Count > maxCandidates)
            {
                throw MlopsException.Validation(
                    $"The trainers ask for {candidates.Count} candidates or more, above the limit of {maxCandidates} (maxCandidates); search fewer values, set samples, or raise maxCandidates.",
                    "trainers");
            }
        }

        return candidates;
    }

    private static IEnumerable<Dictionary<string, double>> ExpandOne(TrainerSweep spec, TrainerKind trainer, string field, int seed, int maxCandidates, int defaultSamples)
    {
        var definitions = TrainerParameters.For(trainer);
        var fixedValues = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Parameters ?? new Dictionary<string, double>())
        {
            var definition = Find(definitions, trainer, name, $"{field}.parameters.{name}");
            CheckValue(definition, trainer, value, $"{field}.parameters.{name}", null);
            if (!fixedValues.TryAdd(definition.Name, value))
            {
                throw MlopsException.Validation($"Parameter '{definition.Name}' is given twice in {field}.parameters (names match case-insensitively).", $"{field}.parameters.{name}");
            }
        }

        var axes = new List<Axis>();
        foreach (var (name, dimension) in (spec.Search ?? new Dictionary<string, SearchDimension>()).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var path = $"{field}.search.{name}";
            var definition = Find(definitions, trainer, name, path);
            if (fixedValues.ContainsKey(definition.Name))
            {
                throw MlopsException.Validation($"Parameter '{definition.Name}' is both fixed in {field}.parameters and searched; keep one.", path);
            }

            if (axes.Any(a => a.Definition.Name == definition.Name))
            {
                throw MlopsException.Validation($"Parameter '{definition.Name}' is searched twice in {field}.search (names match case-insensitively).", path);
            }

            axes.Add(CheckDimension(definition, trainer, dimension, path));
        }

        var samplesField = field + ".samples";
        if (spec.Samples is { } requested && (requested < 1 || requested > maxCandidates))
        {
            throw MlopsException.Validation($"{samplesField} must be between 1 and {maxCandidates} (maxCandidates); got {requested}.", samplesField);
        }

        if (axes.Count == 0)
        {
            if (spec.Samples is not null)
            {
                throw MlopsException.Validation($"{samplesField} applies to a search; {field} has no search space, so it trains one candidate.", samplesField);
            }

            return [fixedValues];
        }

        var random = new Random(seed);
        if (axes.Any(a => a.Values is null))
        {
            var draws = spec.Samples ?? defaultSamples;
            return Enumerable.Range(0, draws).Select(_ => With(fixedValues, axes.Select(a => (a.Definition.Name, a.Sample(random))))).ToList();
        }

        long combinations = 1;
        foreach (var axis in axes)
        {
            combinations = Math.Min(combinations * axis.Values!.Count, int.MaxValue);
        }

        if (spec.Samples is { } samples && samples < combinations)
        {
            return DrawCombinations(axes, fixedValues, samples, random);
        }

        if (combinations > maxCandidates)
        {
            throw MlopsException.Validation(
                $"The grid of {field} has {combinations} combinations, above the limit of {maxCandidates} (maxCandidates); search fewer values, set samples to draw some of them, or use ranges for a random search.",
                field + ".search");
        }

        return Cartesian(axes, fixedValues);
    }

    private static IEnumerable<Dictionary<string, double>> Cartesian(List<Axis> axes, Dictionary<string, double> fixedValues)
    {
        IEnumerable<IEnumerable<(string, double)>> combinations = [[]];
        foreach (var axis in axes)
        {
            var current = axis;
            combinations = combinations.SelectMany(prefix => current.Values!.Select(v => prefix.Append((current.Definition.Name, v))));
        }

        return combinations.Select(c => With(fixedValues, c)).ToList();
    }

    private static List<Dictionary<string, double>> DrawCombinations(List<Axis> axes, Dictionary<string, double> fixedValues, int samples, Random random)
    {
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Dictionary<string, double>>();
        while (result.Count < samples)
        {
            var picks = axes.Select(a => random.Next(a.Values!.Count)).ToArray();
            if (drawn.Add(string.Join(",", picks)))
            {
                result.Add(With(fixedValues, axes.Select((a, i) => (a.Definition.Name, a.Values![picks[i]]))));
            }
        }

        return result;
    }

    private static Dictionary<string, double> With(Dictionary<string, double> fixedValues, IEnumerable<(string Name, double Value)> values)
    {
        var result = new Dictionary<string, double>(fixedValues, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[name] = value;
        }

        return result;
    }

    private static IReadOnlyDictionary<string, double> Resolve(TrainerKind trainer, Dictionary<string, double> parameters, string field)
    {
        try
        {
            return TrainerParameters.Resolve(trainer, parameters);
        }
        catch (MlopsException ex)
        {
            // Every value was checked above, so this is a sampled value that fell outside after rounding: a bug, but say where.
            throw new MlopsException(ex.Category, ex.Message, $"{field}.{ex.Field}", ex);
        }
    }

    private static TrainerParameter Find(IReadOnlyList<TrainerParameter> definitions, TrainerKind trainer, string name, string path) =>
        definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw MlopsException.Validation(
            $"Trainer '{TrainerNames.Format(trainer)}' has no parameter '{name}'; it accepts {string.Join(", ", definitions.Select(d => $"'{d.Name}'"))}.",
            path);

    private static void CheckValue(TrainerParameter definition, TrainerKind trainer, double value, string path, string? where)
    {
        if (!definition.Accepts(value))
        {
            throw MlopsException.Validation(
                $"Parameter '{definition.Name}' of trainer '{TrainerNames.Format(trainer)}' must be {definition.DescribeRange()}; got {Format(value)}{where}.",
                path);
        }
    }

    private static Axis CheckDimension(TrainerParameter definition, TrainerKind trainer, SearchDimension? dimension, string path)
    {
        if (dimension is null)
        {
            throw MlopsException.Validation($"{path} must be a list of values or a range, not null.", path);
        }

        if (dimension.Values is { } values)
        {
            if (dimension.Min is not null || dimension.Max is not null || dimension.Scale is not null)
            {
                throw MlopsException.Validation($"{path} has both values and a range; give a list of values (grid) or min and max (random search).", path);
            }

            if (values.Count == 0)
            {
                throw MlopsException.Validation($"{path} has no values; list at least one.", path);
            }

            for (var i = 0; i < values.Count; i++)
            {
                CheckValue(definition, trainer, values[i], path, $" (value {i + 1} of the list)");
            }

            return new Axis(definition, [.. values.Distinct()], null, null, SearchScale.Linear);
        }

        if (dimension.Min is not { } min || dimension.Max is not { } max)
        {
            throw MlopsException.Validation($"{path} needs both min and max for a range, or values for a list.", path);
        }

        CheckValue(definition, trainer, min, path, " (min)");
        CheckValue(definition, trainer, max, path, " (max)");
        if (min >= max)
        {
            throw MlopsException.Validation(
                $"{path}: min ({Format(min)}) must be below max ({Format(max)}); to fix the value, set it in parameters instead.", path);
        }

        var scale = dimension.Scale ?? SearchScale.Linear;
        if (scale == SearchScale.Log && min <= 0)
        {
            throw MlopsException.Validation($"{path}: a log-scale range needs min above 0; got {Format(min)}.", path);
        }

        return new Axis(definition, null, min, max, scale);
    }

    private static int Mix(int seed, int trainerIndex) => unchecked((seed * 1_000_003) + trainerIndex);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Axis(TrainerParameter Definition, IReadOnlyList<double>? Values, double? Min, double? Max, SearchScale Scale)
    {
        public double Sample(Random random)
        {
            if (Values is { } values)
            {
                return values[random.Next(values.Count)];
            }

            double low = Min!.Value, high = Max!.Value;
            if (Definition.IsInteger)
            {
                if (Scale == SearchScale.Linear)
                {
                    return low + Math.Floor(random.NextDouble() * (high - low + 1));
                }

                // Each integer gets the log-width of [n, n + 1), so small values are as likely as the scale says.
                var drawn = Math.Floor(Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high + 1) - Math.Log(low)))));
                return Math.Clamp(drawn, low, high);
            }

            var u = random.NextDouble();
            var value = Scale == SearchScale.Log
                ? Math.Exp(Math.Log(low) + (u * (Math.Log(high) - Math.Log(low))))
                : low + (u * (high - low));
            var rounded = double.Parse(value.ToString("G" + SignificantDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return Definition.Accepts(rounded) && rounded >= low && rounded <= high ? rounded : Math.Clamp(value, low, high);
        }
    }
}
