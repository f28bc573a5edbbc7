using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Actual outcomes joined to their predictions, one row per request in <c>PredictionFeedback</c>: partition = model, row
/// key = the prediction's time (ticks) + request id, so a window of predictions is one row-key range and feedback sent
/// twice for a request replaces the first. The row keeps the logged outputs, so live metrics need not re-read the log.
/// </summary>
internal sealed class FeedbackStore(TableServiceClient tables, StorageNames names)
{
    public const string Table = "PredictionFeedback";

    /// <summary>A binary table property holds at most 64 KiB.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    // Binary properties travel base64-encoded (4/3 larger); 2 MiB of raw bytes stays under the 4 MiB batch limit.
    private const long MaxBatchBytes = 2 * 1024 * 1024;

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));

    public async Task SaveAsync(string model, IReadOnlyList<FeedbackRow> rows, CancellationToken cancellationToken = default)
    {
        // Entity-group batches in the model's partition: at most 100 rows and well under the 4 MiB payload limit.
        var batch = new List<TableTransactionAction>();
        long bytes = 0;
        foreach (var row in rows)
        {
            var size = row.Outputs.Length + row.Actual.Length + 1024;
            if (batch.Count == 100 || (batch.Count > 0 && bytes + size > MaxBatchBytes))
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = [];
                bytes = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(model, RowKey(row.PredictedAt, row.RequestId))
            {
                ["RequestId"] = row.RequestId,
                ["Version"] = row.Version,
                ["PredictedAt"] = row.PredictedAt,
                ["Rows"] = row.Rows,
                ["Outputs"] = row.Outputs,
                ["Actual"] = row.Actual,
                ["ReceivedAt"] = row.ReceivedAt,
            }));
            bytes += size;
        }

        if (batch.Count > 0)
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The feedback on predictions made in [from, to), optionally by one version.</summary>
    public async IAsyncEnumerable<FeedbackRow> ListAsync(
        string model,
        DateTimeOffset from,
        DateTimeOffset to,
        int? version,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var low = Ticks(from);
        var high = Ticks(to);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {low} and RowKey lt {high}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var feedback = new FeedbackRow(
                row.GetString("RequestId") ?? string.Empty,
                row.GetInt32("Version") ?? 0,
                row.GetDateTimeOffset("PredictedAt") ?? from,
                row.GetInt32("Rows") ?? 0,
                row.GetBinary("Outputs") ?? [],
                row.GetBinary("Actual") ?? [],
                row.GetDateTimeOffset("ReceivedAt") ?? from);
            if (version is null || feedback.Version == version)
            {
                yield return feedback;
            }
        }
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string RowKey(DateTimeOffset at, string requestId) => Ticks(at) + "_" + requestId;
}
