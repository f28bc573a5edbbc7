using System.Globalization;
using System.Text;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// The monitoring routes: the latest check and its history, an on-demand check, the HTML report, the policy, feedback
/// and live performance.
/// </summary>
internal sealed class MonitoringApi(
    MonitoringService monitoring,
    FeedbackService feedbackService,
    MonitoringCheckStore checks,
    MonitoringPolicyStore policies,
    FeedbackStore feedback,
    ReferenceDatasetStore referenceData,
    IModelRegistry registry,
    Training.IModelProfileStore profiles,
    TimeProvider time)
{
    private const int DefaultHistory = 50;
    private const int MaxHistory = 1000;
    private const int ReportHistory = 200;

    /// <summary><c>GET /api/models/{name}/drift</c>: the latest check, with links to its history and report.</summary>
    public async Task<ApiResponse> GetLatestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var latest = await checks.FindLatestAsync(model, cancellationToken).ConfigureAwait(false)
            ?? throw MlopsException.NotFound($"Model '{model}' has no drift check yet: POST /api/models/{model}/drift/check runs one, or wait for its schedule.", "name");
        var report = await checks.ReadReportAsync(latest, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(new
        {
            model,
            latest,
            features = report?.Drift.Features.Select(f => new { f.Name, f.Method, f.Score, f.Threshold, f.Drifted, f.Status, f.Note }),
            quality = report?.Quality,
            performance = report?.Performance,
            retraining = report?.Retraining,
            links = Links(model, latest.CheckId),
        });
    }

    /// <summary><c>GET /api/models/{name}/drift/history?limit=</c>: past checks, newest first.</summary>
    public async Task<ApiResponse> GetHistoryAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var limit = ParseInt(request.GetQuery("limit"), "limit", DefaultHistory, 1, MaxHistory);
        var list = await ToListAsync(checks.ListAsync(model, limit, cancellationToken), cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(new { model, count = list.Count, checks = list, links = new { latest = $"/api/models/{model}/drift", report = $"/api/models/{model}/drift/report" } });
    }

    /// <summary>
    /// <c>POST /api/models/{name}/drift/check[?alias=|version=][&amp;from=&amp;to=]</c>: runs a check now. An empty or JSON body
    /// checks the prediction log; a CSV, TSV or Parquet body (by content type) is checked as the current data instead.
    /// </summary>
    public async Task<ApiResponse> CheckAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = ModelNames.ValidateModel(request.RequireRouteValue("name"));
        var alias = request.GetQuery("alias") is { } a ? ModelNames.ValidateAlias(a) : null;
        int? version = request.GetQuery("version") is { } v ? ModelNames.ParseVersion(v) : null;
        var upload = await ReadUploadAsync(request, cancellationToken).ConfigureAwait(false);
        var report = await monitoring.CheckAsync(
            model,
            new MonitoringCheckRequest("request", alias, version, ParseTime(request.GetQuery("from"), "from"), ParseTime(request.GetQuery("to"), "to"), upload),
            request.GetFeature<IPipelineClient>(),
            cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(report).WithHeader("Location", Links(model, report.CheckId).Report);
    }

    /// <summary><c>GET /api/models/{name}/drift/report[?checkId=]</c>: the HTML report of the latest (or one) check with the trend.</summary>
    public async Task<ApiResponse> GetReportAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var summary = request.GetQuery("checkId") is { } checkId
            ? await checks.FindAsync(model, checkId, cancellationToken).ConfigureAwait(false)
                ?? throw MlopsException.NotFound($"Model '{model}' has no check '{checkId}'.", "checkId")
            : await checks.FindLatestAsync(model, cancellationToken).ConfigureAwait(false)
                ?? throw MlopsException.NotFound($"Model '{model}' has no drift check yet: POST /api/models/{model}/drift/check runs one.", "name");
        var report = await checks.ReadReportAsync(summary, cancellationToken).ConfigureAwait(false)
            ?? throw MlopsException.NotFound($"The report of check '{summary.CheckId}' is missing from storage.", "checkId");
        var history = await ToListAsync(checks.ListAsync(model, ReportHistory, cancellationToken), cancellationToken).ConfigureAwait(false);
        var html = DriftReportRenderer.Render(report.Drift, [.. history.Where(h => h.CheckedAt <= summary.CheckedAt).Select(h => h.Drift)]);
        return new ApiResponse { ContentType = "text/html; charset=utf-8", Body = Encoding.UTF8.GetBytes(html) };
    }

    /// <summary><c>PUT /api/models/{name}/drift/reference</c>: a CSV, TSV or Parquet reference data set (used when the policy's reference is <c>dataset</c>).</summary>
    public async Task<ApiResponse> SetReferenceAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var format = UploadFormat(request)
            ?? throw MlopsException.Validation("Send the reference as text/csv, text/tab-separated-values or application/vnd.apache.parquet.", "body");
        var bytes = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            throw MlopsException.Validation("The reference data set is empty.", "body");
        }

        var data = await referenceData.SaveAsync(model, bytes, format, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(new { model, rows = data.RowCount, columns = data.Columns.Select(c => new { c.Name, c.Kind }) });
    }

    /// <summary><c>GET /api/models/{name}/monitoring</c>: the policy (the defaults when none is stored).</summary>
    public async Task<ApiResponse> GetPolicyAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var stored = await policies.GetOrDefaultAsync(model, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(PolicyView(stored));
    }

    /// <summary><c>PUT /api/models/{name}/monitoring</c>: replaces the policy (members left out take their defaults).</summary>
    public async Task<ApiResponse> SetPolicyAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var policy = await request.ReadJsonAsync<MonitoringPolicy>(cancellationToken).ConfigureAwait(false);
        policy.Validate();
        await policies.SaveAsync(model, policy, request.Caller.KeyName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(PolicyView(await policies.GetOrDefaultAsync(model, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary><c>POST /api/models/{name}/feedback[?from=&amp;to=]</c>: actual outcomes by request id.</summary>
    public async Task<ApiResponse> PostFeedbackAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = ModelNames.ValidateModel(request.RequireRouteValue("name"));
        var body = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var result = await feedbackService.SubmitAsync(model, body, ParseTime(request.GetQuery("from"), "from"), ParseTime(request.GetQuery("to"), "to"), cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(result);
    }

    /// <summary><c>GET /api/models/{name}/performance[?alias=|version=][&amp;from=&amp;to=]</c>: live metrics against the test metrics.</summary>
    public async Task<ApiResponse> GetPerformanceAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(request, cancellationToken).ConfigureAwait(false);
        var policy = (await policies.GetOrDefaultAsync(model, cancellationToken).ConfigureAwait(false)).Policy;
        int? number = request.GetQuery("version") is { } v ? ModelNames.ParseVersion(v) : null;
        var alias = request.GetQuery("alias") is { } a ? ModelNames.ValidateAlias(a) : policy.Alias;
        var version = await monitoring.ResolveVersionAsync(model, alias, number, cancellationToken).ConfigureAwait(false);
        var to = ParseTime(request.GetQuery("to"), "to") ?? time.GetUtcNow();
        var from = ParseTime(request.GetQuery("from"), "from") ?? to - policy.PerformanceWindow;
        if (from >= to)
        {
            throw MlopsException.Validation("'from' must be earlier than 'to'.", "from");
        }

        var rows = await ToListAsync(feedback.ListAsync(model, from, to, version.Version, cancellationToken), cancellationToken).ConfigureAwait(false);
        var profile = await profiles.FindAsync(version, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(new { model, from, to, performance = LivePerformanceCalculator.Compute(version, profile, rows, policy) });
    }

    private async Task<string> ModelAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = ModelNames.ValidateModel(request.RequireRouteValue("name"));
        await registry.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        return model;
    }

    private static object PolicyView(StoredPolicy stored) => new
    {
        model = stored.Model,
        stored = stored.IsStored,
        policy = stored.Policy,
        updatedBy = stored.UpdatedBy,
        updatedAt = stored.UpdatedAt,
        lastRetraining = stored.LastRetrainingInstanceId is null ? null : new { instanceId = stored.LastRetrainingInstanceId, startedAt = stored.LastRetrainingAt },
    };

    private static CheckLinks Links(string model, string checkId) =>
        new($"/api/models/{model}/drift/history", $"/api/models/{model}/drift/report?checkId={Uri.EscapeDataString(checkId)}", $"/api/models/{model}/drift/check");

    private static DataFormat? UploadFormat(ApiRequest request) =>
        request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/csv" => DataFormat.Csv,
            "text/tab-separated-values" => DataFormat.Tsv,
            "application/vnd.apache.parquet" or "application/x-parquet" => DataFormat.Parquet,
            _ => null,
        };

    private static async Task<TabularDataset?> ReadUploadAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var format = UploadFormat(request);
        if (format is null)
        {
            // An empty or JSON body: the check reads the prediction log.
            return null;
        }

        var bytes = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            throw MlopsException.Validation("The uploaded data set is empty.", "body");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        var read = await DatasetReader.ReadAsync(stream, format.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return read.Data;
    }

    private static DateTimeOffset? ParseTime(string? value, string field) =>
        value is null
            ? null
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw MlopsException.Validation($"'{field}' must be an ISO 8601 time such as 2026-01-31T12:00:00Z.", field);

    private static int ParseInt(string? value, string field, int fallback, int min, int max) =>
        value is null
            ? fallback
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
                ? parsed
                : throw MlopsException.Validation(Invariant($"'{field}' must be a whole number from {min} to {max}."), field);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record CheckLinks(string History, string Report, string Check);
}
