using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Serving.Batch;
using Mlops.Core.Storage;
using Mlops.Workflows;

namespace Mlops.Core.Serving;

/// <summary>Registers online serving: ONNX Runtime sessions, the predict route and the Open Inference Protocol v2.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds serving and its routes (<c>Predict</c> and the <c>Inference*</c> catalog functions), configured by
    /// <see cref="ServingOptions"/>. It needs the model registry and the prediction log, which their own areas register.
    /// </summary>
    public static IHostApplicationBuilder AddServing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ServingOptions>()
            .Bind(builder.Configuration.GetSection(ServingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ModelSessions>();
        services.AddSingleton<AliasCache>();
        services.AddSingleton<ServingEngine>();
        services.AddSingleton<PredictApi>();
        services.AddSingleton<InferenceApi>();
        services.AddSingleton<InferenceServerApi>();
        services.AddSingleton<BatchScorer>();
        services.AddStorageContainer(BatchScorer.OutputContainer);
        services.AddWorkflows(BatchScoringWorkflow.Register);

        services.AddApiEndpoint<PredictApi>("Predict", (api, request, ct) => api.PredictAsync(request, ct));
        services.AddApiEndpoint<InferenceServerApi>("InferenceServerMetadata", (api, _, _) => api.MetadataAsync());
        services.AddApiEndpoint<InferenceServerApi>("InferenceServerLive", (api, _, _) => api.LiveAsync());
        services.AddApiEndpoint<InferenceServerApi>("InferenceServerReady", (api, _, _) => api.ReadyAsync());
        services.AddApiEndpoint<InferenceApi>("InferenceModelMetadata", (api, request, ct) => api.ModelMetadataAsync(request, ct));
        services.AddApiEndpoint<InferenceApi>("InferenceModelVersionMetadata", (api, request, ct) => api.ModelMetadataAsync(request, ct));
        services.AddApiEndpoint<InferenceApi>("InferenceModelReady", (api, request, ct) => api.ModelReadyAsync(request, ct));
        services.AddApiEndpoint<InferenceApi>("InferenceModelVersionReady", (api, request, ct) => api.ModelReadyAsync(request, ct));
        services.AddApiEndpoint<InferenceApi>("InferenceModelInfer", (api, request, ct) => api.InferAsync(request, ct));
        services.AddApiEndpoint<InferenceApi>("InferenceModelVersionInfer", (api, request, ct) => api.InferAsync(request, ct));
        return builder;
    }
}
