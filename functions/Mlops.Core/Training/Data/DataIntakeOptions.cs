using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Training.Data;

/// <summary>Data intake settings, bound from the <c>Training:Data</c> section (<c>Training__Data__...</c> as app settings).</summary>
public sealed class DataIntakeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Training:Data";

    /// <summary>
    /// Whether locations may be local paths. Default false: a caller of the HTTP API must not be able to make the
    /// server read its own disk. Turn it on for tests and the command line.
    /// </summary>
    public bool AllowLocalFiles { get; set; }

    /// <summary>The largest data file accepted, in bytes. Default 2 GiB.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxDataBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>CSV rows that column kinds are inferred from. Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int InferenceSampleRows { get; set; } = 10_000;

    /// <summary>Quantile bins per numeric column in the profile. Default 10.</summary>
    [Range(2, 100)]
    public int ProfileBins { get; set; } = DatasetProfiler.DefaultBins;

    /// <summary>Categories kept per column in the profile before the rest count as other. Default 20.</summary>
    [Range(1, 10_000)]
    public int ProfileTopCategories { get; set; } = DatasetProfiler.DefaultTopCategories;
}
