using System.Globalization;
using MathNet.Numerics.Statistics;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>Tests one column: chooses the method, computes it and the histograms. Numerical columns are sorted once.</summary>
internal static class ColumnComparer
{
    /// <summary>Evidently's rule: references with at most this many values get the p-value tests.</summary>
    public const long SmallReference = 1000;

    /// <summary>Evidently's rule: numerical columns with more distinct values than this are continuous.</summary>
    public const int MaxDiscreteValues = 5;

    /// <summary>Evidently bins a numerical column for Jensen–Shannon when it has more distinct reference values than this.</summary>
    public const int JensenShannonMaxValues = 20;

    /// <summary>Evidently's equal-width bins for Jensen–Shannon on numbers.</summary>
    public const int JensenShannonBins = 30;

    /// <summary>Categories shown per histogram; the rest are shown together.</summary>
    public const int MaxHistogramCategories = 20;

    /// <summary>What a category absent from the reference counts as there, so chi-square's expected count is not 0.</summary>
    public const double AbsentCategoryCount = 0.5;

    private const string OtherLabel = "(other)";

    public static ColumnDrift NotTested(ReferenceColumn reference, ColumnDriftStatus status, string note) => Base(reference) with
    {
        Status = status,
        Note = note,
    };

    public static ColumnDrift Compare(ReferenceColumn reference, DatasetColumn? current, long logInvalid, DriftPolicy policy, double[] buffer)
    {
        if (current is null)
        {
            return NotTested(reference, ColumnDriftStatus.NotInCurrent, $"The current data has no column '{reference.Name}'.");
        }

        return reference.Type == DriftColumnType.Numerical
            ? CompareNumerical(reference, current, logInvalid, policy, buffer)
            : CompareCategorical(reference, current, logInvalid, policy);
    }

    private static ColumnDrift Base(ReferenceColumn reference) => new()
    {
        Name = reference.Name,
        Role = reference.Role,
        Type = reference.Type,
        Status = ColumnDriftStatus.Tested,
        ReferenceValues = reference.ValueCount,
        ReferenceMissingRate = reference.RowCount == 0 ? 0 : (double)reference.MissingCount / reference.RowCount,
        ReferenceApproximated = reference.Approximated,
        ReferenceSampled = reference.Sampled,
    };

    private static ColumnDrift CompareNumerical(ReferenceColumn reference, DatasetColumn current, long logInvalid, DriftPolicy policy, double[] buffer)
    {
        var count = ColumnValues.CopyNumbers(current, buffer, out var missing, out var invalid);

        // Values the log parser could not read are NaN in the column: invalid rather than missing.
        missing -= logInvalid;
        invalid += logInvalid;
        var result = Base(reference) with
        {
            CurrentValues = count,
            CurrentMissingRate = current.Length == 0 ? 0 : (double)(missing + invalid) / current.Length,
            CurrentInvalidValues = invalid,
        };
        if (Untestable(reference, count, policy) is { } untestable)
        {
            return result with { Status = untestable.Status, Note = Join(untestable.Note, InvalidNote(invalid)) };
        }

        var values = buffer.AsSpan(0, count);
        values.Sort();
        ReadOnlySpan<double> sorted = values;
        ReadOnlySpan<double> referenceSorted = reference.Sorted;
        var distinct = SortedSpans.CountDistinct(referenceSorted, sorted, MaxDiscreteValues + 1);
        var discrete = distinct <= MaxDiscreteValues;
        var method = ChooseMethod(reference, policy, numerical: true, continuous: !discrete, distinct, out var methodNote);
        var threshold = Threshold(reference, policy, method);
        double statistic, score;
        double? pValue = null;
        switch (method)
        {
            case DriftMethod.KolmogorovSmirnov:
                var ks = DriftStatistics.KolmogorovSmirnov(referenceSorted, sorted);
                (statistic, pValue, score) = (ks.Statistic, ks.PValue, ks.PValue);
                break;
            case DriftMethod.Wasserstein:
                var norm = Math.Max(reference.PopulationStd, DriftStatistics.WassersteinMinNorm);
                statistic = score = DriftStatistics.Wasserstein(referenceSorted, sorted) / norm;
                break;
            case DriftMethod.Psi:
                var (cuts, referenceBins) = PsiBins(reference, policy.PsiBins);
                var currentBins = SortedSpans.CountByCuts(sorted, cuts);
                statistic = score = DriftStatistics.PopulationStabilityIndex(Fractions(referenceBins), Fractions(currentBins));
                break;
            case DriftMethod.JensenShannon when CountDistinctOne(referenceSorted, JensenShannonMaxValues + 1) > JensenShannonMaxValues:
                var edges = SortedSpans.EqualWidthEdges(Math.Min(referenceSorted[0], sorted[0]), Math.Max(referenceSorted[^1], sorted[^1]), JensenShannonBins);
                statistic = score = DriftStatistics.JensenShannon(
                    SortedSpans.CountByEdges(referenceSorted, edges),
                    SortedSpans.CountByEdges(sorted, edges));
                break;
            default:
                var (_, byValueReference, byValueCurrent) = SortedSpans.CountByValue(referenceSorted, sorted);
                (statistic, pValue, score) = CategoryTest(method, byValueReference, byValueCurrent, MostFrequent(byValueReference));
                break;
        }

        return result with
        {
            Method = method,
            Statistic = statistic,
            PValue = pValue,
            Score = score,
            Threshold = threshold,
            Drifted = IsDrift(method, score, threshold),
            Constant = referenceSorted[0] == referenceSorted[^1] || sorted[0] == sorted[^1],
            Note = Join(methodNote, ReferenceNote(reference), InvalidNote(invalid), ConstantNote(referenceSorted, sorted)),
            Histogram = discrete ? ValueHistogram(referenceSorted, sorted) : NumericHistogram(referenceSorted, sorted, policy.HistogramBins),
        };
    }

