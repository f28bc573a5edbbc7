using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Api;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Results of checks: a summary row per check in <c>MonitoringChecks</c> (partition = model, row key = inverted time +
/// check id, so a partition lists newest first) and the full <see cref="MonitoringReport"/> as JSON at
/// <c>reports/{model}/drift/{checkId}.json</c>. The report is written first: a row always points at a stored report.
/// </summary>
internal sealed class MonitoringCheckStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    public const string Table = "MonitoringChecks";
    public const string Container = "reports";

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(Container));

    /// <summary>Where the report of a check is (or will be) stored.</summary>
    public string ReportUri(string model, string checkId) => ReportBlob(model, checkId).Uri.AbsoluteUri;

    /// <summary>Stores the report and its row; returns the report with its URI set.</summary>
    public async Task<MonitoringReport> SaveAsync(MonitoringReport report, CancellationToken cancellationToken = default)
    {
        var blob = ReportBlob(report.Model, report.CheckId);
        var stored = report with { ReportUri = blob.Uri.AbsoluteUri };
        await blob.UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(stored, MlopsJson.Options)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);

        var drift = stored.Drift;
        var row = new TableEntity(report.Model, RowKey(report.CheckedAt, report.CheckId))
        {
            ["CheckId"] = report.CheckId,
            ["CheckedAt"] = report.CheckedAt,
            ["Version"] = report.Version,
            ["Alias"] = report.Alias,
            ["Source"] = report.Source,
            ["Trigger"] = report.Trigger,
            ["WindowStart"] = report.WindowStart,
            ["WindowEnd"] = report.WindowEnd,
            ["Status"] = drift.Status.ToString(),
            ["Message"] = drift.Message,
            ["DriftShare"] = drift.DriftShare,
            ["DatasetDrift"] = drift.DatasetDrift,
            ["DriftedFeatures"] = drift.DriftedFeatures,
            ["TestedFeatures"] = drift.TestedFeatures,
            ["CurrentRows"] = drift.CurrentRows,
            ["PredictionDrift"] = drift.PredictionDrift,
            ["PerformanceStatus"] = stored.Performance?.Status,
            ["PerformanceDegraded"] = stored.Performance?.Degraded,
            ["Alerts"] = string.Join(',', stored.Alerts),
            ["RetrainingInstanceId"] = stored.Retraining is { Started: true } started ? started.InstanceId : null,
            ["ReportUri"] = stored.ReportUri,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>The model's checks, newest first.</summary>
    public async IAsyncEnumerable<CheckSummary> ListAsync(string model, int limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == model, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(row);
            if (++count == limit)
            {
                yield break;
            }
        }
    }

    public async Task<CheckSummary?> FindLatestAsync(string model, CancellationToken cancellationToken = default)
    {
        await foreach (var summary in ListAsync(model, 1, cancellationToken).ConfigureAwait(false))
        {
            return summary;
        }

        return null;
    }

    public async Task<CheckSummary?> FindAsync(string model, string checkId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {model} and CheckId eq {checkId}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return Read(row);
        }

        return null;
    }

    public async Task<MonitoringReport?> ReadReportAsync(CheckSummary summary, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await ReportBlob(summary.Model, summary.CheckId).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<MonitoringReport>(content.Value.Content.ToMemory().Span, MlopsJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private BlobClient ReportBlob(string model, string checkId) => _container.GetBlobClient($"{model}/drift/{checkId}.json");

    private static string RowKey(DateTimeOffset at, string checkId) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + checkId;

    private static CheckSummary Read(TableEntity row)
    {
        var status = Enum.TryParse<DriftCheckStatus>(row.GetString("Status"), out var parsed) ? parsed : DriftCheckStatus.NotEnoughData;
        var drift = new DriftSummary(
            row.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue,
            status,
            row.GetDouble("DriftShare") ?? 0,
            row.GetBoolean("DatasetDrift") ?? false,
            row.GetInt32("DriftedFeatures") ?? 0,
            row.GetInt32("TestedFeatures") ?? 0,
            row.GetInt64("CurrentRows") ?? 0,
            row.GetBoolean("PredictionDrift"));
        return new CheckSummary(
            row.PartitionKey,
            row.GetString("CheckId") ?? string.Empty,
            row.GetInt32("Version") ?? 0,
            row.GetString("Alias"),
            row.GetString("Source") ?? string.Empty,
            row.GetString("Trigger") ?? string.Empty,
            row.GetDateTimeOffset("WindowStart"),
            row.GetDateTimeOffset("WindowEnd"),
            row.GetString("Message"),
            drift,
            row.GetString("PerformanceStatus"),
            row.GetBoolean("PerformanceDegraded"),
            row.GetString("Alerts") is { Length: > 0 } alerts ? alerts.Split(',') : [],
            row.GetString("RetrainingInstanceId"),
            row.GetString("ReportUri"));
    }
}
