namespace Mlops.Core.Training.Data;

/// <summary>
/// What the caller declares about a column; anything left null is inferred. Declaring a <see cref="Role"/> also
/// switches off ID inference for the column.
/// </summary>
/// <param name="Kind">The kind to read the column as (values that do not parse are reported and treated as missing).</param>
/// <param name="Role">The role: <see cref="ColumnRole.Feature"/>, <see cref="ColumnRole.Id"/> or <see cref="ColumnRole.Ignored"/>
/// (name the label with the request's label instead; <see cref="ColumnRole.Label"/> is accepted for that same column).</param>
/// <param name="Minimum">The smallest valid value (numeric columns); values below it are reported.</param>
/// <param name="Maximum">The largest valid value (numeric columns); values above it are reported.</param>
public sealed record ColumnOverride(
    ColumnKind? Kind = null,
    ColumnRole? Role = null,
    double? Minimum = null,
    double? Maximum = null);
