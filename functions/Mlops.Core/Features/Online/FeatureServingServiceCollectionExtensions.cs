using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;

namespace Mlops.Core.Features.Online;

/// <summary>
/// Registers feature retrieval: online lookups (<c>POST /api/features/online</c> and entity-keyed predictions) and the
/// point-in-time join that builds training sets from feature views.
/// </summary>
public static class FeatureServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the online lookup service and the <c>GetOnlineFeatures</c> route, configured by <see cref="OnlineFeatureOptions"/>.
    /// It needs <see cref="IFeatureRegistry"/> and <see cref="IOnlineFeatureStore"/>, which the feature store registers.
    /// </summary>
    public static IHostApplicationBuilder AddFeatureServing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<OnlineFeatureOptions>()
            .Bind(builder.Configuration.GetSection(OnlineFeatureOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OnlineFeatureService>();
        services.AddSingleton<OnlineFeaturesApi>();
        services.AddSingleton<EntityPredictionInput>();
        services.AddSingleton<PointInTime.HistoricalFeatureJoiner>();
        services.AddApiEndpoint<OnlineFeaturesApi>("GetOnlineFeatures", (api, request, ct) => api.GetOnlineFeaturesAsync(request, ct));
        return builder;
    }
}
