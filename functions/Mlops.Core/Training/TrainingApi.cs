using System.Globalization;
using Mlops.Core.Api;
using Mlops.Core.Registry;

namespace Mlops.Core.Training;

/// <summary><c>POST /api/train</c> and a model version's training profile.</summary>
internal sealed class TrainingApi(ITrainingService training, IModelRegistry registry, IModelProfileStore profiles)
{
    public async Task<ApiResponse> TrainAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<TrainingRequest>(cancellationToken).ConfigureAwait(false);
        var result = await training.TrainAsync(body, request.Caller.KeyName, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(result, 201)
            .WithHeader("Location", $"/api/models/{result.Version.Name}/versions/{result.Version.Version.ToString(CultureInfo.InvariantCulture)}");
    }

    public async Task<ApiResponse> GetProfileAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var version = await registry.GetVersionAsync(
            ModelNames.ValidateModel(request.RequireRouteValue("name")),
            ModelNames.ParseVersion(request.RequireRouteValue("version")),
            cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(await profiles.GetAsync(version, cancellationToken).ConfigureAwait(false));
    }
}
