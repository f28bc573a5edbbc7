namespace Mlops.Core.Monitoring.Drift;

/// <summary>The drift verdict on one column.</summary>
public sealed record ColumnDrift
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>Feature or prediction.</summary>
    public required DriftColumnRole Role { get; init; }

    /// <summary>Numerical or categorical, as the reference has it.</summary>
    public required DriftColumnType Type { get; init; }

    /// <summary>Whether the test ran, or why not.</summary>
    public required ColumnDriftStatus Status { get; init; }

    /// <summary>The test, when one was chosen.</summary>
    public DriftMethod? Method { get; init; }

    /// <summary>
    /// The test statistic: KS D, chi-square, Z, or for distance methods the distance itself (the Wasserstein distance
    /// already divided by the reference standard deviation).
    /// </summary>
    public double? Statistic { get; init; }

    /// <summary>The p-value, for KS, chi-square and Z.</summary>
    public double? PValue { get; init; }

    /// <summary>What is compared with <see cref="Threshold"/>: the p-value, or the distance.</summary>
    public double? Score { get; init; }

    /// <summary>The threshold the score was judged by.</summary>
    public double? Threshold { get; init; }

    /// <summary>Whether the column drifted (false when it was not tested).</summary>
    public bool Drifted { get; init; }

    /// <summary>Non-missing values in the whole reference.</summary>
    public long ReferenceValues { get; init; }

    /// <summary>Non-missing values in the current data.</summary>
    public long CurrentValues { get; init; }

    /// <summary>The reference's share of missing values.</summary>
    public double ReferenceMissingRate { get; init; }

    /// <summary>The current data's share of missing values (invalid ones included).</summary>
    public double CurrentMissingRate { get; init; }

    /// <summary>Current values present but unusable: not finite, or not of the column's type.</summary>
    public long CurrentInvalidValues { get; init; }

    /// <summary>Whether either side holds a single distinct value.</summary>
    public bool Constant { get; init; }

    /// <summary>Categories in the current data that the reference does not have.</summary>
    public int NewCategories { get; init; }

    /// <summary>Whether the reference values were rebuilt from the profile's quantile bins (no stored sample).</summary>
    public bool ReferenceApproximated { get; init; }

    /// <summary>Whether the numerical tests used a sample of the reference rather than all of it.</summary>
    public bool ReferenceSampled { get; init; }

    /// <summary>Why the column was not tested, or what to know about the result, in words.</summary>
    public string? Note { get; init; }

    /// <summary>Reference and current distributions, when both sides have values.</summary>
    public DriftHistogram? Histogram { get; init; }
}
