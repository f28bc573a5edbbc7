using System.Globalization;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>The registry's HTTP endpoints: validate route values through <see cref="ModelNames"/>, call the registry, map the result.</summary>
internal sealed class RegistryApi(IModelRegistry registry, IOptionsMonitor<ApiOptions> options)
{
    private const int DefaultAuditLimit = 100;

    public async Task<ApiResponse> ListModelsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var models = new List<RegisteredModel>();
        await foreach (var model in registry.ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            models.Add(model);
        }

        return ApiResponse.Json(new ModelList(models));
    }

    public async Task<ApiResponse> GetModelAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Json(await registry.GetModelAsync(Name(request), cancellationToken).ConfigureAwait(false));

    public async Task<ApiResponse> ListVersionsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        await registry.GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        var versions = new List<ModelVersion>();
        await foreach (var version in registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false))
        {
            versions.Add(version);
        }

        return ApiResponse.Json(new VersionList(versions));
    }

    public async Task<ApiResponse> RegisterVersionAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        var upload = await ModelUpload.ReadAsync(request, options.CurrentValue.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        var version = await registry.RegisterVersionAsync(name, upload.Model, upload.Metadata, request.Caller.KeyName, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(version, 201)
            .WithHeader("Location", $"/api/models/{name}/versions/{version.Version.ToString(CultureInfo.InvariantCulture)}");
    }

    public async Task<ApiResponse> GetVersionAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Json(await registry.GetVersionAsync(Name(request), Version(request), cancellationToken).ConfigureAwait(false));

    public async Task<ApiResponse> GetArtifactAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var version = await registry.GetVersionAsync(Name(request), Version(request), cancellationToken).ConfigureAwait(false);
        var etag = $"\"{version.Sha256}\"";
        if (request.GetHeader("If-None-Match") is { } match && match.Split(',').Any(m => m.Trim() == etag || m.Trim() == "*"))
        {
            return ApiResponse.Empty(304).WithHeader("ETag", etag);
        }

        var artifact = await registry.OpenArtifactAsync(version, cancellationToken).ConfigureAwait(false);
        var response = new ApiResponse
        {
            ContentType = "application/octet-stream",
            BodyWriter = async (target, ct) =>
            {
                await using (artifact.ConfigureAwait(false))
                {
                    await artifact.CopyToAsync(target, ct).ConfigureAwait(false);
                }
            },
        };
        return response
            .WithHeader("ETag", etag)
            .WithHeader("Content-Length", version.SizeBytes.ToString(CultureInfo.InvariantCulture))
            .WithHeader("Content-Disposition", $"attachment; filename=\"{version.Name}-v{version.Version.ToString(CultureInfo.InvariantCulture)}.onnx\"");
    }

    public async Task<ApiResponse> GetLineageAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var version = await registry.GetVersionAsync(Name(request), Version(request), cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(new LineageBody(version.Name, version.Version, version.Sha256, version.ArtifactUri, version.Lineage));
    }

    public async Task<ApiResponse> GetAliasAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Json(await registry.GetAliasAsync(Name(request), Alias(request), cancellationToken).ConfigureAwait(false));

    public async Task<ApiResponse> SetAliasAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        var alias = Alias(request);
        var body = await request.ReadJsonAsync<SetAliasBody>(cancellationToken).ConfigureAwait(false);
        if (body.Version is not { } version || version < 1)
        {
            throw MlopsException.Validation("Send the version to point the alias at as a positive number, e.g. {\"version\": 3}.", "version");
        }

        return ApiResponse.Json(await registry.SetAliasAsync(name, alias, version, request.Caller.KeyName, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ApiResponse> DeleteAliasAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        await registry.DeleteAliasAsync(Name(request), Alias(request), request.Caller.KeyName, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Empty(204);
    }

    public async Task<ApiResponse> ListAuditAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = request.GetQuery("model") is { Length: > 0 } value ? ModelNames.ValidateModel(value, "model") : null;
        var limit = DefaultAuditLimit;
        if (request.GetQuery("limit") is { Length: > 0 } text && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            throw MlopsException.Validation($"limit must be a whole number; got '{text}'.", "limit");
        }

        var entries = new List<AuditEntry>();
        await foreach (var entry in registry.ListAuditAsync(model, limit, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return ApiResponse.Json(new AuditList(entries));
    }

    private static string Name(ApiRequest request) => ModelNames.ValidateModel(request.RequireRouteValue("name"));

    private static int Version(ApiRequest request) => ModelNames.ParseVersion(request.RequireRouteValue("version"));

    private static string Alias(ApiRequest request) => ModelNames.ValidateAlias(request.RequireRouteValue("alias"));

    private sealed record ModelList(IReadOnlyList<RegisteredModel> Models);

    private sealed record VersionList(IReadOnlyList<ModelVersion> Versions);

    private sealed record AuditList(IReadOnlyList<AuditEntry> Entries);

    private sealed record LineageBody(string Name, int Version, string Sha256, string ArtifactUri, ModelLineage Lineage);

    private sealed record SetAliasBody(int? Version);
}