    private static ColumnDrift CompareCategorical(ReferenceColumn reference, DatasetColumn current, long logInvalid, DriftPolicy policy)
    {
        var counts = ColumnValues.CountCategories(current, out var missing);
        missing -= logInvalid;
        long currentCount = 0;
        foreach (var count in counts.Values)
        {
            currentCount += count;
        }

        var result = Base(reference) with
        {
            CurrentValues = currentCount,
            CurrentMissingRate = current.Length == 0 ? 0 : (double)(missing + logInvalid) / current.Length,
            CurrentInvalidValues = logInvalid,
        };
        if (Untestable(reference, currentCount, policy) is { } untestable)
        {
            return result with { Status = untestable.Status, Note = Join(untestable.Note, InvalidNote(logInvalid)) };
        }

        var buckets = Bucket(reference, counts);
        var distinct = reference.DistinctCount + buckets.NewCategories.Count;
        var method = ChooseMethod(reference, policy, numerical: false, continuous: false, distinct, out var methodNote);
        var threshold = Threshold(reference, policy, method);
        var (statistic, pValue, score) = CategoryTest(method, buckets.Reference, buckets.Current, 0);
        var newNote = buckets.NewCategories.Count == 0
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{buckets.NewCategories.Count} categor{(buckets.NewCategories.Count == 1 ? "y is" : "ies are")} new: {string.Join(", ", buckets.NewCategories.Take(5).Select(c => $"'{c}'"))}{(buckets.NewCategories.Count > 5 ? ", …" : string.Empty)}.");
        return result with
        {
            Method = method,
            Statistic = statistic,
            PValue = pValue,
            Score = score,
            Threshold = threshold,
            Drifted = IsDrift(method, score, threshold),
            Constant = reference.DistinctCount == 1 || counts.Count == 1,
            NewCategories = buckets.NewCategories.Count,
            Note = Join(methodNote, newNote, InvalidNote(logInvalid), reference.DistinctCount == 1 || counts.Count == 1 ? "One side holds a single category." : null),
            Histogram = CategoryHistogram(buckets),
        };
    }

    private static (ColumnDriftStatus Status, string Note)? Untestable(ReferenceColumn reference, long currentCount, DriftPolicy policy)
    {
        var referenceCount = reference.Type == DriftColumnType.Numerical ? reference.Sorted.Length : reference.ValueCount;
        if (referenceCount == 0)
        {
            return (ColumnDriftStatus.AllMissing, "Every reference value is missing.");
        }

        if (currentCount == 0)
        {
            return (ColumnDriftStatus.AllMissing, "Every current value is missing.");
        }

        if (reference.ValueCount < policy.MinRows)
        {
            return (ColumnDriftStatus.NotEnoughData, Invariant($"The reference has {reference.ValueCount} values; a test needs at least {policy.MinRows}."));
        }

        if (currentCount < policy.MinRows)
        {
            return (ColumnDriftStatus.NotEnoughData, Invariant($"The current data has {currentCount} values; a test needs at least {policy.MinRows}."));
        }

        return null;
    }

