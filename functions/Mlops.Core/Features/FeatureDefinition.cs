namespace Mlops.Core.Features;

/// <summary>
/// One feature of a view. Which members are set decides its <see cref="FeatureKind"/>:
/// <list type="bullet">
/// <item><b>passthrough</b>: only <see cref="Column"/> (default: the feature's own name), copied as it is;</item>
/// <item><b>derived</b>: <see cref="Expression"/>, arithmetic on columns (<c>+ - * /</c>, parentheses, numbers) and the
/// functions <c>log(x)</c>, <c>ratio(a, b)</c> (missing when <c>b</c> is 0) and <c>bucketize(x, b1, b2, ...)</c> (the index
/// of the bucket <c>x</c> falls in, boundaries ascending);</item>
/// <item><b>aggregate</b>: <see cref="Aggregation"/> of <see cref="Column"/> (or of <see cref="Expression"/>; <c>count</c>
/// needs neither) over the entity's rows in the trailing <see cref="Window"/> up to and including each row's time.</item>
/// </list>
/// Missing inputs, and results that are not finite numbers, give a missing value.
/// </summary>
/// <param name="Name">The feature's name: a letter, then up to 63 letters, digits or '_'; unique in the view.</param>
/// <param name="Column">The source column it reads.</param>
/// <param name="Expression">A derived feature's expression, or the per-row value an aggregate aggregates.</param>
/// <param name="Aggregation">The aggregate function, for a windowed aggregate.</param>
/// <param name="Window">The aggregate's trailing window (<see cref="FeatureDuration"/> text such as <c>1h</c>, <c>7d</c>).</param>
/// <param name="Type">The value type: <see cref="FeatureValueType.Number"/> (default) or, for a passthrough only,
/// <see cref="FeatureValueType.Text"/>.</param>
/// <param name="Description">What the feature means, optional.</param>
public sealed record FeatureDefinition(
    string Name,
    string? Column = null,
    string? Expression = null,
    FeatureAggregation? Aggregation = null,
    string? Window = null,
    FeatureValueType? Type = null,
    string? Description = null)
{
    /// <summary>The kind of feature the set members describe.</summary>
    public FeatureKind Kind => Aggregation is not null ? FeatureKind.Aggregate
        : Expression is not null ? FeatureKind.Derived
        : FeatureKind.Passthrough;

    /// <summary>The value type, defaulted.</summary>
    public FeatureValueType ValueType => Type ?? FeatureValueType.Number;
}
