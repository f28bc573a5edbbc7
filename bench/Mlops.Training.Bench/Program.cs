using BenchmarkDotNet.Running;
using Mlops.Training.Bench;

// Run in Release:
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- quality              model quality vs a trivial baseline
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- --filter '*Overhead*'  our training path vs ML.NET directly
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- --filter '*Scoring*'   100k rows: ONNX Runtime vs ML.NET
//   dotnet run -c Release --project bench/Mlops.Training.Bench -- scoring-cpu          the same in wall and CPU time
return args switch
{
    ["quality", ..] => await QualityReport.PrintAsync(Console.Out),
    ["scoring-cpu", ..] => await ScoringCpuReport.PrintAsync(Console.Out),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(QualityReport).Assembly).Run(args);
    return 0;
}
