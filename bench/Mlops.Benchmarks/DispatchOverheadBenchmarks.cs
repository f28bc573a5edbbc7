using System.Text;
using BenchmarkDotNet.Attributes;
using Mlops.Core.Api;

namespace Mlops.Benchmarks;

/// <summary>
/// Fixed per-request costs on the predict path that do not depend on the model, for reading
/// <see cref="PredictBenchmarks"/>: the dispatcher around a trivial endpoint (key check, request id, body limit,
/// response headers) and the request id alone.
/// </summary>
[MemoryDiagnoser]
public class DispatchOverheadBenchmarks
{
    private InProcessPlatform? _platform;
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(BenchModel.PredictJson());
        _platform = new InProcessPlatform(BenchModel.Onnx());
        var status = HealthThroughDispatcher().GetAwaiter().GetResult().StatusCode;
        if (status != 200)
        {
            throw new InvalidOperationException($"health answered {status}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _platform?.Dispose();

    /// <summary><c>GET /api/health</c> through the dispatcher with a function key: the no-op endpoint of the HTTP runs.</summary>
    [Benchmark]
    public Task<ApiResponse> HealthThroughDispatcher() =>
        _platform!.Dispatcher.DispatchAsync("Health", new BenchApiRequest(InProcessPlatform.Model, _body, InProcessPlatform.FunctionKey));

    /// <summary>A new request id, as the dispatcher makes for every request without a usable <c>x-request-id</c>.</summary>
    [Benchmark]
    public string NewRequestId() => RequestIds.FromHeader(null);
}
