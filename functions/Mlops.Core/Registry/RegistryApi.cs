using System.Globalization;
using System.Text.Json;
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

    public async Task<ApiResponse> UpdateVersionAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var name = Name(request);
        var number = Version(request);
        var update = ReadUpdate(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        return ApiResponse.Json(await registry.UpdateVersionAsync(name, number, update, request.Caller.KeyName, cancellationToken).ConfigureAwait(false));
    }

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

    /// <summary>
    /// Reads a merge-patch body by hand, because the serializer cannot tell a member left out (unchanged) from a null
    /// (remove), and unknown members must be rejected rather than skipped.
    /// </summary>
    private static ModelVersionUpdate ReadUpdate(byte[] body)
    {
        var root = ApiRequestExtensions.ParseJson<JsonElement>(body);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw MlopsException.Validation($"The body must be a JSON object such as {{\"description\": \"...\", \"tags\": {{\"stage\": \"prod\"}}}}; got {root.ValueKind}.", "body");
        }

        var update = new ModelVersionUpdate();
        var any = false;
        foreach (var member in root.EnumerateObject())
        {
            any = true;
            update = member.Name switch
            {
                "description" => update with { Description = member.Value.ValueKind switch
                {
                    JsonValueKind.String => member.Value.GetString(),
                    JsonValueKind.Null => string.Empty,
                    _ => throw MlopsException.Validation($"description must be a string, or null to remove it; got {member.Value.ValueKind}.", "description"),
                } },
                "tags" => update with { Tags = ReadTags(member.Value) },
                _ => throw MlopsException.Validation(
                    $"'{Truncate(member.Name)}' is not a field of a version update; only description and tags can change after registration.", member.Name),
            };
        }

        return any
            ? update
            : throw MlopsException.Validation("The body is empty: send description, tags, or both.", "body");
    }

    private static Dictionary<string, string?> ReadTags(JsonElement tags)
    {
        if (tags.ValueKind != JsonValueKind.Object)
        {
            throw MlopsException.Validation($"tags must be an object of tag to value (null deletes the tag); got {tags.ValueKind}.", "tags");
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateObject())
        {
            result[tag.Name] = tag.Value.ValueKind switch
            {
                JsonValueKind.String => tag.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw MlopsException.Validation($"Tag '{Truncate(tag.Name)}' must be a string, or null to delete it; got {tag.Value.ValueKind}.", "tags." + Truncate(tag.Name)),
            };
        }

        return result;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";

    private static string Name(ApiRequest request) => ModelNames.ValidateModel(request.RequireRouteValue("name"));

    private static int Version(ApiRequest request) => ModelNames.ParseVersion(request.RequireRouteValue("version"));

    private static string Alias(ApiRequest request) => ModelNames.ValidateAlias(request.RequireRouteValue("alias"));

    private sealed record ModelList(IReadOnlyList<RegisteredModel> Models);

    private sealed record VersionList(IReadOnlyList<ModelVersion> Versions);

    private sealed record AuditList(IReadOnlyList<AuditEntry> Entries);

    private sealed record LineageBody(string Name, int Version, string Sha256, string ArtifactUri, ModelLineage Lineage);

    private sealed record SetAliasBody(int? Version);
}
