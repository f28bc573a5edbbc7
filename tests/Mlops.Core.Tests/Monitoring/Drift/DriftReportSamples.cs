using Mlops.Core.Monitoring.Drift;
using static Mlops.Core.Tests.Monitoring.Drift.DriftTestData;

namespace Mlops.Core.Tests.Monitoring.Drift;

/// <summary>Drift results and histories to render: realistic, with hostile names where users choose names.</summary>
internal static class DriftReportSamples
{
    public const string HostileColumn = "<script>alert('x')</script>";
    public const string HostileCategory = "\"><img src=x onerror=alert(1)>";
    public const string HostileModel = "churn & <b>co</b>";

    public static readonly DateTimeOffset CheckedAt = new(2024, 3, 8, 12, 0, 0, TimeSpan.Zero);

    public static DriftResult Result()
    {
        var reference = DriftReference.FromDataset(Dataset(
            [
                Numbers("age", Normal(1, 3000, 40, 10)),
                Numbers("income", Normal(2, 3000, 50_000, 12_000)),
                Numbers(HostileColumn, Normal(3, 3000, 0, 1)),
                Text("city", Categories(4, 3000, ("Oslo", 5), ("Bergen", 3), (HostileCategory, 1))),
                Numbers("rating", [.. Enumerable.Range(0, 3000).Select(i => (double)(1 + (i % 5)))]),
                Numbers("empty", [.. Enumerable.Repeat(double.NaN, 3000)]),
            ],
            Text("churned", Categories(5, 3000, ("yes", 1), ("no", 4)))));
        var current = DriftCurrent.FromDataset(Dataset(
            [
                Numbers("age", Normal(6, 800, 47, 10)),
                Numbers("income", Normal(7, 800, 50_500, 12_000)),
                Numbers(HostileColumn, Normal(8, 800, 0.5, 1)),
                Text("city", Categories(9, 800, ("Oslo", 2), ("Bergen", 3), (HostileCategory, 1), ("Tromsø", 1))),
                Numbers("rating", [.. Enumerable.Range(0, 800).Select(i => (double)(1 + (i % 5)))]),
                Numbers("empty", [.. Enumerable.Repeat(double.NaN, 800)]),
            ],
            Text("churned", Categories(10, 800, ("yes", 2), ("no", 3)))));
        return DriftCalculator.Compute(reference, current) with
        {
            Model = HostileModel,
            Version = 3,
            WindowStart = CheckedAt.AddHours(-1),
            WindowEnd = CheckedAt,
            ComputedAt = CheckedAt,
        };
    }

    /// <summary>A week of hourly-ish checks: rising drift, one without enough data.</summary>
    public static IReadOnlyList<DriftSummary> History(int count = 12)
    {
        var history = new List<DriftSummary>();
        for (var k = 0; k < count; k++)
        {
            var tested = 5;
            var drifted = Math.Min(tested, k / 3);
            var at = CheckedAt.AddHours(-(count - k) * 12);
            history.Add(k == 4
                ? new DriftSummary(at, DriftCheckStatus.NotEnoughData, 0, false, 0, 0, 12)
                : new DriftSummary(at, DriftCheckStatus.Computed, (double)drifted / tested, drifted / (double)tested >= 0.5, drifted, tested, 900, k > 8));
        }

        return history;
    }
}
