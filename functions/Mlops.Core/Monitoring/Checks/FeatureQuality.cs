namespace Mlops.Core.Monitoring.Checks;

/// <summary>Data quality of one feature in a window of live traffic.</summary>
/// <param name="Name">The feature.</param>
/// <param name="Rows">Rows in the window.</param>
/// <param name="MissingRate">Share of rows without a usable value (absent, null, NaN, or a value that failed to parse).</param>
/// <param name="InvalidValues">Values present that failed to parse as the column's type (text in a numeric column, infinities).</param>
/// <param name="InvalidRate"><paramref name="InvalidValues"/> over <paramref name="Rows"/>.</param>
/// <param name="OutOfRangeValues">Numerical values below the training minimum or above the training maximum.</param>
/// <param name="OutOfRangeRate"><paramref name="OutOfRangeValues"/> over the values present; null for categorical columns.</param>
/// <param name="NewCategories">Categories the training data did not have (at most 20 listed).</param>
/// <param name="NewCategoryValues">Values in those categories.</param>
/// <param name="Note">What to know (e.g. the training profile keeps only its top categories).</param>
internal sealed record FeatureQuality(
    string Name,
    int Rows,
    double MissingRate,
    long InvalidValues,
    double InvalidRate,
    long OutOfRangeValues,
    double? OutOfRangeRate,
    IReadOnlyList<string> NewCategories,
    long NewCategoryValues,
    string? Note);
