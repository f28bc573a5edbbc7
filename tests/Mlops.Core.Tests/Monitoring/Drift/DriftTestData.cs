using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Monitoring.Drift;

/// <summary>Seeded samples and small data sets for drift tests.</summary>
internal static class DriftTestData
{
    /// <summary>Normal values by Box–Muller from a seeded generator.</summary>
    public static double[] Normal(int seed, int count, double mean, double std)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + (std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    /// <summary>Categories drawn with the given weights.</summary>
    public static string?[] Categories(int seed, int count, params (string Value, double Weight)[] weights)
    {
        var random = new Random(seed);
        var total = weights.Sum(w => w.Weight);
        var values = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var draw = random.NextDouble() * total;
            foreach (var (value, weight) in weights)
            {
                values[i] = value;
                draw -= weight;
                if (draw < 0)
                {
                    break;
                }
            }
        }

        return values;
    }

    /// <summary>A data set of these feature columns and, optionally, a label.</summary>
    public static TabularDataset Dataset(IReadOnlyList<DatasetColumn> features, DatasetColumn? label = null)
    {
        var schema = features.Select(c => new ColumnSchema(c.Name, c.Kind)).ToList();
        var columns = features.ToList();
        if (label is not null)
        {
            schema.Add(new ColumnSchema(label.Name, label.Kind, ColumnRole.Label));
            columns.Add(label);
        }

        return new TabularDataset(new DatasetSchema(schema), columns);
    }

    public static NumericColumn Numbers(string name, double[] values) => new(name, values);

    public static CategoricalColumn Text(string name, IEnumerable<string?> values) => CategoricalColumn.FromValues(name, values);
}
