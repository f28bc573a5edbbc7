using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;
using Mlops.Workflows;

namespace Mlops.Core.Serving.Batch;

/// <summary>
/// The <c>BatchScore</c> activity: resolves the version, takes the rows in with the training intake (validated, and
/// snapshotted for lineage), feeds the model's inputs by column name and writes <c>row</c>, the data's id columns, then
/// <c>prediction</c> and <c>probability_{class}</c> per class (classifiers) or <c>score</c> (regressors).
/// </summary>
internal static class BatchScorer
{
    public const string OutputContainer = "scoring-output";

    public static async Task<BatchScoringResult> RunAsync(BatchScoringInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var registry = services.GetRequiredService<IModelRegistry>();
        var version = await registry.ResolveAsync(input.Model, input.Reference, cancellationToken).ConfigureAwait(false);
        byte[] onnx;
        var artifact = await registry.OpenArtifactAsync(version, cancellationToken).ConfigureAwait(false);
        await using (artifact.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await artifact.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            onnx = buffer.ToArray();
        }

        var ingested = await services.GetRequiredService<IDatasetIntake>().IngestAsync(new DatasetRequest(input.Data), cancellationToken).ConfigureAwait(false);
        using var session = OnnxScorer.Load(onnx);
        var rows = TrainingData.FromDataset(ingested.Data, TrainingTask.Regression, features: OnnxScorer.Features(session));
        var scores = OnnxScorer.Score(session, rows);
        var csv = Write(ingested.Data, scores);

        var name = $"{input.Model}/{Path.GetFileNameWithoutExtension(ingested.Location.Split('/')[^1])}-v{version.Version}-{ingested.Snapshot.Digest[..12]}.csv";
        var container = services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container(OutputContainer));
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(csv),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" } },
            cancellationToken).ConfigureAwait(false);
        return new BatchScoringResult(input.Model, version.Version, ingested.Data.RowCount, $"blob://{OutputContainer}/{name}", ingested.Snapshot.Digest);
    }

    // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    private sealed class CsvLine(TextWriter writer)
    {
        private bool _first = true;

        public void WriteField(string value)
        {
            if (!_first)
            {
                writer.Write(',');
            }

            _first = false;
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(value);
            }
        }

        public void NextRecord()
        {
            writer.Write("\r\n");
            _first = true;
        }
    }

    private static byte[] Write(TabularDataset data, OnnxScores scores)
    {
        var ids = data.Schema.Columns.Where(c => c.Role == ColumnRole.Id).Select(c => data.FindColumn(c.Name)).OfType<DatasetColumn>().ToList();
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            var csv = new CsvLine(writer);
            csv.WriteField("row");
            foreach (var id in ids)
            {
                csv.WriteField(id.Name);
            }

            if (scores.Probabilities is not null)
            {
                csv.WriteField("prediction");
                foreach (var name in scores.Classes)
                {
                    csv.WriteField("probability_" + name);
                }
            }
            else
            {
                csv.WriteField("score");
            }

            csv.NextRecord();
            var width = scores.Classes.Count;
            for (var r = 0; r < data.RowCount; r++)
            {
                csv.WriteField((r + 1).ToString(CultureInfo.InvariantCulture));
                foreach (var id in ids)
                {
                    csv.WriteField(id.IsMissing(r) ? string.Empty : id.FormatValue(r) ?? string.Empty);
                }

                if (scores.Probabilities is { } probabilities)
                {
                    var best = 0;
                    for (var c = 1; c < width; c++)
                    {
                        if (probabilities[(r * width) + c] > probabilities[(r * width) + best])
                        {
                            best = c;
                        }
                    }

                    csv.WriteField(scores.Classes[best]);
                    for (var c = 0; c < width; c++)
                    {
                        csv.WriteField(probabilities[(r * width) + c].ToString("R", CultureInfo.InvariantCulture));
                    }
                }
                else
                {
                    csv.WriteField(scores.Scores![r].ToString("R", CultureInfo.InvariantCulture));
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }
}
