using System.Globalization;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// Compares current data with a reference, column by column, and judges the data set: a pure function of its inputs
/// (no clock, no storage), so checks on a timer, on demand and in tests give the same answer for the same data.
/// </summary>
/// <remarks>
/// Each numerical current column is copied without its missing values and sorted once; KS and Wasserstein are then one
/// merge walk against the sorted reference, and every binning (PSI, histograms) a binary search per bin edge. Missing
/// values (null, NaN) are left out of every test and reported as a rate; infinities and values of the wrong type
/// count as missing and are reported as invalid. A column without values on either side, or with fewer than
/// <see cref="DriftPolicy.MinRows"/>, is reported as such rather than tested.
/// </remarks>
public static class DriftCalculator
{
    /// <summary>
    /// The drift of <paramref name="current"/> from <paramref name="reference"/> under <paramref name="policy"/>
    /// (Evidently's defaults when null). A policy that is invalid, names a column the reference lacks, or asks for a
    /// numbers-only test on a categorical column gives a 400 <see cref="MlopsException"/> naming the setting.
    /// </summary>
    public static DriftResult Compute(DriftReference reference, DriftCurrent current, DriftPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        policy ??= DriftPolicy.Default;
        policy.Validate();
        ValidateColumns(reference, policy);

        var columns = new List<ColumnDrift>(reference.Columns.Count);
        string? message = null;
        if (current.RowCount < policy.MinRows)
        {
            message = Invariant($"The current data has {current.RowCount} rows; a drift check needs at least {policy.MinRows}.");
            foreach (var column in reference.Columns)
            {
                columns.Add(ColumnComparer.NotTested(column, ColumnDriftStatus.NotEnoughData, message));
            }
        }
        else
        {
            // One buffer for every numerical column: each is copied in, sorted and tested before the next.
            var buffer = new double[current.RowCount];
            foreach (var column in reference.Columns)
            {
                columns.Add(ColumnComparer.Compare(column, current.FindColumn(column.Name), current.InvalidValues(column.Name), policy, buffer));
            }
        }

        var features = columns.Where(c => c.Role == DriftColumnRole.Feature).ToList();
        var predictions = columns.Where(c => c.Role == DriftColumnRole.Prediction).ToList();
        var tested = features.Count(c => c.Status == ColumnDriftStatus.Tested);
        var drifted = features.Count(c => c.Drifted);
        var share = tested == 0 ? 0 : (double)drifted / tested;
        var testedPredictions = predictions.Where(c => c.Status == ColumnDriftStatus.Tested).ToList();
        if (tested == 0 && message is null)
        {
            message = "No feature could be tested: see each feature's note.";
        }

        if (current.SkippedRecords > 0)
        {
            var skipped = Invariant($"{current.SkippedRecords} prediction-log record{(current.SkippedRecords == 1 ? " was" : "s were")} unreadable and left out.");
            message = message is null ? skipped : $"{message} {skipped}";
        }

        return new DriftResult
        {
            Model = reference.Model,
            Version = reference.Version,
            Status = tested == 0 ? DriftCheckStatus.NotEnoughData : DriftCheckStatus.Computed,
            Message = message,
            ReferenceRows = reference.RowCount,
            CurrentRows = current.RowCount,
            SkippedRecords = current.SkippedRecords,
            TestedFeatures = tested,
            DriftedFeatures = drifted,
            DriftShare = share,
            DatasetDriftShare = policy.DatasetDriftShare,
            DatasetDrift = tested > 0 && share >= policy.DatasetDriftShare,
            PredictionDrift = testedPredictions.Count == 0 ? null : testedPredictions.Any(c => c.Drifted),
            Features = features,
            Predictions = predictions,
        };
    }

    private static void ValidateColumns(DriftReference reference, DriftPolicy policy)
    {
        foreach (var (name, field) in policy.FeatureMethods.Keys.Select(k => (k, "featureMethods")).Concat(policy.FeatureThresholds.Keys.Select(k => (k, "featureThresholds"))))
        {
            if (reference.Find(name) is null)
            {
                throw MlopsException.Validation(
                    $"The drift policy names column '{name}', which the reference does not have; its columns are {string.Join(", ", reference.Columns.Select(c => $"'{c.Name}'"))}.",
                    $"{field}.{name}");
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
