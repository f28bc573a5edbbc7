using System.Globalization;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>Reads typed columns as the numbers or categories drift compares.</summary>
internal static class ColumnValues
{
    /// <summary>How a category that is a number is spelled, so 3 and 3.0 from a JSON log match "3" from a CSV.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Whether the column holds numbers (numeric, or timestamps as Unix seconds), and if so its values, NaN where missing.</summary>
    public static bool TryReadNumbers(DatasetColumn column, out ReadOnlyMemory<double> values)
    {
        switch (column)
        {
            case NumericColumn numeric:
                values = numeric.Values;
                return true;
            case TimestampColumn timestamp:
                var span = timestamp.Values.Span;
                var seconds = new double[span.Length];
                for (var row = 0; row < span.Length; row++)
                {
                    seconds[row] = span[row] is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : double.NaN;
                }

                values = seconds;
                return true;
            default:
                values = default;
                return false;
        }
    }

    /// <summary>The drift type of a column kind.</summary>
    public static DriftColumnType TypeOf(ColumnKind kind) =>
        kind is ColumnKind.Numeric or ColumnKind.Timestamp ? DriftColumnType.Numerical : DriftColumnType.Categorical;

    /// <summary>
    /// Copies the finite values of <paramref name="column"/> as numbers into <paramref name="buffer"/> (at least the
    /// column's length) and returns how many; NaN and missing count as missing, infinities and categories that are not
    /// numbers as invalid.
    /// </summary>
    public static int CopyNumbers(DatasetColumn column, double[] buffer, out long missing, out long invalid)
    {
        missing = 0;
        invalid = 0;
        var count = 0;
        switch (column)
        {
            case NumericColumn numeric:
                count = CopyFinite(numeric.Values.Span, buffer, out missing, out invalid);
                break;
            case TimestampColumn:
                TryReadNumbers(column, out var seconds);
                count = CopyFinite(seconds.Span, buffer, out missing, out invalid);
                break;
            case BooleanColumn boolean:
                for (var row = 0; row < boolean.Length; row++)
                {
                    if (boolean[row] is { } flag)
                    {
                        buffer[count++] = flag ? 1 : 0;
                    }
                    else
                    {
                        missing++;
                    }
                }

                break;
            case CategoricalColumn categorical:
                var parsed = new double[categorical.Categories.Count];
                for (var code = 0; code < parsed.Length; code++)
                {
                    parsed[code] = double.TryParse(categorical.Categories[code], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                        ? number
                        : double.NaN;
                }

                foreach (var code in categorical.Codes.Span)
                {
                    if (code == CategoricalColumn.MissingCode)
                    {
                        missing++;
                    }
                    else if (double.IsNaN(parsed[code]))
                    {
                        invalid++;
                    }
                    else
                    {
                        buffer[count++] = parsed[code];
                    }
                }

                break;
            default:
                throw new ArgumentException($"Column '{column.Name}' is of an unknown kind.", nameof(column));
        }

        return count;
    }

    private static int CopyFinite(ReadOnlySpan<double> values, double[] buffer, out long missing, out long invalid)
    {
        int count = 0, nan = 0, infinite = 0;
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                buffer[count++] = value;
            }
            else if (double.IsNaN(value))
            {
                nan++;
            }
            else
            {
                infinite++;
            }
        }

        missing = nan;
        invalid = infinite;
        return count;
    }

    /// <summary>
    /// Counts the categories of a column: per distinct value (booleans as <c>true</c>/<c>false</c>, numbers spelled by
    /// <see cref="FormatNumber"/>), and the missing values.
    /// </summary>
    public static Dictionary<string, long> CountCategories(DatasetColumn column, out long missing)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        missing = 0;
        switch (column)
        {
            case CategoricalColumn categorical:
                var perCode = new long[categorical.Categories.Count];
                foreach (var code in categorical.Codes.Span)
                {
                    if (code == CategoricalColumn.MissingCode)
                    {
                        missing++;
                    }
                    else
                    {
                        perCode[code]++;
                    }
                }

                for (var code = 0; code < perCode.Length; code++)
                {
                    if (perCode[code] > 0)
                    {
                        counts[categorical.Categories[code]] = perCode[code];
                    }
                }

                break;
            case NumericColumn numeric:
                var perValue = new Dictionary<double, long>();
                foreach (var value in numeric.Values.Span)
                {
                    if (double.IsNaN(value))
                    {
                        missing++;
                    }
                    else
                    {
                        perValue[value] = perValue.GetValueOrDefault(value) + 1;
                    }
                }

                foreach (var (value, count) in perValue)
                {
                    var key = FormatNumber(value);
                    counts[key] = counts.GetValueOrDefault(key) + count;
                }

                break;
            default:
                for (var row = 0; row < column.Length; row++)
                {
                    if (column.FormatValue(row) is { } text)
                    {
                        counts[text] = counts.GetValueOrDefault(text) + 1;
                    }
                    else
                    {
                        missing++;
                    }
                }

                break;
        }

        return counts;
    }
}
