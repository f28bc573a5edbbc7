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

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));

    public async Task SaveAsync(string model, IReadOnlyList<FeedbackRow> rows, CancellationToken cancellationToken = default)
    {
        // Entity-group batches of up to 100 rows, all in the model's partition.
        foreach (var chunk in rows.Chunk(100))
        {
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(model, RowKey(row.PredictedAt, row.RequestId))
            {
                ["RequestId"] = row.RequestId,
                ["Version"] = row.Version,
                ["PredictedAt"] = row.PredictedAt,
                ["Rows"] = row.Rows,
                ["Outputs"] = row.Outputs,
                ["Actual"] = row.Actual,
                ["ReceivedAt"] = row.ReceivedAt,
            })).ToList();
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
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
