using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// The one transformation code path: source rows in, feature rows out, for batch materialization (offline and online
/// stores both take its output) and for rows pushed online. Passthrough and derived features are computed per row;
/// windowed aggregates per entity over the rows with event time in (t − window, t] of each row's time t, so a row's
/// aggregate never sees a later row. Rows are output for event times in [from, to) only; earlier rows in the batch serve
/// as the windows' history.
/// </summary>
internal static class FeatureEngine
{
    /// <summary>The longest aggregate window of a view (zero without aggregates): how much history a chunk must read.</summary>
    public static TimeSpan MaxWindow(FeatureViewDefinition definition) =>
        definition.Features
            .Where(f => f.Kind == FeatureKind.Aggregate)
            .Select(f => FeatureDuration.Parse(f.Window, "window"))
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();

    public static FeatureFrame Transform(FeatureViewDefinition definition, SourceBatch batch, DateTimeOffset from, DateTimeOffset to)
    {
        var n = batch.RowCount;
        var hasAggregates = definition.Features.Any(f => f.Kind == FeatureKind.Aggregate);

        // Entity then event time: aggregates walk each entity's rows in time order; output comes out in that order too.
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        if (hasAggregates)
        {
            Array.Sort(order, (a, b) =>
            {
                for (var e = 0; e < batch.Entities.Length; e++)
                {
                    var c = string.CompareOrdinal(batch.Entities[e][a], batch.Entities[e][b]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                var t = batch.Timestamps[a].CompareTo(batch.Timestamps[b]);
                return t != 0 ? t : a.CompareTo(b);
            });
        }

        var output = new List<int>(n);
        foreach (var row in order)
        {
            if (batch.Timestamps[row] >= from && batch.Timestamps[row] < to)
            {
                output.Add(row);
            }
        }

        var selected = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output);
        var columns = new FeatureColumn[definition.Features.Count];
        for (var f = 0; f < columns.Length; f++)
        {
            var feature = definition.Features[f];
            columns[f] = feature.Kind switch
            {
                FeatureKind.Passthrough when feature.ValueType == FeatureValueType.Text =>
                    FeatureColumn.FromTexts(feature.Name, Pick(Text(batch, feature.Column!), selected)),
                FeatureKind.Passthrough => FeatureColumn.FromNumbers(feature.Name, Pick(Number(batch, feature.Column!), selected)),
                FeatureKind.Derived => FeatureColumn.FromNumbers(feature.Name, Pick(Evaluate(batch, feature), selected)),
                _ => FeatureColumn.FromNumbers(feature.Name, Pick(Aggregate(batch, feature, order), selected)),
            };
        }

        var entities = new string[batch.Entities.Length][];
        for (var e = 0; e < entities.Length; e++)
        {
            entities[e] = Pick(batch.Entities[e], selected);
        }

        return new FeatureFrame(batch.EntityNames, entities, Pick(batch.Timestamps, selected), columns);
    }

    private static T[] Pick<T>(T[] values, ReadOnlySpan<int> rows)
    {
        var picked = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            picked[i] = values[rows[i]];
        }

        return picked;
    }

    private static double[] Number(SourceBatch batch, string column) =>
        batch.Numbers.TryGetValue(column, out var values)
            ? values
            : throw MlopsException.Unprocessable($"The source rows have no numeric column '{column}'.", column);

    private static string?[] Text(SourceBatch batch, string column) =>
        batch.Texts.TryGetValue(column, out var values)
            ? values
            : throw MlopsException.Unprocessable($"The source rows have no text column '{column}'.", column);

    private static double[] Evaluate(SourceBatch batch, FeatureDefinition feature) =>
        FeatureExpression.Parse(feature.Expression, feature.Name).Evaluate(column => Number(batch, column), batch.RowCount);

    private static double[] Aggregate(SourceBatch batch, FeatureDefinition feature, int[] order)
    {
        var n = batch.RowCount;
        double[] input;
        if (feature.Expression is not null)
        {
            input = Evaluate(batch, feature);
        }
        else if (feature.Column is not null)
        {
            input = Number(batch, feature.Column);
        }
        else
        {
            input = new double[n];
            Array.Fill(input, 1.0);
        }

        var window = FeatureDuration.Parse(feature.Window, feature.Name);
        var function = feature.Aggregation!.Value;
        var result = new double[n];
        var times = batch.Timestamps;
        var deque = new int[Math.Max(n, 1)];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && SameEntity(batch, order[start], order[end]))
            {
                end++;
            }

            double sum = 0;
            var count = 0;
            int head = 0, tail = 0;
            int left = start, right = start;
            for (var p = start; p < end; p++)
            {
                var t = times[order[p]];
                while (right < end && times[order[right]] <= t)
                {
                    var v = input[order[right]];
                    if (!double.IsNaN(v))
                    {
                        sum += v;
                        count++;
                        if (function is FeatureAggregation.Min or FeatureAggregation.Max)
                        {
                            // Monotonic deque of positions: values increasing (min) or decreasing (max) from the head.
                            while (tail > head && (function == FeatureAggregation.Min ? input[order[deque[tail - 1]]] >= v : input[order[deque[tail - 1]]] <= v))
                            {
                                tail--;
                            }

                            deque[tail++] = right;
                        }
                    }

                    right++;
                }

                var oldest = t - window;
                while (left < right && times[order[left]] <= oldest)
                {
                    var v = input[order[left]];
                    if (!double.IsNaN(v))
                    {
                        sum -= v;
                        count--;
                        if (tail > head && deque[head] == left)
                        {
                            head++;
                        }
                    }

                    left++;
                }

                if (count == 0)
                {
                    // Resetting drops the rounding residue of adding and removing the same values.
                    sum = 0;
                }

                result[order[p]] = function switch
                {
                    FeatureAggregation.Count => count,
                    FeatureAggregation.Sum => sum,
                    FeatureAggregation.Mean => count == 0 ? double.NaN : sum / count,
                    _ => tail > head ? input[order[deque[head]]] : double.NaN,
                };
            }

            start = end;
        }

        return result;
    }

    private static bool SameEntity(SourceBatch batch, int a, int b)
    {
        foreach (var column in batch.Entities)
        {
            if (!string.Equals(column[a], column[b], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
