using BenchmarkDotNet.Running;
using Mlops.Training.Bench;

// Run in Release:
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- quality              model quality vs a trivial baseline
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- --filter '*Overhead*'  our training path vs ML.NET directly
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- --filter '*Scoring*'   100k rows: ONNX Runtime vs ML.NET
return args is ["quality", ..]
    ? await QualityReport.PrintAsync(Console.Out)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(QualityReport).Assembly).Run(args);
    return 0;
}
