using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Data quality of live traffic per feature: what drift already measured (missing and unparsable values) plus values
/// outside the training range and categories the training data did not have.
/// </summary>
internal static class DataQualityCalculator
{
    private const int MaxListedCategories = 20;

    public static IReadOnlyList<FeatureQuality> Compute(DatasetProfile? profile, DriftCurrent current, DriftResult drift)
    {
        var result = new List<FeatureQuality>(drift.Features.Count);
        foreach (var feature in drift.Features)
        {
            var column = current.FindColumn(feature.Name);
            var rows = current.RowCount;
            if (column is null)
            {
                result.Add(new FeatureQuality(feature.Name, rows, rows == 0 ? 0 : 1, 0, 0, 0, null, [], 0, "The feature is not in the current data."));
                continue;
            }

            var reference = profile?.Find(feature.Name);
            var invalid = feature.CurrentInvalidValues;
            var invalidRate = rows == 0 ? 0 : (double)invalid / rows;
            long outOfRange = 0;
            double? outOfRangeRate = null;
            IReadOnlyList<string> newCategories = [];
            long newValues = 0;
            string? note = null;
            if (ColumnValues.TryReadNumbers(column, out var numbers))
            {
                long present = 0;
                if (reference is { Minimum: { } min, Maximum: { } max })
                {
                    foreach (var value in numbers.Span)
                    {
                        if (!double.IsFinite(value))
                        {
                            continue;
                        }

                        present++;
                        if (value < min || value > max)
                        {
                            outOfRange++;
                        }
                    }

                    outOfRangeRate = present == 0 ? 0 : (double)outOfRange / present;
                }
                else
                {
                    note = "The training profile has no range for this feature.";
                }
            }
            else if (column is CategoricalColumn categorical && reference?.Categories is { } known)
            {
                (newCategories, newValues, note) = NewCategories(categorical, reference, known);
            }

            result.Add(new FeatureQuality(feature.Name, rows, feature.CurrentMissingRate, invalid, invalidRate, outOfRange, outOfRangeRate, newCategories, newValues, note));
        }

        return result;
    }

    private static (IReadOnlyList<string> Categories, long Values, string? Note) NewCategories(
        CategoricalColumn column,
        FeatureProfile reference,
        IReadOnlyList<CategoryFrequency> known)
    {
        if (reference.OtherCount is > 0)
        {
            // Categories beyond the profile's top list were seen in training but not kept by name, so "new" cannot be told.
            return ([], 0, $"The training profile keeps its {known.Count} most frequent categories; new categories are not told apart from rarer known ones.");
        }

        var names = new HashSet<string>(known.Select(k => k.Value), StringComparer.Ordinal);
        var counts = new long[column.Categories.Count];
        foreach (var code in column.Codes.Span)
        {
            if (code >= 0)
            {
                counts[code]++;
            }
        }

        var found = new List<string>();
        long values = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0 && !names.Contains(column.Categories[i]))
            {
                values += counts[i];
                if (found.Count < MaxListedCategories)
                {
                    found.Add(column.Categories[i]);
                }
            }
        }

        return (found, values, null);
    }
}
