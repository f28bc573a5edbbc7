using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring;

/// <summary>Registers the prediction log writer.</summary>
public static class PredictionLogServiceCollectionExtensions
{
    /// <summary>
    /// Adds the batched, back-pressured prediction log on Blob storage (<see cref="IPredictionLog"/>, its background
    /// writer and the <c>predictions</c> container), or a no-op log when <see cref="PredictionLogOptions.Enabled"/> is off.
    /// </summary>
    public static IHostApplicationBuilder AddPredictionLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PredictionLogOptions>()
            .Bind(builder.Configuration.GetSection(PredictionLogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStorageContainer(PredictionLogFormat.Container);
        services.TryAddSingleton<PredictionLogReader>();
        services.TryAddSingleton<BlobPredictionLogSink>();
        services.TryAddSingleton<IPredictionLogSink>(sp => sp.GetRequiredService<BlobPredictionLogSink>());
        services.TryAddSingleton<ChannelPredictionLog>();
        services.TryAddSingleton<NullPredictionLog>();

        // Decided from options at resolution, not from configuration at registration, so every configuration source
        // (including ones a test host adds late) counts; the writer idles when the log is off.
        services.TryAddSingleton<IPredictionLog>(sp => sp.GetRequiredService<IOptions<PredictionLogOptions>>().Value.Enabled
            ? sp.GetRequiredService<ChannelPredictionLog>()
            : sp.GetRequiredService<NullPredictionLog>());
        services.AddHostedService<PredictionLogWriter>();
        services.TryAddSingleton<PredictionLogApi>();
        services.AddApiEndpoint<PredictionLogApi>("ListPredictions", (api, request, ct) => api.ListAsync(request, ct));
        return builder;
    }
}
