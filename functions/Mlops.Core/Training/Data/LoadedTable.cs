namespace Mlops.Core.Training.Data;

/// <summary>What a reader produced: the schema it loaded with and one builder per column (null for ignored ones).</summary>
internal sealed record LoadedTable(ResolvedSchema Resolved, IReadOnlyList<ColumnBuilder?> Builders, int RowCount);
