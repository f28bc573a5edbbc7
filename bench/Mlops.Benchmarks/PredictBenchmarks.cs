using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Mlops.Core.Api;
using Mlops.Core.Registry;
using Mlops.Core.Serving;

namespace Mlops.Benchmarks;

/// <summary>
/// Single-row scoring of the 100-tree model. The baseline is a bare ONNX Runtime run on a prebuilt tensor; the goal
/// (issue 2) is <see cref="PredictPath"/>, the predict route's whole in-process path, at most 2x the baseline.
/// <see cref="ParseAndRun"/> splits that path: what it adds to the baseline is request parsing and tensor handling,
/// and what <see cref="PredictPath"/> adds to it is the dispatcher, model lookup, response and metrics.
/// </summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private const string PredictFunction = "Predict";
    private const int MaxRows = 1000;

    private BareOnnxRuntime? _bare;
    private InProcessPlatform? _platform;
    private ModelLease _lease;
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        var onnx = BenchModel.Onnx();
        _bare = new BareOnnxRuntime(onnx);
        Check("bare Run", _bare.Run());

        _body = Encoding.UTF8.GetBytes(BenchModel.PredictJson());
        _platform = new InProcessPlatform(onnx);

        // The first call loads the session and caches the alias, as the warm-up does over HTTP.
        var response = PredictPath().GetAwaiter().GetResult();
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException($"predict answered {response.StatusCode}: {Encoding.UTF8.GetString(response.Body.Span)}");
        }

        Check("predict", FirstPrediction(response.Body));
        _lease = _platform.Engine.AcquireAsync(InProcessPlatform.Model, ModelReference.Champion).AsTask().GetAwaiter().GetResult();
        Check("parse and run", ParseAndRun(ReadScore).Score);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lease.Dispose();
        _platform?.Dispose();
        _bare?.Dispose();
    }

    /// <summary><c>InferenceSession.Run</c> with <c>OrtValue</c>s, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public float BareRun() => _bare!.Run();

    /// <summary>JSON body → input batch → <c>ServedModel.Run</c> (tensors in, outputs copied out); no response.</summary>
    [Benchmark]
    public int ParseAndRun() => ParseAndRun(static _ => 0f).Outputs;

    /// <summary>The predict route through the dispatcher, as the HTTP bridge calls it: everything but Kestrel.</summary>
    [Benchmark]
    public Task<ApiResponse> PredictPath() =>
        _platform!.Dispatcher.DispatchAsync(PredictFunction, new BenchApiRequest(InProcessPlatform.Model, _body, InProcessPlatform.FunctionKey));

    private (int Outputs, float Score) ParseAndRun(Func<OutputValue, float> read)
    {
        var model = _lease.Model;
        using var batch = PredictRequestParser.Parse(_body, model.Schema, MaxRows, allowMissing: true);
        var outputs = model.Run(batch);
        try
        {
            return (outputs.Length, read(outputs[0]));
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    private static float ReadScore(OutputValue output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            output.WriteRow(writer, 0, 1);
        }

        return FirstNumber(stream.ToArray());
    }

    private static float FirstPrediction(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return FirstNumber(document.RootElement.GetProperty("predictions")[0]);
    }

    private static float FirstNumber(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return FirstNumber(document.RootElement);
    }

    private static float FirstNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetSingle(),
        JsonValueKind.Array => FirstNumber(element[0]),
        JsonValueKind.Object => FirstNumber(element.EnumerateObject().First().Value),
        _ => throw new InvalidOperationException($"Expected a number in the prediction, got {element}."),
    };

    private static void Check(string what, float score)
    {
        var expected = BenchModel.ExpectedScore();
        if (Math.Abs(score - expected) > 1e-4f)
        {
            throw new InvalidOperationException($"{what} scored {score}, expected {expected}: the benchmark would measure a wrong answer.");
        }
    }
}
