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
}
