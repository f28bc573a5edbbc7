using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>
/// The model routes of the Open Inference Protocol v2 (KServe, Triton, MLServer) under <c>/v2/models</c>: model
/// metadata and readiness, and infer, by model name (the <c>champion</c> alias) or by version. Errors are
/// <c>{"error": "..."}</c> (the dispatcher writes them for these routes).
/// </summary>
internal sealed class InferenceApi(ServingEngine engine, IModelRegistry registry, IPredictionLog log, IOptions<ServingOptions> options, TimeProvider time)
{
    private const string Platform = "onnx_onnxv1";
    private readonly ServingOptions _options = options.Value;

    /// <summary>Name, versions, platform and tensor metadata, from the registry (the model is not loaded).</summary>
    public async Task<ApiResponse> ModelMetadataAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (name, reference) = ReadTarget(request);
        var version = await engine.ResolveAsync(name, reference, cancellationToken).ConfigureAwait(false);
        List<string> versions;
        if (reference.Version is { } number)
        {
            versions = [number.ToString(CultureInfo.InvariantCulture)];
        }
        else
        {
            versions = [];
            await foreach (var v in registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (v.Status == ModelVersionStatus.Ready)
                {
                    versions.Add(v.Version.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return Write(writer =>
        {
            writer.WriteString("name"u8, version.Name);
            writer.WriteStartArray("versions"u8);
            foreach (var v in versions)
            {
                writer.WriteStringValue(v);
            }

            writer.WriteEndArray();
            writer.WriteString("platform"u8, Platform);
            WriteTensors(writer, "inputs"u8, version.Signature.Inputs);
            WriteTensors(writer, "outputs"u8, version.Signature.Outputs);
        });
    }

    /// <summary>Loads the model if needed (a readiness probe warms it), then reports it ready; 404 when it does not resolve.</summary>
    public async Task<ApiResponse> ModelReadyAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (name, reference) = ReadTarget(request);
        using var lease = await engine.AcquireAsync(name, reference, cancellationToken).ConfigureAwait(false);
        var model = lease.Model;
        return Write(writer =>
        {
            writer.WriteString("name"u8, model.Name);
            writer.WriteString("version"u8, model.VersionText);
            writer.WriteBoolean("ready"u8, true);
        });
    }

    public async Task<ApiResponse> InferAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (name, reference) = ReadTarget(request);
        using var activity = MlopsTelemetry.ActivitySource.StartActivity("Infer");
        activity?.SetTag("mlops.model", name);

        ScoredRequest inferred;
        using (var body = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var lease = await engine.AcquireAsync(name, reference, cancellationToken).ConfigureAwait(false);
            try
            {
                inferred = Infer(lease, body.Span, request.RequestId);
            }
            finally
            {
                lease.Dispose();
            }
        }

        activity?.SetTag("mlops.version", inferred.Model.Number);
        return await inferred.CompleteAsync(request, "infer", started, log, time, lineage: null, cancellationToken).ConfigureAwait(false);
    }

    private ScoredRequest Infer(ModelLease lease, ReadOnlySpan<byte> json, string requestId)
    {
        var model = lease.Model;
        using var parsed = InferRequestParser.Parse(json, model.Schema, _options.MaxBatchRows, _options.AllowMissingValues);
        var batch = parsed.Batch;
        var outputs = model.Run(batch);
        try
        {
            var writer = JsonWriterCache.Rent(out var buffer);
            writer.WriteStartObject();
            writer.WriteString("model_name"u8, model.Name);
            writer.WriteString("model_version"u8, model.VersionText);
            writer.WriteString("id"u8, parsed.Id ?? requestId);
            writer.WriteStartArray("outputs"u8);
            foreach (var index in parsed.Outputs)
            {
                var output = (TensorOutput)outputs[index];
                writer.WriteStartObject();
                writer.WriteString("name"u8, output.Spec.JsonName);
                writer.WriteString("datatype"u8, InferenceDatatypes.ToDatatype(output.Kind));
                writer.WriteStartArray("shape"u8);
                foreach (var dimension in output.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("data"u8);
                output.WriteFlat(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            var body = JsonWriterCache.ToArrayAndReturn(writer, buffer);

            if (!log.IsEnabled)
            {
                return new ScoredRequest(model, lease.Alias, batch.Rows, body, default, default);
            }

            writer = JsonWriterCache.Rent(out buffer);
            PredictionWriter.WritePredictions(writer, outputs, batch.Rows);
            var predictions = JsonWriterCache.ToArrayAndReturn(writer, buffer);
            return new ScoredRequest(model, lease.Alias, batch.Rows, body, PredictionWriter.InputRowsToArray(batch), predictions);
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    private static (string Name, ModelReference Reference) ReadTarget(ApiRequest request)
    {
        var name = ModelNames.ValidateModel(request.GetRouteValue("name"));
        var version = request.GetRouteValue("version");
        return (name, version is null ? ModelReference.Champion : new ModelReference(ModelNames.ParseVersion(version), null));
    }

    private static void WriteTensors(Utf8JsonWriter writer, ReadOnlySpan<byte> property, IReadOnlyList<TensorSpec> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var tensor in tensors)
        {
            // Maps and sequences (ZipMap outputs) have no representation in the protocol.
            if (tensor.Kind != ValueKind.Tensor)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("name"u8, tensor.Name);
            writer.WriteString("datatype"u8, InferenceDatatypes.ToDatatype(tensor.ElementType));
            writer.WriteStartArray("shape"u8);
            foreach (var dimension in tensor.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static ApiResponse Write(Action<Utf8JsonWriter> properties)
    {
        var writer = JsonWriterCache.Rent(out var buffer);
        writer.WriteStartObject();
        properties(writer);
        writer.WriteEndObject();
        return ApiResponse.RawJson(JsonWriterCache.ToArrayAndReturn(writer, buffer));
    }
}
