namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// A bounded, seeded sample of each numerical reference column, stored beside the <see cref="Training.Data.DatasetProfile"/>
/// so KS and Wasserstein can compare real reference values. A profile keeps only quantile bins, which would blur
/// both tests; a few thousand values per column keep them close to exact at a small, fixed size (5,000 doubles is
/// about 40 KB per column). Columns with no more values than the bound are kept whole, so the small references for
/// which KS is the default are exact.
/// </summary>
/// <param name="MaxValuesPerColumn">The bound the sample was drawn with.</param>
/// <param name="Seed">The seed of the reservoir sampling, for reproducing it.</param>
/// <param name="Columns">Per numerical column name, its sampled non-missing values in ascending order.</param>
public sealed record ReferenceSample(int MaxValuesPerColumn, int Seed, IReadOnlyDictionary<string, IReadOnlyList<double>> Columns);
