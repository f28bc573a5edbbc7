using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Monitoring;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Registry;
using Mlops.Core.Tests.Monitoring.Drift;
using Mlops.Core.Tests.Serving;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Monitoring.Checks;

/// <summary>
/// A registered regression model with a stored training profile and reference sample (age, income, score, city; label
/// target), and prediction-log records written straight to the log's blobs, so checks see known traffic.
/// </summary>
public static class MonitoringScenario
{
    public const double TestRmse = 1.0;
    public const double TestMae = 0.8;

    /// <summary>The start of a past hour whose log the tests write: well before now, so no live traffic overlaps.</summary>
    public static DateTimeOffset WindowStart { get; } = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset WindowEnd => WindowStart.AddHours(1);

    public static TabularDataset Reference() => DriftTestData.Dataset(
        [
            DriftTestData.Numbers("age", DriftTestData.Normal(1, 1000, 40, 10)),
            DriftTestData.Numbers("income", DriftTestData.Normal(2, 1000, 50, 15)),
            DriftTestData.Numbers("score", DriftTestData.Normal(3, 1000, 0, 1)),
            DriftTestData.Text("city", DriftTestData.Categories(4, 1000, ("paris", 5), ("lyon", 3), ("nice", 2))),
        ],
        DriftTestData.Numbers("target", DriftTestData.Normal(5, 1000, 10, 2)));

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Registers version 1 (with profile and sample unless <paramref name="withProfile"/> is false) under <c>champion</c>.</summary>
    public static async Task<ModelVersion> RegisterAsync(IServiceProvider services, string model, bool withProfile = true)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        var profiles = services.GetRequiredService<IModelProfileStore>();
        string? uri = null, sha = null;
        if (withProfile)
        {
            var data = Reference();
            var stored = await profiles.SaveAsync(model, DatasetProfiler.Profile(data));
            await profiles.SaveSampleAsync(model, stored, ReferenceSampler.Sample(data));
            (uri, sha) = (stored.Uri, stored.Sha256);
        }

        using var onnx = new MemoryStream(ServingModels.Linear());
        var version = await registry.RegisterVersionAsync(model, onnx, new NewModelVersion
        {
            Metrics = new Dictionary<string, double> { ["rmse"] = TestRmse, ["mae"] = TestMae, ["validation_rmse"] = 0.9 },
            Parameters = new Dictionary<string, string> { ["task"] = "regression" },
            ProfileUri = uri,
            ProfileSha256 = sha,
        }, "admin");
        await registry.SetAliasAsync(model, "champion", version.Version, "admin");
        return version;
    }

    /// <summary>
    /// <paramref name="count"/> requests of <paramref name="rowsPerRequest"/> rows spread over the window: like the
    /// reference, or drifted (age +25, income ×2, new city "oslo"). Each prediction is the row's target plus an error of
    /// about <paramref name="error"/>; <see cref="Actuals"/> gives the targets back.
    /// </summary>
    public static List<PredictionRecord> Records(string model, int count, bool drifted, int seed, int rowsPerRequest = 5, int version = 1, double error = 0.5)
    {
        var random = new Random(seed);
        var records = new List<PredictionRecord>();
        for (var i = 0; i < count; i++)
        {
            var inputs = new StringBuilder("[");
            var outputs = new StringBuilder("[");
            for (var r = 0; r < rowsPerRequest; r++)
            {
                var age = Gaussian(random, drifted ? 65 : 40, 10);
                var income = Gaussian(random, drifted ? 100 : 50, 15);
                var score = Gaussian(random, 0, 1);
                var city = drifted && r % 2 == 0 ? "oslo" : new[] { "paris", "paris", "lyon", "nice" }[random.Next(4)];
                var target = Target(seed, i, r);
                var prediction = target + (random.NextDouble() < 0.5 ? -error : error);
                inputs.Append(CultureInfo.InvariantCulture, $$"""{{(r > 0 ? "," : "")}}{"age":{{age:R}},"income":{{income:R}},"score":{{score:R}},"city":"{{city}}"}""");
                outputs.Append(CultureInfo.InvariantCulture, $"{(r > 0 ? "," : "")}{prediction:R}");
            }

            records.Add(new PredictionRecord(
                RequestId(seed, i),
                WindowStart.AddSeconds(3600.0 * i / count),
                model,
                version,
                "champion",
                rowsPerRequest,
                Encoding.UTF8.GetBytes(inputs.Append(']').ToString()),
                Encoding.UTF8.GetBytes(outputs.Append(']').ToString()),
                1.0));
        }

        return records;
    }

    public static string RequestId(int seed, int index) => string.Create(CultureInfo.InvariantCulture, $"req-{seed}-{index}");

    /// <summary>The actual targets of a request of <see cref="Records"/>.</summary>
    public static double[] Actuals(int seed, int index, int rowsPerRequest = 5) =>
        [.. Enumerable.Range(0, rowsPerRequest).Select(r => Target(seed, index, r))];

    /// <summary>Writes records straight to the prediction log's blobs, one blob per hour.</summary>
    public static async Task WriteLogAsync(IServiceProvider services, IEnumerable<PredictionRecord> records)
    {
        var sink = services.GetRequiredService<IPredictionLogSink>();
        var sequence = 0;
        foreach (var group in records.GroupBy(r => (r.Model, Hour: PredictionLogFormat.HourOf(r.Timestamp))))
        {
            var buffer = new ArrayBufferWriter<byte>();
            PredictionLogFormat.WriteLines(buffer, group);
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(buffer.WrittenSpan);
            }

            await sink.WriteAsync(PredictionLogFormat.BlobName(group.Key.Model, group.Key.Hour, "test" + Guid.NewGuid().ToString("N")[..8], sequence++), compressed.ToArray(), CancellationToken.None);
        }
    }

    /// <summary>A feedback body for requests <paramref name="indices"/> of <see cref="Records"/> with <paramref name="seed"/>.</summary>
    public static byte[] FeedbackBody(int seed, IEnumerable<int> indices, params string[] unknownIds) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            outcomes = indices.Select(i => (object)new { requestId = RequestId(seed, i), actual = Actuals(seed, i) })
                .Concat(unknownIds.Select(id => (object)new { requestId = id, actual = new[] { 1.0 } })),
        });

    private static double Target(int seed, int index, int row) => 10 + (((seed * 31) + (index * 7) + row) % 9) - 4;

    private static double Gaussian(Random random, double mean, double std) =>
        mean + (std * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