    /// <summary>The policy's method for the column, else Evidently's default for its size, type and distinct values.</summary>
    private static DriftMethod ChooseMethod(ReferenceColumn reference, DriftPolicy policy, bool numerical, bool continuous, int distinct, out string? note)
    {
        note = null;
        if (policy.FeatureMethods.TryGetValue(reference.Name, out var chosen))
        {
            if (!Applies(chosen, numerical))
            {
                throw MlopsException.Validation(
                    $"Column '{reference.Name}' is categorical; {chosen} compares numbers. Use ChiSquare, ZTest, JensenShannon or Psi.",
                    $"featureMethods.{reference.Name}");
            }

            return chosen;
        }

        if (policy.Method is { } modelMethod)
        {
            if (Applies(modelMethod, numerical))
            {
                return modelMethod;
            }

            note = $"{modelMethod} compares numbers; this categorical column uses the default test.";
        }

        if (reference.ValueCount <= SmallReference)
        {
            return continuous ? DriftMethod.KolmogorovSmirnov : distinct > 2 ? DriftMethod.ChiSquare : DriftMethod.ZTest;
        }

        return continuous ? DriftMethod.Wasserstein : DriftMethod.JensenShannon;
    }

    private static double Threshold(ReferenceColumn reference, DriftPolicy policy, DriftMethod method)
    {
        var threshold = policy.ThresholdFor(reference.Name, method);

        // A column's own threshold can only be checked once its method is known: a p-value threshold of 1 or more
        // would silently flag every check.
        if (policy.FeatureThresholds.ContainsKey(reference.Name))
        {
            DriftPolicy.ValidateThreshold(method, threshold, $"featureThresholds.{reference.Name}");
        }

        return threshold;
    }

    private static bool Applies(DriftMethod method, bool numerical) =>
        numerical || method is not (DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein);

    private static bool IsDrift(DriftMethod method, double score, double threshold) => method switch
    {
        // Evidently: KS drifts at p ≤ threshold; chi-square and Z at p < threshold; distances at ≥ threshold.
        DriftMethod.KolmogorovSmirnov => score <= threshold,
        DriftMethod.ChiSquare or DriftMethod.ZTest => score < threshold,
        _ => score >= threshold,
    };

    /// <summary>A test over per-category counts on the same buckets; <paramref name="success"/> is the Z test's category.</summary>
    private static (double Statistic, double? PValue, double Score) CategoryTest(DriftMethod method, double[] reference, double[] current, int success)
    {
        switch (method)
        {
            case DriftMethod.ChiSquare:
                double referenceTotal = 0, currentTotal = 0;
                for (var k = 0; k < reference.Length; k++)
                {
                    referenceTotal += reference[k] > 0 ? reference[k] : AbsentCategoryCount;
                    currentTotal += current[k];
                }

                var expected = new double[reference.Length];
                for (var k = 0; k < reference.Length; k++)
                {
                    expected[k] = (reference[k] > 0 ? reference[k] : AbsentCategoryCount) * currentTotal / referenceTotal;
                }

                var chi = DriftStatistics.ChiSquare(current, expected);
                return (chi.Statistic, chi.PValue, chi.PValue);
            case DriftMethod.ZTest:
                var z = DriftStatistics.TwoProportionZ((long)reference[success], (long)Sum(reference), (long)current[success], (long)Sum(current));
                return (z.Statistic, z.PValue, z.PValue);
            case DriftMethod.JensenShannon:
                var js = DriftStatistics.JensenShannon(reference, current);
                return (js, null, js);
            case DriftMethod.Psi:
                var psi = DriftStatistics.PopulationStabilityIndex(Fractions(reference), Fractions(current));
                return (psi, null, psi);
            default:
                throw new InvalidOperationException($"{method} is not a test over categories.");
        }
    }

    /// <summary>
    /// The PSI bins: the profile's own quantile bins over the whole reference when it has the requested number,
    /// else the same quantiles (R7, repeats and a cut at the minimum dropped, as the profiler does) of the values kept.
    /// </summary>
    private static (IReadOnlyList<double> Cuts, double[] ReferenceCounts) PsiBins(ReferenceColumn reference, int bins)
    {
        if (reference is { ProfileEdges: { } edges, ProfileCounts: { } counts } && edges.Count + 1 == bins && counts.Count == bins)
        {
            return (edges, [.. counts.Select(c => (double)c)]);
        }

        var sorted = reference.Sorted;
        var cuts = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var cut = SortedArrayStatistics.QuantileCustom(sorted, (double)k / bins, QuantileDefinition.R7);
            if (cut > sorted[0] && (cuts.Count == 0 || cut > cuts[^1]))
            {
                cuts.Add(cut);
            }
        }

