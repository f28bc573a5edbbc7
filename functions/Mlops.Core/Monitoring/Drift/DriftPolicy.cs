using Mlops.Core.Diagnostics;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// How a model's drift is judged. The defaults are Evidently's (see <see cref="DriftMethod"/>): a method per column by
/// its type, size and distinct values; p-value tests at 0.05, distances at 0.1; data set drift when half the tested
/// features drift. Every part can be overridden for the whole model or per feature; a feature setting wins over a
/// model-wide one.
/// </summary>
public sealed record DriftPolicy
{
    /// <summary>Evidently's defaults.</summary>
    public static DriftPolicy Default { get; } = new();

    /// <summary>The test for every column, or null (default) to choose per column by Evidently's rules.</summary>
    public DriftMethod? Method { get; init; }

    /// <summary>The test per column name; wins over <see cref="Method"/>. Names must be columns of the reference.</summary>
    public IReadOnlyDictionary<string, DriftMethod> FeatureMethods { get; init; } = new Dictionary<string, DriftMethod>();

    /// <summary>The threshold per method, replacing <see cref="DefaultThreshold"/> for every column tested that way.</summary>
    public IReadOnlyDictionary<DriftMethod, double> MethodThresholds { get; init; } = new Dictionary<DriftMethod, double>();

    /// <summary>The threshold per column name, whatever its method; wins over <see cref="MethodThresholds"/>.</summary>
    public IReadOnlyDictionary<string, double> FeatureThresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The data set drifts when at least this share of the tested features drift. Default 0.5; in (0, 1].</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>
    /// The fewest rows a window, and the fewest non-missing values a column on either side, must have to be tested.
    /// Default 30: below that a test mostly reports noise, so the result says there is not enough data instead.
    /// </summary>
    public int MinRows { get; init; } = 30;

    /// <summary>Bins at the reference's quantiles for <see cref="DriftMethod.Psi"/> on numerical columns. Default 10; 2 to 1,000.</summary>
    public int PsiBins { get; init; } = 10;

    /// <summary>Equal-width bins of the numerical histograms in the result and report. Default 20; 2 to 200.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>
    /// The default threshold of a method: 0.05 on the p-value for <see cref="DriftMethod.KolmogorovSmirnov"/>,
    /// <see cref="DriftMethod.ChiSquare"/> and <see cref="DriftMethod.ZTest"/>; 0.1 on the distance for the others.
    /// </summary>
    public static double DefaultThreshold(DriftMethod method) => IsPValueTest(method) ? 0.05 : 0.1;

    /// <summary>Whether the method's score is a p-value (drift when small) rather than a distance (drift when large).</summary>
    public static bool IsPValueTest(DriftMethod method) =>
        method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare or DriftMethod.ZTest;

    /// <summary>The threshold a column is judged by under this policy.</summary>
    public double ThresholdFor(string column, DriftMethod method)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (FeatureThresholds.TryGetValue(column, out var threshold))
        {
            return threshold;
        }

        return MethodThresholds.TryGetValue(method, out threshold) ? threshold : DefaultThreshold(method);
    }

    /// <summary>Checks every setting; a 400 <see cref="MlopsException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (!(DatasetDriftShare > 0 && DatasetDriftShare <= 1))
        {
            throw MlopsException.Validation($"The data set drift share must be in (0, 1]; got {DatasetDriftShare}.", "datasetDriftShare");
        }

        if (MinRows < 1)
        {
            throw MlopsException.Validation($"The minimum rows must be at least 1; got {MinRows}.", "minRows");
        }

        if (PsiBins is < 2 or > 1000)
        {
            throw MlopsException.Validation($"PSI bins must be from 2 to 1000; got {PsiBins}.", "psiBins");
        }

        if (HistogramBins is < 2 or > 200)
        {
            throw MlopsException.Validation($"Histogram bins must be from 2 to 200; got {HistogramBins}.", "histogramBins");
        }

        if (Method is { } method && !Enum.IsDefined(method))
        {
            throw MlopsException.Validation($"Unknown drift method {(int)method}.", "method");
        }

        foreach (var (column, columnMethod) in FeatureMethods)
        {
            if (!Enum.IsDefined(columnMethod))
            {
                throw MlopsException.Validation($"Unknown drift method {(int)columnMethod} for column '{column}'.", $"featureMethods.{column}");
            }
        }

        foreach (var (thresholdMethod, threshold) in MethodThresholds)
        {
            ValidateThreshold(thresholdMethod, threshold, $"methodThresholds.{thresholdMethod}");
        }

        foreach (var (column, threshold) in FeatureThresholds)
        {
            // The method is not known until the data is seen, so only what holds for every method is checked here.
            if (!(threshold > 0) || double.IsInfinity(threshold))
            {
                throw MlopsException.Validation($"The threshold of column '{column}' must be a positive number; got {threshold}.", $"featureThresholds.{column}");
            }
        }
    }

    /// <summary>Checks a threshold against its method: a p-value in (0, 1), or a positive finite distance.</summary>
    internal static void ValidateThreshold(DriftMethod method, double threshold, string field)
    {
        var valid = IsPValueTest(method) ? threshold > 0 && threshold < 1 : threshold > 0 && !double.IsInfinity(threshold);
        if (!valid)
        {
            var expected = IsPValueTest(method) ? "a p-value in (0, 1)" : "a positive distance";
            throw MlopsException.Validation($"The {method} threshold must be {expected}; got {threshold}.", field);
        }
    }
}
