using Mlops.Core.Api;

namespace Mlops.Core.Hosting;

/// <summary>
/// Every route, timer, blob path, workflow and activity of the platform, by name. The server maps its endpoints
/// and background services from it; a test checks that the Functions app declares exactly these functions.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>HTTP routes.</summary>
    public static IReadOnlyList<HttpFunction> Http { get; } =
    [
        new("Health", "get", "api/health", AccessLevel.Anonymous),

        new("ListModels", "get", "api/models", AccessLevel.Function),
        new("GetModel", "get", "api/models/{name}", AccessLevel.Function),
        new("ListModelVersions", "get", "api/models/{name}/versions", AccessLevel.Function),
        new("RegisterModelVersion", "post", "api/models/{name}/versions", AccessLevel.Admin, Limit: BodyLimit.Upload),
        new("GetModelVersion", "get", "api/models/{name}/versions/{version}", AccessLevel.Function),
        new("GetModelArtifact", "get", "api/models/{name}/versions/{version}/artifact", AccessLevel.Function),
        new("GetModelLineage", "get", "api/models/{name}/versions/{version}/lineage", AccessLevel.Function),
        new("GetModelAlias", "get", "api/models/{name}/aliases/{alias}", AccessLevel.Function),
        new("SetModelAlias", "put", "api/models/{name}/aliases/{alias}", AccessLevel.Admin),
        new("DeleteModelAlias", "delete", "api/models/{name}/aliases/{alias}", AccessLevel.Admin),
        new("ListAudit", "get", "api/audit", AccessLevel.Admin),

        new("Predict", "post", "api/models/{name}/predict", AccessLevel.Function),
        new("ListPredictions", "get", "api/models/{name}/predictions", AccessLevel.Function),

        new("InferenceServerMetadata", "get", "v2", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceServerLive", "get", "v2/health/live", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceServerReady", "get", "v2/health/ready", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceModelMetadata", "get", "v2/models/{name}", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionMetadata", "get", "v2/models/{name}/versions/{version}", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelReady", "get", "v2/models/{name}/ready", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionReady", "get", "v2/models/{name}/versions/{version}/ready", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelInfer", "post", "v2/models/{name}/infer", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionInfer", "post", "v2/models/{name}/versions/{version}/infer", AccessLevel.Function, ErrorStyle.InferenceProtocol),
    ];

    /// <summary>Timer-triggered functions.</summary>
    public static IReadOnlyList<TimerFunction> Timers { get; } = [];

    /// <summary>Blob-triggered functions.</summary>
    public static IReadOnlyList<BlobFunction> Blobs { get; } = [];

    /// <summary>Orchestrations (workflows), by name.</summary>
    public static IReadOnlyList<string> Workflows { get; } = [];

    /// <summary>Activities, by name.</summary>
    public static IReadOnlyList<string> Activities { get; } = [];

    /// <summary>Looks up an HTTP function by name.</summary>
    public static HttpFunction GetHttp(string name) =>
        Http.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No HTTP function named '{name}' in the catalog.");
}
