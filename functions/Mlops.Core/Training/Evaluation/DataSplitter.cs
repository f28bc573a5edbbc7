using System.Globalization;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// Deterministic splits into train, validation and test: the same rows, options and seed always give the same parts.
/// A part with a fraction above 0 gets at least one row; training keeps at least one row (per class when stratified).
/// </summary>
internal static class DataSplitter
{
    /// <summary>
    /// Splits <paramref name="rowCount"/> rows. <paramref name="classes"/> (class index per row) is required for
    /// <see cref="SplitStrategy.Stratified"/>, <paramref name="times"/> (a time per row, none missing) for
    /// <see cref="SplitStrategy.Time"/>.
    /// </summary>
    public static DataSplit Split(
        int rowCount,
        SplitOptions options,
        int seed,
        IReadOnlyList<int>? classes = null,
        IReadOnlyList<DateTimeOffset?>? times = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentNullException.ThrowIfNull(options);
        CheckFraction(options.ValidationFraction, "split.validationFraction");
        CheckFraction(options.TestFraction, "split.testFraction");
        if (options.ValidationFraction + options.TestFraction >= 1)
        {
            throw MlopsException.Validation(
                $"Validation and test fractions add up to {Format(options.ValidationFraction + options.TestFraction)}; leave some rows to train on (the sum must be below 1).",
                "split.testFraction");
        }

        return options.Strategy switch
        {
            SplitStrategy.Random => Random(rowCount, options, seed),
            SplitStrategy.Stratified => Stratified(rowCount, options, seed, classes),
            SplitStrategy.Time => ByTime(rowCount, options, times),
            _ => throw MlopsException.Validation($"Unknown split strategy {(int)options.Strategy}; use random, stratified or time.", "split.strategy"),
        };
    }

    private static DataSplit Random(int rowCount, SplitOptions options, int seed)
    {
        var rows = Enumerable.Range(0, rowCount).ToArray();
        Shuffle(new Random(seed), rows);
        var (validation, test) = Counts(rowCount, options, "rows");
        return Parts(rows, validation, test);
    }

    private static DataSplit Stratified(int rowCount, SplitOptions options, int seed, IReadOnlyList<int>? classes)
    {
        if (classes is null)
        {
            throw MlopsException.Validation("A stratified split needs a classification label; use a random or time split for regression.", "split.strategy");
        }

        if (classes.Count != rowCount)
        {
            throw new ArgumentException($"Expected {rowCount} class indexes, got {classes.Count}.", nameof(classes));
        }

        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, rowCount).GroupBy(r => classes[r]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            Shuffle(random, rows);

            // Small classes first lose their validation and test rows: every class must be trainable.
            var (validationCount, testCount) = Counts(rows.Length, options, null);
            var part = Parts(rows, validationCount, testCount);
            train.AddRange(part.Train);
            validation.AddRange(part.Validation);
            test.AddRange(part.Test);
        }

        return new DataSplit([.. train.Order()], [.. validation.Order()], [.. test.Order()]);
    }

    private static DataSplit ByTime(int rowCount, SplitOptions options, IReadOnlyList<DateTimeOffset?>? times)
    {
        var column = options.TimeColumn ?? "timeColumn";
        if (times is null)
        {
            throw MlopsException.Validation("A time split needs a timestamp column; name it in split.timeColumn.", "split.timeColumn");
        }

        if (times.Count != rowCount)
        {
            throw new ArgumentException($"Expected {rowCount} times, got {times.Count}.", nameof(times));
        }

        var missing = times.Count(t => t is null);
        if (missing > 0)
        {
            throw MlopsException.Validation(
                $"Time column '{column}' is missing in {missing} of {rowCount} rows; a time split needs every row's time.", "split.timeColumn");
        }

        // Stable: rows at the same time keep their file order.
        var rows = Enumerable.Range(0, rowCount).OrderBy(r => times[r]!.Value).ThenBy(r => r).ToArray();
        var (validation, test) = Counts(rowCount, options, "rows");
        var trainCount = rowCount - validation - test;
        return new DataSplit(
            [.. rows.Take(trainCount).Order()],
            [.. rows.Skip(trainCount).Take(validation).Order()],
            [.. rows.Skip(trainCount + validation).Order()]);
    }

    /// <summary>
    /// Validation and test counts for <paramref name="rows"/> rows; with <paramref name="what"/> set, too few rows to
    /// train on is an error, else the counts shrink to leave one training row.
    /// </summary>
    private static (int Validation, int Test) Counts(int rows, SplitOptions options, string? what)
    {
        int Count(double fraction) => fraction > 0 ? Math.Max(1, (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero)) : 0;
        var validation = Count(options.ValidationFraction);
        var test = Count(options.TestFraction);
        if (rows - validation - test >= 1)
        {
            return (validation, test);
        }

        if (what is not null)
        {
            throw MlopsException.Validation(
                $"{rows} {what} are too few to split into train, validation ({Format(options.ValidationFraction)}) and test ({Format(options.TestFraction)}); add rows or lower the fractions.",
                "split");
        }

        test = Math.Min(test, Math.Max(0, rows - 1));
        validation = Math.Min(validation, Math.Max(0, rows - 1 - test));
        return (validation, test);
    }

    private static DataSplit Parts(int[] shuffled, int validation, int test) => new(
        [.. shuffled.Skip(validation + test).Order()],
        [.. shuffled.Skip(test).Take(validation).Order()],
        [.. shuffled.Take(test).Order()]);

    // Our own Fisher-Yates over the seeded (version-stable) Random.Next, so a split never changes with the runtime.
    private static void Shuffle(Random random, int[] rows)
    {
        for (var i = rows.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
    }

    private static void CheckFraction(double fraction, string field)
    {
        if (!double.IsFinite(fraction) || fraction < 0 || fraction >= 1)
        {
            throw MlopsException.Validation($"{field} must be in [0, 1); got {Format(fraction)}.", field);
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
