using System.Text.RegularExpressions;

namespace Mlops.Core.Training.Data;

/// <summary>Turns a reader's builders into a <see cref="TabularDataset"/>, infers ID columns and validates.</summary>
internal static partial class DatasetAssembler
{
    /// <summary>ID inference needs this many values: on tiny data every column looks unique.</summary>
    public const int MinValuesForIdInference = 20;

    public static ValidatedDataset Assemble(LoadedTable table, DatasetReadOptions options)
    {
        var builders = table.Builders.OfType<ColumnBuilder>().ToList();
        var built = builders.ToDictionary(b => b.Schema.Name, b => b.Build(), StringComparer.Ordinal);
        var schemaColumns = table.Resolved.Schema.Columns.ToList();
        var inferredIds = new List<string>();
        for (var i = 0; i < schemaColumns.Count; i++)
        {
            var column = schemaColumns[i];
            if (column.Role == ColumnRole.Feature && !table.Resolved.RoleDeclared.Contains(column.Name) && LooksLikeId(column.Name, built[column.Name]))
            {
                schemaColumns[i] = column with { Role = ColumnRole.Id };
                inferredIds.Add(column.Name);
            }
        }

        var schema = new DatasetSchema(schemaColumns);
        var data = new TabularDataset(schema, [.. schemaColumns.Where(c => c.Role != ColumnRole.Ignored).Select(c => built[c.Name])]);
        var report = DataValidator.Validate(
            data,
            builders.ToDictionary(b => b.Schema.Name, StringComparer.Ordinal),
            table.Resolved.KindDeclared,
            inferredIds,
            options.MaxExamples);
        return new ValidatedDataset(data, report);
    }

    /// <summary>
    /// A column is taken for an ID when every value present is distinct (at least <see cref="MinValuesForIdInference"/>
    /// of them) and it is text, or it holds integers and its name says ID (<c>id</c>, <c>customer_id</c>, <c>orderId</c>).
    /// Declaring the column's role switches this off.
    /// </summary>
    private static bool LooksLikeId(string name, DatasetColumn column)
    {
        switch (column)
        {
            case CategoricalColumn categorical:
                var present = categorical.Length - categorical.CountMissing();
                return present >= MinValuesForIdInference && categorical.Categories.Count == present;
            case NumericColumn numeric when IdName().IsMatch(name):
                var values = new List<double>(numeric.Length);
                foreach (var value in numeric.Values.Span)
                {
                    if (!double.IsNaN(value))
                    {
                        if (value != Math.Floor(value))
                        {
                            return false;
                        }

                        values.Add(value);
                    }
                }

                return values.Count >= MinValuesForIdInference && values.Distinct().Count() == values.Count;
            default:
                return false;
        }
    }

    [GeneratedRegex("(^|[_\\-\\s.])[iI][dD]$|^[iI][dD]$|[a-z0-9](Id|ID)$")]
    private static partial Regex IdName();
}
