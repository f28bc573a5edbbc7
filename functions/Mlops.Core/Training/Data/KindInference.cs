namespace Mlops.Core.Training.Data;

/// <summary>
/// Infers a column's kind from a sample of its text values. The rules, in order, over the values that are not missing:
/// <list type="number">
/// <item>none at all: <see cref="ColumnKind.Categorical"/> (text never fails to parse, so no later value is lost);</item>
/// <item>every value is true/false, yes/no, y/n or t/f: <see cref="ColumnKind.Boolean"/>;</item>
/// <item>at least 95% parse as numbers: <see cref="ColumnKind.Numeric"/> (the rest are reported as parse failures).
/// 0/1 columns and low-cardinality integers (counts, ratings) stay numeric: turning them into categories would
/// silently discard their order. Declare <see cref="ColumnKind.Categorical"/> for codes such as zip codes, or
/// <see cref="ColumnKind.Boolean"/> for a 0/1 flag;</item>
/// <item>at least 95% are ISO 8601 dates or date-times: <see cref="ColumnKind.Timestamp"/>;</item>
/// <item>otherwise <see cref="ColumnKind.Categorical"/>.</item>
/// </list>
/// </summary>
internal static class KindInference
{
    /// <summary>The share of a sample that must parse for a numeric or timestamp kind.</summary>
    public const double ParseRateThreshold = 0.95;

    public static ColumnKind Infer(IEnumerable<string?> sample)
    {
        var present = 0;
        var booleans = 0;
        var numbers = 0;
        var timestamps = 0;
        foreach (var value in sample)
        {
            if (value is null || TextValues.IsMissing(value))
            {
                continue;
            }

            present++;
            if (TextValues.TryParseBoolean(value, allowDigits: false, out _))
            {
                booleans++;
            }

            if (TextValues.TryParseNumber(value, out _))
            {
                numbers++;
            }
            else if (TextValues.LooksLikeIsoDate(value) && TextValues.TryParseTimestamp(value, out _))
            {
                timestamps++;
            }
        }

        if (present == 0)
        {
            return ColumnKind.Categorical;
        }

        if (booleans == present)
        {
            return ColumnKind.Boolean;
        }

        if (numbers >= ParseRateThreshold * present)
        {
            return ColumnKind.Numeric;
        }

        return timestamps >= ParseRateThreshold * present ? ColumnKind.Timestamp : ColumnKind.Categorical;
    }
}
