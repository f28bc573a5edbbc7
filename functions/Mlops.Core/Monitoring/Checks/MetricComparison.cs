namespace Mlops.Core.Monitoring.Checks;

/// <summary>One live metric against the version's test value.</summary>
/// <param name="Metric">The metric name (<c>MetricNames</c>).</param>
/// <param name="Live">The value on live traffic.</param>
/// <param name="Baseline">The version's test value from the registry.</param>
/// <param name="Change">How much worse the live value is, as a share of the baseline (negative when better).</param>
/// <param name="Degraded">Whether <paramref name="Change"/> exceeds the policy's threshold.</param>
internal sealed record MetricComparison(string Metric, double Live, double Baseline, double Change, bool Degraded);
