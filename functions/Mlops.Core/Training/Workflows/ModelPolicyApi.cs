using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Training.Workflows;

/// <summary><c>GET|PUT|DELETE /api/models/{name}/policy</c>: a model's training, gate and retraining policy.</summary>
internal sealed class ModelPolicyApi(IModelPolicyStore policies)
{
    public async Task<ApiResponse> GetAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = Model(request);
        var policy = await policies.FindAsync(model, cancellationToken).ConfigureAwait(false)
            ?? throw MlopsException.NotFound($"Model '{model}' has no policy; set one with PUT /api/models/{model}/policy.", "name");
        return ApiResponse.Json(policy);
    }

    public async Task<ApiResponse> PutAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = Model(request);
        var policy = await request.ReadJsonAsync<ModelPolicy>(cancellationToken).ConfigureAwait(false);
        return ApiResponse.Json(await policies.SaveAsync(model, policy, request.Caller.KeyName, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ApiResponse> DeleteAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = Model(request);
        return await policies.DeleteAsync(model, cancellationToken).ConfigureAwait(false)
            ? ApiResponse.Empty()
            : throw MlopsException.NotFound($"Model '{model}' has no policy.", "name");
    }

    private static string Model(ApiRequest request) => ModelNames.ValidateModel(request.RequireRouteValue("name"));
}
