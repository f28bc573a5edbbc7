namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// A drift test. Unless a <see cref="DriftPolicy"/> names one, each column gets Evidently's default: with at most
/// 1,000 reference values, <see cref="KolmogorovSmirnov"/> for numerical columns with more than 5 distinct values,
/// <see cref="ZTest"/> for columns with at most 2 and <see cref="ChiSquare"/> otherwise; with more,
/// <see cref="Wasserstein"/> for numerical columns with more than 5 distinct values and <see cref="JensenShannon"/>
/// otherwise (distinct values counted over reference and current together).
/// </summary>
public enum DriftMethod
{
    /// <summary>Two-sample Kolmogorov–Smirnov on numerical values; drift when the p-value ≤ the threshold (default 0.05).</summary>
    KolmogorovSmirnov,

    /// <summary>
    /// Pearson's chi-square of current category counts against counts expected from the reference frequencies; drift
    /// when the p-value &lt; the threshold (default 0.05).
    /// </summary>
    ChiSquare,

    /// <summary>
    /// Two-proportion Z test of the reference's most frequent category against the rest; drift when the p-value &lt;
    /// the threshold (default 0.05).
    /// </summary>
    ZTest,

    /// <summary>
    /// Wasserstein distance divided by the reference's population standard deviation (at least 0.001); drift when ≥ the
    /// threshold (default 0.1).
    /// </summary>
    Wasserstein,

    /// <summary>
    /// Jensen–Shannon distance (natural log) between category frequencies, or for a numerical column with more than 20
    /// distinct reference values between 30 equal-width bins over both samples' range; drift when ≥ the threshold
    /// (default 0.1).
    /// </summary>
    JensenShannon,

    /// <summary>
    /// Population stability index over bins at the reference's quantiles (<see cref="DriftPolicy.PsiBins"/>, default
    /// 10) or over categories; drift when ≥ the threshold (default 0.1; above 0.25 is usually called significant).
    /// </summary>
    Psi,
}
