namespace Mlops.Core.Registry;

/// <summary>The metadata sent with a new version's ONNX file.</summary>
public sealed record NewModelVersion
{
    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Evaluation metrics.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Training parameters.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Lineage.</summary>
    public ModelLineage? Lineage { get; init; }

    /// <summary>
    /// Where the training data's profile (a <c>DatasetProfile</c> JSON document, the baseline drift monitoring compares
    /// against) is stored, content-addressed; written before the version. Set together with <see cref="ProfileSha256"/>.
    /// </summary>
    public string? ProfileUri { get; init; }

    /// <summary>SHA-256 of the profile document, lower-case hex.</summary>
    public string? ProfileSha256 { get; init; }
}
