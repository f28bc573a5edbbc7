namespace Mlops.Core.Features;

/// <summary>
/// Source rows of a view as the transformation engine takes them: entity key values, event times, and the columns the
/// features read, as numbers (NaN = missing) or texts (null = missing). Built from source files by
/// <see cref="FeatureSourceReader"/>, or from rows pushed by a caller; both then go through <see cref="FeatureEngine"/>.
/// </summary>
internal sealed class SourceBatch
{
    public SourceBatch(
        IReadOnlyList<string> entityNames,
        string[][] entities,
        DateTimeOffset[] timestamps,
        IReadOnlyDictionary<string, double[]> numbers,
        IReadOnlyDictionary<string, string?[]> texts)
    {
        EntityNames = entityNames;
        Entities = entities;
        Timestamps = timestamps;
        Numbers = numbers;
        Texts = texts;
        RowCount = timestamps.Length;
    }

    public IReadOnlyList<string> EntityNames { get; }

    public string[][] Entities { get; }

    public DateTimeOffset[] Timestamps { get; }

    public IReadOnlyDictionary<string, double[]> Numbers { get; }

    public IReadOnlyDictionary<string, string?[]> Texts { get; }

    public int RowCount { get; }
}
