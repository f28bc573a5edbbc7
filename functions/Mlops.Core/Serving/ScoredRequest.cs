using Mlops.Core.Api;
using Mlops.Core.Monitoring;

namespace Mlops.Core.Serving;

/// <summary>
/// A request scored by one model version (JSON predict or protocol infer): the response body and, when the log is on,
/// the rows as logged. <see cref="CompleteAsync"/> is what every scoring route does afterwards: metrics, the log
/// record, and the headers that name the version that served.
/// </summary>
internal sealed record ScoredRequest(ServedModel Model, string? Alias, int Rows, byte[] Body, ReadOnlyMemory<byte> Inputs, ReadOnlyMemory<byte> Outputs)
{
    public async Task<ApiResponse> CompleteAsync(ApiRequest request, string route, long started, IPredictionLog log, TimeProvider time, byte[]? lineage, CancellationToken cancellationToken)
    {
        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        ServingMetrics.Rows.Add(Rows, new KeyValuePair<string, object?>("model", Model.Name));
        ServingMetrics.Duration.Record(elapsed, new KeyValuePair<string, object?>("route", route));
        if (log.IsEnabled)
        {
            await log.AppendAsync(
                new PredictionRecord(request.RequestId, time.GetUtcNow(), Model.Name, Model.Number, Alias, Rows, Inputs, Outputs, elapsed, lineage),
                cancellationToken).ConfigureAwait(false);
        }

        var response = ApiResponse.RawJson(Body)
            .WithHeader("x-model-name", Model.Name)
            .WithHeader("x-model-version", Model.VersionText);
        return Alias is null ? response : response.WithHeader("x-model-alias", Alias);
    }
}
