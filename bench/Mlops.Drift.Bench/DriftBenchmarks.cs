using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Training.Data;

namespace Mlops.Drift.Bench;

/// <summary>
/// One drift check over a large window. Every benchmark runs on one thread (the calculator does not parallelise), and
/// the job is pinned to one core so the figures mean "one core". Each operation takes about a second, so a few
/// monitored iterations are enough.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DriftBenchmarks
{
    private const int Features = 20;
    private const int ReferenceRows = 100_000;
    private const int CurrentRows = 1_000_000;

    private double[][] _currentValues = [];
    private double[] _buffer = [];
    private DriftReference _datasetReference = null!;
    private DriftReference _profileReference = null!;
    private DriftCurrent _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Pin to one core: the goal is stated per core, and the machine may be shared.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var random = new Random(42);
        var reference = new List<DatasetColumn>();
        var current = new List<DatasetColumn>();
        _currentValues = new double[Features][];
        for (var f = 0; f < Features; f++)
        {
            // Half the features drift (a shifted mean); a few hold missing values.
            var mean = f * 10.0;
            var std = 1 + (f % 4);
            reference.Add(new NumericColumn($"f{f:00}", Generate(random, ReferenceRows, mean, std, missingRate: f % 5 == 0 ? 0.01 : 0)));
            _currentValues[f] = Generate(random, CurrentRows, mean + (f % 2 == 0 ? 0.5 * std : 0), std, missingRate: f % 5 == 0 ? 0.02 : 0);
            current.Add(new NumericColumn($"f{f:00}", _currentValues[f]));
        }

        var data = new TabularDataset(new DatasetSchema([.. reference.Select(c => new ColumnSchema(c.Name, ColumnKind.Numeric))]), reference);
        _datasetReference = DriftReference.FromDataset(data);
        _profileReference = DriftReference.FromProfile(DatasetProfiler.Profile(data), ReferenceSampler.Sample(data));
        _current = DriftCurrent.FromColumns(current);
        _buffer = new double[CurrentRows];
    }

    /// <summary>The lower bound: copy each current column and sort it once, which an exact KS or Wasserstein needs.</summary>
    [Benchmark(Baseline = true)]
    public double SortOnly()
    {
        double checksum = 0;
        foreach (var column in _currentValues)
        {
            column.CopyTo(_buffer, 0);
            Array.Sort(_buffer);
            checksum += _buffer[CurrentRows / 2];
        }

        return checksum;
    }

    /// <summary>The default check (Wasserstein for every feature, as the reference has over 1,000 rows) against the reference data set.</summary>
    [Benchmark]
    public DriftResult DefaultAgainstDataset() => DriftCalculator.Compute(_datasetReference, _current);

    /// <summary>The default check against the stored profile and its 5,000-value sample per feature.</summary>
    [Benchmark]
    public DriftResult DefaultAgainstProfile() => DriftCalculator.Compute(_profileReference, _current);

    /// <summary>KS on every feature (asymptotic p-values at this size).</summary>
    [Benchmark]
    public DriftResult KsAgainstDataset() => DriftCalculator.Compute(_datasetReference, _current, new DriftPolicy { Method = DriftMethod.KolmogorovSmirnov });

    /// <summary>PSI on every feature, 10 reference-quantile bins.</summary>
    [Benchmark]
    public DriftResult PsiAgainstProfile() => DriftCalculator.Compute(_profileReference, _current, new DriftPolicy { Method = DriftMethod.Psi });

    private static double[] Generate(Random random, int count, double mean, double std, double missingRate)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (missingRate > 0 && random.NextDouble() < missingRate)
            {
                values[i] = double.NaN;
                continue;
            }

            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + (std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }
}
