using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Core.Training.Trainers;

/// <summary>Encoded feature vectors (and labels) as the ML.NET data view trainers read: <c>Features</c> and <c>Label</c>.</summary>
internal static class FeatureRows
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";

    public static IDataView Create(MLContext ml, TrainingData data, float[] vectors, int width, int classCount)
    {
        var rows = data.RowCount;
        float[] Row(int r) => vectors.AsSpan(r * width, width).ToArray();
        switch (data.Task)
        {
            case TrainingTask.BinaryClassification:
            {
                var classes = data.Classes;
                var items = Enumerable.Range(0, rows).Select(r => new BinaryRow { Features = Row(r), Label = classes is not null && classes[r] == 1 });
                return ml.Data.LoadFromEnumerable(items, Schema<BinaryRow>(width));
            }

            case TrainingTask.MulticlassClassification:
            {
                var classes = data.Classes;

                // LoadFromEnumerable takes key values 0-based and stores them 1-based (0 meaning missing); scored
                // PredictedLabel keys come back 1-based.
                var items = Enumerable.Range(0, rows).Select(r => new MulticlassRow { Features = Row(r), Label = classes is null ? 0u : (uint)classes[r] });
                var schema = Schema<MulticlassRow>(width);
                schema[LabelColumn].ColumnType = new KeyDataViewType(typeof(uint), classCount);
                return ml.Data.LoadFromEnumerable(items, schema);
            }

            default:
            {
                var targets = data.Targets;
                var items = Enumerable.Range(0, rows).Select(r => new RegressionRow { Features = Row(r), Label = targets?[r] ?? 0f });
                return ml.Data.LoadFromEnumerable(items, Schema<RegressionRow>(width));
            }
        }
    }

    private static SchemaDefinition Schema<T>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    internal sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    internal sealed class MulticlassRow
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }

    internal sealed class RegressionRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
