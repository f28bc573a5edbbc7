using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Sweeps;

/// <summary>
/// One trainer of a sweep: its fixed parameters and a search space over others. With only lists in
/// <see cref="Search"/> the sweep is a grid (every combination, or <see cref="Samples"/> of them drawn without
/// replacement); with any range it is a random search of <see cref="Samples"/> draws (lists drawn from uniformly).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainerSweep
{
    /// <summary><c>lightgbm</c>, <c>fasttree</c> or <c>linear</c>. Required.</summary>
    public string? Trainer { get; init; }

    /// <summary>Parameters every candidate of this trainer uses (names as in <c>TrainerParameters</c>).</summary>
    public IReadOnlyDictionary<string, double>? Parameters { get; init; }

    /// <summary>The search space: per parameter a list of values (<c>[15, 31, 63]</c>) or a range (<c>{"min": 0.01, "max": 0.3, "scale": "log"}</c>).</summary>
    public IReadOnlyDictionary<string, SearchDimension>? Search { get; init; }

    /// <summary>Random search: the draws (default 10). Grid: how many combinations to draw instead of all.</summary>
    public int? Samples { get; init; }
}
