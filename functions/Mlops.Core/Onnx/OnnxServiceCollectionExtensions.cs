using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Onnx;

/// <summary>Registers the ONNX services: the model inspector used at registration.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IOnnxModelInspector"/> (stateless, a singleton).</summary>
    public static IHostApplicationBuilder AddOnnx(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IOnnxModelInspector, OnnxModelInspector>();
        return builder;
    }
}
