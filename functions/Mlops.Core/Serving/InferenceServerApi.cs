using System.Reflection;

namespace Mlops.Core.Serving;

/// <summary>The server routes of the Open Inference Protocol v2: <c>GET /v2</c>, <c>/v2/health/live</c>, <c>/v2/health/ready</c>.</summary>
internal sealed class InferenceServerApi
{
    private const string ServerName = "mlops";

    private static readonly string ServerVersion =
        typeof(InferenceServerApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public Task<Api.ApiResponse> MetadataAsync() =>
        Task.FromResult(InferenceApi.Write(writer =>
        {
            writer.WriteString("name"u8, ServerName);
            writer.WriteString("version"u8, ServerVersion);
            writer.WriteStartArray("extensions"u8);
            writer.WriteEndArray();
        }));

    public Task<Api.ApiResponse> LiveAsync() => Task.FromResult(InferenceApi.Write(writer => writer.WriteBoolean("live"u8, true)));

    public Task<Api.ApiResponse> ReadyAsync() => Task.FromResult(InferenceApi.Write(writer => writer.WriteBoolean("ready"u8, true)));
}
