using BenchmarkDotNet.Running;
using Mlops.Drift.Bench;

// Drift computation, 1,000,000 current rows × 20 numerical features against a 100,000-row reference, beside a sort of
// the same data (the lower bound of any exact KS or Wasserstein). Run in Release:
//   dotnet run -c Release --project bench/Mlops.Drift.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(DriftBenchmarks).Assembly).Run(args);
