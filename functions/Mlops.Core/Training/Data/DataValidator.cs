using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Checks a loaded data set. Hard errors (no label values, a label with one value, no features, a feature with no
/// values) throw a 422 naming the column and what to fix; everything else becomes a <see cref="DataWarning"/>.
/// </summary>
internal static class DataValidator
{
    public const double HighMissingRate = 0.5;
    public const double ImbalanceFraction = 0.05;
    public const int MaxLabelClasses = 20;
    public const int HighCardinality = 1000;

    public static DataValidationReport Validate(
        TabularDataset data,
        IReadOnlyDictionary<string, ColumnBuilder> readStats,
        IReadOnlySet<string> kindDeclared,
        IReadOnlyList<string> inferredIds,
        int maxExamples)
    {
        var rows = data.RowCount;
        var reports = new List<ColumnReport>(data.Columns.Count);
        foreach (var column in data.Columns)
        {
            var schema = data.Schema.Find(column.Name)!;
            readStats.TryGetValue(column.Name, out var stats);
            var missing = column.CountMissing();
            var (distinct, constant) = Distinctness(column);
            var (outOfRange, outOfRangeExamples) = OutOfRange(column, schema, maxExamples);
            reports.Add(new ColumnReport(
                column.Name,
                column.Kind,
                schema.Role,
                !kindDeclared.Contains(column.Name),
                missing,
                rows == 0 ? 0 : (double)missing / rows,
                stats?.ParseFailureCount ?? 0,
                stats?.ParseFailureExamples ?? [],
                outOfRange,
                outOfRangeExamples,
                distinct,
                constant));
        }

        var balance = CheckLabel(data, reports);
        CheckFeatures(data, reports, inferredIds);

        var warnings = new List<DataWarning>();
        foreach (var report in reports)
        {
            AddColumnWarnings(report, rows, warnings);
        }

        foreach (var id in inferredIds)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.InferredId,
                id,
                $"Column '{id}' has a distinct value in every row, so it was treated as an ID and not used as a feature; declare its role as feature to use it."));
        }

        var labelReport = data.Label is { } label ? reports.First(r => r.Name == label.Name) : null;
        if (labelReport is { MissingCount: > 0 })
        {
            warnings.Add(new DataWarning(
                DataWarningCode.MissingLabels,
                labelReport.Name,
                $"{labelReport.MissingCount} of {rows} rows have no label '{labelReport.Name}'; training leaves them out."));
        }

        if (balance is { Count: > 1 } && balance[^1].Fraction < ImbalanceFraction)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.LabelImbalance,
                data.Label!.Name,
                $"The rarest label value '{balance[^1].Value}' is {balance[^1].Fraction:P1} of the labelled rows; " +
                "accuracy will look good for a model that never predicts it, so judge it by AUC or F1."));
        }

        var duplicates = CountDuplicates(data);
        if (duplicates > 0)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.DuplicateRows,
                null,
                $"{duplicates} of {rows} rows repeat an earlier row in every feature and the label; they weigh twice in training and can leak between train and test."));
        }

        return new DataValidationReport(rows, reports, duplicates, balance, warnings);
    }

    private static IReadOnlyList<LabelClassCount>? CheckLabel(TabularDataset data, List<ColumnReport> reports)
    {
        if (data.Label is not { } label)
        {
            return null;
        }

        var report = reports.First(r => r.Name == label.Name);
        var present = data.RowCount - report.MissingCount;
        if (present == 0)
        {
            var failed = report.ParseFailureCount > 0 ? $" ({report.ParseFailureCount} values did not parse as {label.Kind})" : string.Empty;
            throw MlopsException.Unprocessable(
                $"The label '{label.Name}' has no value in any of the {data.RowCount} rows{failed}; fill it in or choose another label.", label.Name);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var tooMany = false;
        for (var row = 0; row < label.Length && !tooMany; row++)
        {
            if (label.FormatValue(row) is { } value)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
                tooMany = label.Kind == ColumnKind.Numeric && counts.Count > MaxLabelClasses;
            }
        }

        if (counts.Count == 1)
        {
            throw MlopsException.Unprocessable(
                $"The label '{label.Name}' has only one value ('{counts.Keys.Single()}') in {present} rows; a model needs at least two different values. " +
                "Check that the file holds all classes, or choose another label.",
                label.Name);
        }

        return tooMany
            ? null
            : [.. counts
                .OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new LabelClassCount(c.Key, c.Value, (double)c.Value / present))];
    }

    private static void CheckFeatures(TabularDataset data, List<ColumnReport> reports, IReadOnlyList<string> inferredIds)
    {
        if (data.Features.Count == 0)
        {
            var ids = inferredIds.Count > 0 ? $" ({string.Join(", ", inferredIds.Select(n => $"'{n}'"))} were taken for IDs; declare their role as feature to use them)" : string.Empty;
            throw MlopsException.Unprocessable(
                $"The data has no feature columns: every column is the label, an ID or ignored{ids}.");
        }

        var empty = reports.Where(r => r.Role == ColumnRole.Feature && r.MissingCount == data.RowCount).ToList();
        if (empty.Count > 0)
        {
            var first = empty[0];
            var failed = first.ParseFailureCount > 0 ? $"; {first.ParseFailureCount} values did not parse as {first.Kind}" : string.Empty;
            var others = empty.Count > 1 ? $" (so do {string.Join(", ", empty.Skip(1).Select(r => $"'{r.Name}'"))})" : string.Empty;
            throw MlopsException.Unprocessable(
                $"Feature '{first.Name}' has no value in any of the {data.RowCount} rows{failed}{others}; fill it in, or declare it ignored.",
                first.Name);
        }
    }

    private static void AddColumnWarnings(ColumnReport report, long rows, List<DataWarning> warnings)
    {
        if (report.ParseFailureCount > 0)
        {
            var examples = string.Join(", ", report.ParseFailureExamples.Select(e => $"row {e.Row}: \"{e.Value}\""));
            warnings.Add(new DataWarning(
                DataWarningCode.ParseFailures,
                report.Name,
                $"{report.ParseFailureCount} values of '{report.Name}' are not {Describe(report.Kind)} ({examples}); they were loaded as missing. " +
                "Fix them, or declare the column's kind."));
        }

        if (report.OutOfRangeCount > 0)
        {
            var examples = string.Join(", ", report.OutOfRangeExamples.Select(e => $"row {e.Row}: {e.Value}"));
            warnings.Add(new DataWarning(
                DataWarningCode.OutOfRange,
                report.Name,
                $"{report.OutOfRangeCount} values of '{report.Name}' are outside its declared bounds ({examples})."));
        }

        if (report.Role != ColumnRole.Feature)
        {
            return;
        }

        if (report.MissingRate >= HighMissingRate)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.HighMissingRate,
                report.Name,
                $"{report.MissingRate:P0} of the values of feature '{report.Name}' are missing ({report.MissingCount} of {rows} rows)."));
        }

        if (report.IsConstant)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.ConstantColumn,
                report.Name,
                $"Feature '{report.Name}' has the same value in every row that has one, so it cannot help a model; consider declaring it ignored."));
        }

        if (report.Kind == ColumnKind.Categorical && report.DistinctCount > HighCardinality)
        {
            warnings.Add(new DataWarning(
                DataWarningCode.HighCardinality,
                report.Name,
                $"Feature '{report.Name}' has {report.DistinctCount} categories; one-hot encoding that many makes a large, slow model. " +
                "Consider grouping rare categories or declaring it ignored."));
        }
    }

    private static (int? Distinct, bool Constant) Distinctness(DatasetColumn column)
    {
        switch (column)
        {
            case CategoricalColumn categorical:
                var used = new bool[categorical.Categories.Count];
                foreach (var code in categorical.Codes.Span)
                {
                    if (code >= 0)
                    {
                        used[code] = true;
                    }
                }

                var distinct = used.Count(u => u);
                return (distinct, distinct == 1);
            case BooleanColumn boolean:
                var values = boolean.Values.Span;
                bool sawTrue = false, sawFalse = false;
                foreach (var value in values)
                {
                    sawTrue |= value == true;
                    sawFalse |= value == false;
                }

                var count = (sawTrue ? 1 : 0) + (sawFalse ? 1 : 0);
                return (count, count == 1);
            case NumericColumn numeric:
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                foreach (var value in numeric.Values.Span)
                {
                    if (!double.IsNaN(value))
                    {
                        min = Math.Min(min, value);
                        max = Math.Max(max, value);
                    }
                }

                return (null, min == max);
            case TimestampColumn timestamp:
                var seen = timestamp.Values.ToArray().OfType<DateTimeOffset>().Select(t => t.UtcTicks).Distinct().Take(2).Count();
                return (null, seen == 1);
            default:
                return (null, false);
        }
    }

    private static (long Count, IReadOnlyList<InvalidValue> Examples) OutOfRange(DatasetColumn column, ColumnSchema schema, int maxExamples)
    {
        if (column is not NumericColumn numeric || (schema.Minimum is null && schema.Maximum is null))
        {
            return (0, []);
        }

        var min = schema.Minimum ?? double.NegativeInfinity;
        var max = schema.Maximum ?? double.PositiveInfinity;
        var values = numeric.Values.Span;
        long count = 0;
        var examples = new List<InvalidValue>();
        for (var row = 0; row < values.Length; row++)
        {
            var value = values[row];
            if (!double.IsNaN(value) && (value < min || value > max))
            {
                count++;
                if (examples.Count < maxExamples)
                {
                    examples.Add(new InvalidValue(row + 1, value.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        return (count, examples);
    }

    private static long CountDuplicates(TabularDataset data)
    {
        var columns = data.Label is { } label ? [.. data.Features, label] : data.Features.ToArray();
        var seen = new HashSet<UInt128>(data.RowCount);
        var key = new byte[columns.Length * 9];
        long duplicates = 0;
        for (var row = 0; row < data.RowCount; row++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var slot = key.AsSpan(c * 9, 9);
                var missing = columns[c].IsMissing(row);
                slot[0] = missing ? (byte)1 : (byte)0;
                var bits = missing ? 0 : columns[c] switch
                {
                    NumericColumn n => BitConverter.DoubleToInt64Bits(n[row]),
                    CategoricalColumn k => k.Codes.Span[row],
                    BooleanColumn b => b[row] == true ? 1 : 0,
                    TimestampColumn t => t[row]!.Value.UtcTicks,
                    _ => 0,
                };
                BinaryPrimitives.WriteInt64LittleEndian(slot[1..], bits);
            }

            if (!seen.Add(XxHash128.HashToUInt128(key)))
            {
                duplicates++;
            }
        }

        return duplicates;
    }

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "numbers",
        ColumnKind.Boolean => "booleans (true/false, yes/no, 1/0)",
        ColumnKind.Timestamp => "dates or timestamps",
        _ => kind.ToString(),
    };
}
