namespace Mlops.Core.Features.PointInTime;

/// <summary>Joins the values of several entity-key columns into one key per row, so composite keys index like single ones.</summary>
internal static class EntityKeys
{
    // A control character that text keys do not contain, so ("a\u001fb", "c") cannot collide with ("a", "b\u001fc")
    // in practice; a key part holding it is refused instead of silently colliding.
    public const char Separator = '\u001f';

    /// <summary>
    /// One key per row: the single column as it is, or the parts joined by <see cref="Separator"/>; null where any part
    /// is missing.
    /// </summary>
    public static string?[] Compose(IReadOnlyList<string?[]> columns, string field)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("At least one key column is needed.", nameof(columns));
        }

        if (columns.Count == 1)
        {
            return columns[0];
        }

        var rows = columns[0].Length;
        var keys = new string?[rows];
        var parts = new string[columns.Count];
        for (var r = 0; r < rows; r++)
        {
            var complete = true;
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c][r] is not { } part)
                {
                    complete = false;
                    break;
                }

                if (part.Contains(Separator, StringComparison.Ordinal))
                {
                    throw Diagnostics.MlopsException.Validation($"Row {r} has an entity key containing the control character U+001F, which keys may not hold.", field);
                }

                parts[c] = part;
            }

            keys[r] = complete ? string.Join(Separator, parts) : null;
        }

        return keys;
    }
}
