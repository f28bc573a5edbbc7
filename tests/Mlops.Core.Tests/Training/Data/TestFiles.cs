using System.Text;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;

namespace Mlops.Core.Tests.Training.Data;

/// <summary>Small in-memory data files for the data intake tests.</summary>
internal static class TestFiles
{
    public static MemoryStream Text(string content) => new(Encoding.UTF8.GetBytes(content));

    public static Task<ValidatedDataset> ReadCsvAsync(string content, DatasetReadOptions? options = null) =>
        DatasetReader.ReadAsync(Text(content), DataFormat.Csv, options);

    public static async Task<MemoryStream> ChurnCsvAsync(int rows, int seed = 7, bool drift = false)
    {
        var stream = new MemoryStream();
        await ChurnDataGenerator.WriteCsvAsync(stream, rows, seed, drift);
        stream.Position = 0;
        return stream;
    }

    public static async Task<MemoryStream> ChurnParquetAsync(int rows, int seed = 7, bool drift = false)
    {
        var stream = new MemoryStream();
        await ChurnDataGenerator.WriteParquetAsync(stream, rows, seed, drift);
        stream.Position = 0;
        return stream;
    }

    public static DatasetReadOptions Label(string label, IReadOnlyDictionary<string, ColumnOverride>? columns = null) =>
        new() { Label = label, Columns = columns };
}
