using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Sweeps;

/// <summary>
/// The values one parameter takes in a sweep: either <see cref="Values"/> (a grid axis; in JSON also a bare array)
/// or a range from <see cref="Min"/> to <see cref="Max"/> sampled on a <see cref="Scale"/> (random search).
/// </summary>
[JsonConverter(typeof(SearchDimensionConverter))]
public sealed record SearchDimension
{
    /// <summary>The values of a grid axis.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>The smallest value of a range (inclusive).</summary>
    public double? Min { get; init; }

    /// <summary>The largest value of a range (inclusive).</summary>
    public double? Max { get; init; }

    /// <summary>How a range is sampled. Default linear.</summary>
    public SearchScale? Scale { get; init; }

    /// <summary>Whether this is a range (random search) rather than a list.</summary>
    [JsonIgnore]
    public bool IsRange => Values is null;

    /// <summary>A grid axis.</summary>
    public static SearchDimension Grid(params double[] values) => new() { Values = values };

    /// <summary>A range for random search.</summary>
    public static SearchDimension Range(double min, double max, SearchScale scale = SearchScale.Linear) => new() { Min = min, Max = max, Scale = scale };
}
