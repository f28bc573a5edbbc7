namespace Mlops.Core.Training.Data;

/// <summary>A column as a reader found it: its name and the kind its type or sample suggests.</summary>
/// <param name="Name">The header or field name.</param>
/// <param name="DetectedKind">The inferred or physical kind; null when the type is unsupported.</param>
/// <param name="UnsupportedType">The unsupported type, named for the error message.</param>
internal sealed record SourceColumn(string Name, ColumnKind? DetectedKind, string? UnsupportedType = null);
