namespace Mlops.Core.Monitoring.Checks;

/// <summary>Live metrics of the serving version from feedback joined to its logged predictions, against its test metrics.</summary>
/// <param name="Status"><c>computed</c>, <c>notEnoughData</c> or <c>unsupported</c>.</param>
/// <param name="Message">Why there is no verdict, or null.</param>
/// <param name="Version">The version the predictions came from.</param>
/// <param name="Task">The task the metrics are for (<c>binary-classification</c>, <c>multiclass-classification</c>, <c>regression</c>).</param>
/// <param name="Rows">Predicted rows with an actual outcome.</param>
/// <param name="Live">The live metrics.</param>
/// <param name="Comparisons">Each live metric the registry has a test value for.</param>
/// <param name="Degraded">Whether any compared metric degraded beyond the policy's threshold.</param>
internal sealed record PerformanceResult(
    string Status,
    string? Message,
    int Version,
    string? Task,
    int Rows,
    IReadOnlyDictionary<string, double> Live,
    IReadOnlyList<MetricComparison> Comparisons,
    bool Degraded);