        return (cuts, SortedSpans.CountByCuts(sorted, cuts));
    }

    private static int CountDistinctOne(ReadOnlySpan<double> sorted, int cap) => SortedSpans.CountDistinct(sorted, [], cap);

    private static int MostFrequent(double[] counts)
    {
        var best = 0;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static double[] Fractions(double[] counts)
    {
        var total = Sum(counts);
        var fractions = new double[counts.Length];
        if (total > 0)
        {
            for (var k = 0; k < counts.Length; k++)
            {
                fractions[k] = counts[k] / total;
            }
        }

        return fractions;
    }

    /// <summary>
    /// Reference categories in the reference's order, then "other" when the profile had categories beyond its list
    /// (current values not listed go there), else each new category on its own, most frequent first.
    /// </summary>
    private static CategoryBuckets Bucket(ReferenceColumn reference, Dictionary<string, long> current)
    {
        var labels = new List<string>(reference.Categories);
        var referenceCounts = new List<double>(reference.CategoryCounts.Select(c => (double)c));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < reference.Categories.Length; k++)
        {
            index[reference.Categories[k]] = k;
        }

        var other = -1;
        if (reference.OtherCount > 0)
        {
            other = labels.Count;
            labels.Add(OtherLabel);
            referenceCounts.Add(reference.OtherCount);
        }

        var currentCounts = new double[labels.Count];
        var unseen = new List<KeyValuePair<string, long>>();
        foreach (var pair in current)
        {
            if (index.TryGetValue(pair.Key, out var bucket))
            {
                currentCounts[bucket] += pair.Value;
            }
            else if (other >= 0)
            {
                currentCounts[other] += pair.Value;
            }
            else
            {
                unseen.Add(pair);
            }
        }

        unseen.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        var newCategories = unseen.Select(p => p.Key).ToList();
        labels.AddRange(newCategories);
        referenceCounts.AddRange(Enumerable.Repeat(0.0, unseen.Count));
        double[] allCurrent = [.. currentCounts, .. unseen.Select(p => (double)p.Value)];
        return new CategoryBuckets([.. labels], [.. referenceCounts], allCurrent, newCategories);
    }

    private static DriftHistogram CategoryHistogram(CategoryBuckets buckets)
    {
        var reference = Fractions(buckets.Reference);
        var current = Fractions(buckets.Current);
        if (buckets.Labels.Length <= MaxHistogramCategories)
        {
            return new DriftHistogram(buckets.Labels, reference, current);
        }

        // Keep the categories that weigh most on either side; the rest are one bar.
        var keep = Enumerable.Range(0, buckets.Labels.Length)
            .OrderByDescending(k => Math.Max(reference[k], current[k]))
            .Take(MaxHistogramCategories - 1)
            .Order()
            .ToArray();
        var labels = keep.Select(k => buckets.Labels[k]).Append("(all others)").ToArray();
        double[] referenceShown = [.. keep.Select(k => reference[k]), 0];
        double[] currentShown = [.. keep.Select(k => current[k]), 0];
        referenceShown[^1] = Math.Max(0, 1 - Sum(referenceShown));
        currentShown[^1] = Math.Max(0, 1 - Sum(currentShown));
        return new DriftHistogram(labels, referenceShown, currentShown);
    }

    private static DriftHistogram ValueHistogram(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (values, referenceCounts, currentCounts) = SortedSpans.CountByValue(reference, current);
        return new DriftHistogram([.. values.Select(ColumnValues.FormatNumber)], Fractions(referenceCounts), Fractions(currentCounts));
    }

    private static DriftHistogram NumericHistogram(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins)
    {
        var edges = SortedSpans.EqualWidthEdges(Math.Min(reference[0], current[0]), Math.Max(reference[^1], current[^1]), bins);
        var labels = new string[bins];
        for (var k = 0; k < bins; k++)
        {
            labels[k] = $"{ShortNumber(edges[k])} – {ShortNumber(edges[k + 1])}";
        }

        return new DriftHistogram(
            labels,
            Fractions(SortedSpans.CountByEdges(reference, edges)),
            Fractions(SortedSpans.CountByEdges(current, edges)),
            edges);
    }

    /// <summary>Four significant digits without an exponent where that reads well (10780, 5.106, 0.0123).</summary>
    internal static string ShortNumber(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        if (magnitude >= 1e7 || magnitude < 1e-3)
        {
            return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(magnitude)), 0, 6);
        return Math.Round(value, decimals).ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static string? ReferenceNote(ReferenceColumn reference) =>
        reference.Approximated
            ? "No reference sample was stored: the reference values were rebuilt from the profile's quantile bins, so the result is approximate."
            : reference.Sampled
                ? Invariant($"The test used a sample of {reference.Sorted.Length} of the {reference.ValueCount} reference values.")
                : null;

    private static string? InvalidNote(long invalid) =>
        invalid == 0 ? null : Invariant($"{invalid} current value{(invalid == 1 ? " was" : "s were")} not usable (not finite or of another type) and count as missing.");

    private static string? ConstantNote(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        reference[0] == reference[^1] ? "The reference is constant." : current[0] == current[^1] ? "The current data is constant." : null;

    private static string? Join(params string?[] notes)
    {
        var present = notes.Where(n => n is not null).ToArray();
        return present.Length == 0 ? null : string.Join(" ", present);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record CategoryBuckets(string[] Labels, double[] Reference, double[] Current, IReadOnlyList<string> NewCategories);
}
