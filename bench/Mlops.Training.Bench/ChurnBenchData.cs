using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>The churn demo data as the platform reads it: CSV from the generator through the data intake's reader.</summary>
internal static class ChurnBenchData
{
    public static async Task<TabularDataset> ReadAsync(int rows, int seed, string label = ChurnDataGenerator.LabelColumn)
    {
        using var csv = new MemoryStream();
        await ChurnDataGenerator.WriteCsvAsync(csv, rows, seed);
        csv.Position = 0;
        var columns = label == ChurnDataGenerator.LabelColumn
            ? null
            : new Dictionary<string, ColumnOverride> { [ChurnDataGenerator.LabelColumn] = new(Role: ColumnRole.Ignored) };
        var read = await DatasetReader.ReadAsync(csv, DataFormat.Csv, new DatasetReadOptions { Label = label, Columns = columns });
        return read.Data;
    }

    public static async Task<TrainingData> BinaryAsync(int rows, int seed) =>
        TrainingData.FromDataset(await ReadAsync(rows, seed), TrainingTask.BinaryClassification);

    /// <summary>The split <c>POST /api/train</c> makes by default: stratified, 15% validation, 15% test.</summary>
    public static (TrainingData Train, TrainingData Validation, TrainingData Test) Split(TrainingData all, int seed)
    {
        var split = DataSplitter.Split(all.RowCount, new SplitOptions(all.Task == TrainingTask.Regression ? SplitStrategy.Random : SplitStrategy.Stratified), seed, all.Classes);
        return (all.Select(split.Train), all.Select(split.Validation), all.Select(split.Test));
    }
}
