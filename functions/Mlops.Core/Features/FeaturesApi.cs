using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;

namespace Mlops.Core.Features;

/// <summary>
/// Feature store routes: the catalog of views and their features, one view (any version), defining a view (PUT to its
/// name or POST to the collection), and starting a materialization run over a time range.
/// </summary>
internal sealed class FeaturesApi(IFeatureRegistry registry, PipelineLauncher launcher)
{
    public async Task<ApiResponse> ListViewsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var views = new List<object>();
        await foreach (var view in registry.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            views.Add(Describe(view));
        }

        return ApiResponse.Json(new { views });
    }

    public async Task<ApiResponse> GetViewAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = FeatureViewValidator.ValidateName(request.RequireRouteValue("view"), "view");
        int? version = request.GetQuery("version") is { Length: > 0 } text ? ModelNames.ParseVersion(text) : null;
        var view = await registry.GetAsync(name, version, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(Describe(view));
    }

    public async Task<ApiResponse> PutViewAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = FeatureViewValidator.ValidateName(request.RequireRouteValue("view"), "view");
        var definition = await ReadDefinitionAsync(request, cancellationToken).ConfigureAwait(false);
        if (definition.Name is not null && !string.Equals(definition.Name, name, StringComparison.Ordinal))
        {
            throw MlopsException.Validation($"The body names view '{definition.Name}' but the route '{name}'; leave the name out or make them equal.", "name");
        }

        return await DefineAsync(request, definition with { Name = name }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiResponse> PostViewAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(request, cancellationToken).ConfigureAwait(false);
        return await DefineAsync(request, definition, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiResponse> MaterializeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = FeatureViewValidator.ValidateName(request.RequireRouteValue("view"), "view");
        var body = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var range = body.Length == 0 ? new MaterializeRequest() : ApiRequestExtensions.ParseJson<MaterializeRequest>(body);
        if ((range.From is null) != (range.To is null))
        {
            throw MlopsException.Validation("Give both from and to (ISO 8601 times) for a range, or neither for an incremental run from the watermark.", range.From is null ? "from" : "to");
        }

        if (range.From is { } from && range.To is { } to && from >= to)
        {
            throw MlopsException.Validation($"The range is empty: from {from:o} is not before to {to:o}.", "to");
        }

        if (range.ChunkSize is not null)
        {
            FeatureMaterializer.ParseChunkSize(range.ChunkSize, "chunkSize");
        }

        await registry.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var workflow = launcher.GetWorkflow(PipelineWorkflowNames.FeatureMaterialization);
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());
        var input = new FeatureMaterializationInput(name, range.From, range.To, null, range.ChunkSize);
        var id = await launcher.StartAsync(client, workflow, input, null, cancellationToken).ConfigureAwait(false);
        var payload = PipelineManagementPayload.For(request.BaseUrl, id);
        return ApiResponse.Json(payload, 202).WithHeader("Location", payload.StatusQueryGetUri);
    }

    private async Task<ApiResponse> DefineAsync(ApiRequest request, FeatureViewDefinition definition, CancellationToken cancellationToken)
    {
        var name = FeatureViewValidator.ValidateName(definition.Name);
        var before = await registry.FindAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var view = await registry.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
        return before?.Version == view.Version
            ? ApiResponse.Json(Describe(view))
            : ApiResponse.Json(Describe(view), 201).WithHeader("Location", $"{request.BaseUrl?.TrimEnd('/')}/api/features/views/{view.Name}?version={view.Version}");
    }

    private static async Task<FeatureViewDefinition> ReadDefinitionAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        return ApiRequestExtensions.ParseJson<FeatureViewDefinition>(body);
    }

    /// <summary>The catalog entry of a view: its definition, version and each feature's kind and type spelled out.</summary>
    public static object Describe(FeatureView view)
    {
        var d = view.Definition;
        return new
        {
            name = d.Name,
            version = view.Version,
            createdAt = view.CreatedAt,
            contentHash = view.ContentHash,
            entities = d.Entities,
            timestampColumn = d.TimestampColumn,
            ttl = d.Ttl,
            source = d.Source,
            owner = d.Owner,
            description = d.Description,
            tags = d.Tags,
            features = d.Features.Select(f => new
            {
                name = f.Name,
                reference = d.Name + ":" + f.Name,
                kind = f.Kind,
                type = f.ValueType,
                column = f.Column,
                expression = f.Expression,
                aggregation = f.Aggregation,
                window = f.Window,
                description = f.Description,
            }),
        };
    }

    private sealed record MaterializeRequest(DateTimeOffset? From = null, DateTimeOffset? To = null, string? ChunkSize = null);
}
