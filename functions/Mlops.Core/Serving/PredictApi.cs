using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features.Online;
using Mlops.Core.Monitoring;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>
/// <c>POST /api/models/{name}/predict[?version=n | ?alias=a]</c> (default alias <c>champion</c>). The body is one of
/// <c>{"inputs": [rows]}</c>, <c>{"dataframe_records": [rows]}</c> or <c>{"dataframe_split": {"columns", "data"}}</c>
/// (see <see cref="PredictRequestParser"/> and, for how columns map to model inputs, <see cref="ModelSchema"/>). The
/// response is <c>{"model", "version", "alias", "requestId", "predictions": [one per row]}</c> with headers
/// <c>x-model-name</c>, <c>x-model-version</c> and, when an alias was used, <c>x-model-alias</c>. Every request served
/// is appended to the prediction log, its rows as records keyed by the model's column names (whatever the request's
/// format) with each value as the request spelled it. A body of entity keys, <c>{"entities": {"key": [...]}}</c>, with
/// optional request-time columns <c>"request_context": {"column": [...]}</c>, has the model's features looked up online
/// first and joined with those columns (see <see cref="EntityPredictionInput"/>); its log record also carries the
/// feature values, statuses and event times used.
/// </summary>
internal sealed class PredictApi(ServingEngine engine, IPredictionLog log, EntityPredictionInput entityInput, IOptions<ServingOptions> options, TimeProvider time)
{
    private readonly ServingOptions _options = options.Value;

    public async Task<ApiResponse> PredictAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var name = ModelNames.ValidateModel(request.GetRouteValue("name"));
        var reference = ReadReference(request);
        using var activity = MlopsTelemetry.ActivitySource.StartActivity("Predict");
        activity?.SetTag("mlops.model", name);

        ScoredRequest scored;
        byte[]? lineage = null;
        using (var body = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var lease = await engine.AcquireAsync(name, reference, cancellationToken).ConfigureAwait(false);
            try
            {
                if (EntityPredictionInput.IsEntityRequest(body.Span))
                {
                    var columns = lease.Model.Schema.Tabular?.Columns.Select(c => c.Name).ToArray();
                    var entityRows = await entityInput.BuildAsync(lease.Model.Version, columns, body.Span.ToArray(), cancellationToken).ConfigureAwait(false);
                    lineage = entityRows.Lineage;
                    try
                    {
                        scored = Score(lease, entityRows.Rows, request.RequestId);
                    }
                    catch (MlopsException ex) when (entityRows.Rename(ex) is var renamed && !ReferenceEquals(renamed, ex))
                    {
                        throw renamed;
                    }
                }
                else
                {
                    scored = Score(lease, body.Span, request.RequestId);
                }
            }
            finally
            {
                lease.Dispose();
            }
        }

        activity?.SetTag("mlops.version", scored.Model.Number);
        return await scored.CompleteAsync(request, "predict", started, log, time, lineage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>?version=</c> or <c>?alias=</c>, not both; neither means the champion.</summary>
    internal static ModelReference ReadReference(ApiRequest request)
    {
        var version = request.GetQuery("version");
        var alias = request.GetQuery("alias");
        if (version is not null && alias is not null)
        {
            throw MlopsException.Validation("Give either ?version= or ?alias=, not both.", "alias");
        }

        if (version is not null)
        {
            return new ModelReference(ModelNames.ParseVersion(version), null);
        }

        return alias is not null ? new ModelReference(null, ModelNames.ValidateAlias(alias)) : ModelReference.Champion;
    }

    private ScoredRequest Score(ModelLease lease, ReadOnlySpan<byte> json, string requestId)
    {
        var model = lease.Model;
        var schema = model.Schema;
        if (schema.Tabular is null)
        {
            throw MlopsException.Unprocessable(
                $"Model '{model.Name}' version {model.VersionText} cannot be called with JSON columns: {schema.TabularProblem}. " +
                $"Use the Open Inference Protocol: POST /v2/models/{model.Name}/versions/{model.VersionText}/infer.",
                "model");
        }

        using var batch = PredictRequestParser.Parse(json, schema, _options.MaxBatchRows, _options.AllowMissingValues);
        var outputs = model.Run(batch);
        try
        {
            var writer = JsonWriterCache.Rent(out var buffer);
            writer.WriteStartObject();
            writer.WriteString("model"u8, model.Name);
            writer.WriteNumber("version"u8, model.Number);
            if (lease.Alias is null)
            {
                writer.WriteNull("alias"u8);
            }
            else
            {
                writer.WriteString("alias"u8, lease.Alias);
            }

            writer.WriteString("requestId"u8, requestId);
            writer.WritePropertyName("predictions"u8);
            writer.Flush();
            var start = (int)writer.BytesCommitted;
            PredictionWriter.WritePredictions(writer, outputs, batch.Rows);
            writer.Flush();
            var end = (int)writer.BytesCommitted;
            writer.WriteEndObject();
            var body = JsonWriterCache.ToArrayAndReturn(writer, buffer);

            // The log's outputs are the response's predictions array: same bytes, no second copy.
            var inputs = log.IsEnabled ? PredictionWriter.RawInputRowsToArray(json, batch) : default;
            return new ScoredRequest(model, lease.Alias, batch.Rows, body, inputs, body.AsMemory(start, end - start));
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }
}
