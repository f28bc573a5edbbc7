using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>
/// The scoring comparison of <see cref="ScoringBenchmarks"/> in CPU time as well as wall time: ML.NET's transform
/// spreads its work over the cores, so on a 2-core machine its wall time alone flatters it against ONNX Runtime on
/// one thread. Medians of 10 rounds after 3 warm-ups; the process's CPU time is read around each call.
/// </summary>
internal static class ScoringCpuReport
{
    private const int Rows = 100_000;
    private const int Rounds = 10;

    public static async Task<int> PrintAsync(TextWriter output)
    {
        var train = ChurnBenchData.Split(await ChurnBenchData.BinaryAsync(20_000, seed: 7), 1).Train;
        var model = ModelTrainer.Train(train, TrainerKind.LightGbm, null, seed: 1);
        var rows = await ChurnBenchData.BinaryAsync(Rows, seed: 8);
        var onnx = model.ToOnnx();
        using var single = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        single.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var oneThread = new InferenceSession(onnx, single);
        using var defaultThreads = new InferenceSession(onnx);

        var baseline = Measure(() => model.Predict(rows).RowCount);
        var results = new List<(string Key, double Wall, double Cpu)>();
        await output.WriteLineAsync($"scoring {Rows:N0} churn rows, LightGBM 100 trees; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "  {0,-32}{1,10}{2,10}{3,12}{4,12}", "method", "wall ms", "cpu ms", "wall ratio", "cpu ratio"));
        foreach (var (name, key, result) in new[]
        {
            ("ML.NET transform", "mlnet", baseline),
            ("ONNX Runtime, 1 thread", "ort_1_thread", Measure(() => OnnxScoring.Score(oneThread, rows).Labels.Length)),
            ("ONNX Runtime, default threads", "ort_default_threads", Measure(() => OnnxScoring.Score(defaultThreads, rows).Labels.Length)),
        })
        {
            results.Add((key, result.Wall / baseline.Wall, result.Cpu / baseline.Cpu));
            await output.WriteLineAsync(string.Format(
                CultureInfo.InvariantCulture,
                "  {0,-32}{1,10:F1}{2,10:F1}{3,12:F2}{4,12:F2}",
                name,
                result.Wall,
                result.Cpu,
                result.Wall / baseline.Wall,
                result.Cpu / baseline.Cpu));
        }

        // Machine-readable lines for scripts/bench.sh.
        foreach (var (key, wall, cpu) in results.Skip(1))
        {
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "bench-result scoring_{0}_wall_ratio {1:F2}", key, wall));
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "bench-result scoring_{0}_cpu_ratio {1:F2}", key, cpu));
        }

        return 0;
    }

    private static (double Wall, double Cpu) Measure(Func<int> score)
    {
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < 3; i++)
        {
            score();
        }

        var walls = new double[Rounds];
        var cpus = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            score();
            walls[i] = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpus[i] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        }

        Array.Sort(walls);
        Array.Sort(cpus);
        return ((walls[(Rounds / 2) - 1] + walls[Rounds / 2]) / 2, (cpus[(Rounds / 2) - 1] + cpus[Rounds / 2]) / 2);
    }
}
