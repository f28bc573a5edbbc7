using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Events;
using Mlops.Core.Features;
using Mlops.Core.Features.Online;
using Mlops.Core.Monitoring;
using Mlops.Core.Monitoring.Checks;
using Mlops.Core.Onnx;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Serving;
using Mlops.Core.Serving.Batch;
using Mlops.Core.Storage;
using Mlops.Core.Training;
using Mlops.Core.Training.Workflows;

namespace Mlops.Core;

/// <summary>The one composition root: every host calls <see cref="AddMlopsCore"/> and gets the same platform.</summary>
public static class MlopsCoreBuilderExtensions
{
    /// <summary>Registers every capability of the platform.</summary>
    public static IHostApplicationBuilder AddMlopsCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddApi();
        builder.AddStorage();
        builder.AddOnnx();
        builder.AddRegistry();
        builder.AddServing();
        builder.AddPredictionLog();
        builder.AddTraining();
        builder.AddEvents();
        builder.AddPipelines();
        builder.AddTrainingWorkflows();
        builder.AddMonitoring();
        builder.AddFeatures();
        builder.AddFeatureServing();
        return builder;
    }

    private static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IApiDispatcher, ApiDispatcher>();
        builder.Services.AddSingleton<HealthApi>();
        builder.Services.AddApiEndpoint<HealthApi>("Health", (api, request, ct) => api.GetAsync(request, ct));
        return builder;
    }
}
