using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mlops.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's command line selects (e.g. <c>--filter '*'</c>), then prints one
/// <c>bench-result</c> line per benchmark and one <c>bench-ratio</c> line per benchmark against its class's baseline,
/// for scripts/bench.sh to read.
/// </summary>
internal static class BenchRunner
{
    public static int Run(string[] args)
    {
        // In process: no generated project to build (slow on 2 cores, and the repository's warnings-as-errors
        // props would apply to it); a few more iterations than ShortRun cost little at microseconds per call.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(5)
            .WithIterationCount(15)
            .WithId("InProcess");
        var config = DefaultConfig.Instance.AddJob(job.AsDefault());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchRunner).Assembly).Run(args, config).ToList();

        var failed = false;
        foreach (var summary in summaries)
        {
            failed |= summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success);
            Print(summary);
        }

        return failed ? 1 : 0;
    }

    private static void Print(Summary summary)
    {
        var reports = summary.Reports.Where(r => r.Success && r.ResultStatistics is not null).ToList();
        foreach (var report in reports)
        {
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"bench-result {Name(report)} mean_ns={report.ResultStatistics!.Mean:F1} stddev_ns={report.ResultStatistics.StandardDeviation:F1} allocated_bytes={allocated}"));
        }

        foreach (var group in reports.GroupBy(r => r.BenchmarkCase.Descriptor.Type))
        {
            var baseline = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
            if (baseline is null)
            {
                continue;
            }

            foreach (var report in group.Where(r => r != baseline))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"bench-ratio {Name(report)}/{Name(baseline)}={report.ResultStatistics!.Mean / baseline.ResultStatistics!.Mean:F2}"));
            }
        }
    }

    private static string Name(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
}
