namespace Mlops.Core.Training.Data;

/// <summary>How a column's values are typed once loaded.</summary>
public enum ColumnKind
{
    /// <summary>Numbers, held as <see cref="double"/> with <see cref="double.NaN"/> for a missing value.</summary>
    Numeric,

    /// <summary>Text categories, dictionary-encoded: an integer code per row and a sorted list of categories.</summary>
    Categorical,

    /// <summary>true/false (also yes/no, y/n, t/f; and 1/0 when declared).</summary>
    Boolean,

    /// <summary>Points in time, held as <see cref="DateTimeOffset"/> (UTC unless the value says otherwise).</summary>
    Timestamp,
}
