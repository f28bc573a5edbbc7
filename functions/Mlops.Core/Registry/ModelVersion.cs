using Mlops.Core.Onnx;

namespace Mlops.Core.Registry;

/// <summary>An immutable, numbered version of a registered model.</summary>
public sealed record ModelVersion
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number: 1, 2, 3… with no gaps.</summary>
    public required int Version { get; init; }

    /// <summary>The registration status.</summary>
    public required ModelVersionStatus Status { get; init; }

    /// <summary>The artifact's blob URI (content-addressed).</summary>
    public required string ArtifactUri { get; init; }

    /// <summary>SHA-256 of the ONNX bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size of the ONNX file in bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>The model's inputs and outputs, read from the graph.</summary>
    public required ModelSignature Signature { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Evaluation metrics, e.g. <c>auc</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Training parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Lineage.</summary>
    public ModelLineage Lineage { get; init; } = new();

    /// <summary>The training data's profile document (content-addressed), or null when none was stored with the version.</summary>
    public string? ProfileUri { get; init; }

    /// <summary>SHA-256 of the profile document, lower-case hex; null without a profile.</summary>
    public string? ProfileSha256 { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who registered it (key name).</summary>
    public required string CreatedBy { get; init; }
}
