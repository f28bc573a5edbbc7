using System.Reflection;

namespace Mlops.Core.Api;

/// <summary>The liveness route: the process is up and the composition root built.</summary>
internal sealed class HealthApi(TimeProvider time)
{
    private static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public Task<ApiResponse> GetAsync(ApiRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ApiResponse.Json(new HealthBody("ok", Version, time.GetUtcNow())));

    private sealed record HealthBody(string Status, string Version, DateTimeOffset Time);
}
