using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// The two-sample statistics behind drift checks, as Evidently and scipy compute them. Inputs are plain spans so the
/// calculator can call them on sorted, missing-free buffers without copying; distribution functions come from
/// MathNet.Numerics.
/// </summary>
internal static class DriftStatistics
{
    /// <summary>
    /// scipy's <c>ks_2samp(method="auto")</c> computes the exact p-value when both samples have at most this many
    /// values and the asymptotic one otherwise; the same rule here keeps p-values comparable with Evidently's.
    /// </summary>
    public const int KsExactMaxSampleSize = 10_000;

    /// <summary>Evidently's floor on the reference standard deviation that normalises the Wasserstein distance.</summary>
    public const double WassersteinMinNorm = 0.001;

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov test, two-sided. The statistic D = sup |F₁ − F₂| comes from one merge walk over
    /// the sorted samples. The p-value is exact (probability of a random interleaving of the two samples reaching D,
    /// ties ignored as scipy does) when both samples have at most <see cref="KsExactMaxSampleSize"/> values, else
    /// asymptotic: the Kolmogorov distribution at λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = n·m/(n+m), Stephens'
    /// small-sample correction, which tracks scipy's <c>kstwo.sf(D, round(nₑ))</c> closely.
    /// </summary>
    /// <param name="sortedA">The first sample, ascending, no NaN.</param>
    /// <param name="sortedB">The second sample, ascending, no NaN.</param>
    /// <param name="forceExact">Null for the automatic choice; true or false to force one (tests).</param>
    public static KsResult KolmogorovSmirnov(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB, bool? forceExact = null)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        int n = sortedA.Length, m = sortedB.Length;

        // D·n·m as an integer: the exact p-value then compares lattice points with no rounding at all.
        var scaled = KsScaledStatistic(sortedA, sortedB);
        var statistic = (double)scaled / n / m;
        if (scaled == 0)
        {
            return new KsResult(0, 1, true);
        }

        var exact = forceExact ?? Math.Max(n, m) <= KsExactMaxSampleSize;
        var p = exact ? KsExactPValue(n, m, scaled) : KolmogorovSurvival(KsLambda(n, m, statistic));
        return new KsResult(statistic, Math.Clamp(p, 0, 1), exact);
    }

    /// <summary>max over the merged order of |i·m − j·n| (i of n values of A and j of m of B at or below each value).</summary>
    private static long KsScaledStatistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, m = b.Length, i = 0, j = 0;
        long max = 0;
        while (i < n && j < m)
        {
            var value = Math.Min(a[i], b[j]);
            while (i < n && a[i] == value)
            {
                i++;
            }

            while (j < m && b[j] == value)
            {
                j++;
            }

            var difference = Math.Abs(((long)i * m) - ((long)j * n));
            if (difference > max)
            {
                max = difference;
            }
        }

        // Once one sample is exhausted the difference only shrinks towards zero at (n, m).
        return max;
    }

    /// <summary>
    /// P(D ≥ observed) over the C(n+m, n) equally likely interleavings: probability mass walks the lattice from (0, 0)
    /// to (n, m), and the mass that first steps onto a point with |i·m − j·n| ≥ <paramref name="scaled"/> is the
    /// p-value. Summing that mass directly (rather than 1 − P(inside)) keeps small p-values accurate. Only the band of
    /// points inside, and the points just past it, are visited in each row: about n·(2D·m + m/n) steps, not n·m.
    /// </summary>
    private static double KsExactPValue(int n, int m, long scaled)
    {
        // Every point outside the band holds no mass: points left of it were zeroed when the band moved past them,
        // points right of it were never reached.
        var mass = new double[m + 1];
        double outside = 0;
        mass[0] = 1;
        var previousLow = 0;
        for (var i = 0; i <= n; i++)
        {
            var im = (long)i * m;

            // Inside: i·m − scaled < j·n < i·m + scaled.
            var low = (int)Math.Clamp(FloorDivide(im - scaled, n) + 1, 0, m + 1L);
            var high = (int)Math.Min(FloorDivide(im + scaled - 1, n), m);
            var first = i == 0 ? 1 : previousLow;
            var last = Math.Min(m, high + 1);
            for (var j = first; j <= last; j++)
            {
                var remaining = (double)(n + m - i - j + 1);
                var incoming = i == 0 ? 0 : mass[j] * (n - i + 1) / remaining;
                if (j > 0)
                {
                    incoming += mass[j - 1] * (m - j + 1) / remaining;
                }

                if (j >= low && j <= high)
                {
                    mass[j] = incoming;
                }
                else
                {
                    outside += incoming;
                    mass[j] = 0;
                }
            }

            previousLow = low;
        }

        return outside;
    }

    private static long FloorDivide(long numerator, long denominator) =>
        (numerator / denominator) - (numerator % denominator < 0 ? 1 : 0);

    private static double KsLambda(int n, int m, double statistic)
    {
        var effective = (double)n * m / (n + m);
        var root = Math.Sqrt(effective);
        return (root + 0.12 + (0.11 / root)) * statistic;
    }

    /// <summary>
    /// The Kolmogorov distribution's survival function Q(λ) = 2 Σₖ (−1)^(k−1) e^(−2k²λ²) (the limit law of √n·D).
    /// The alternating series converges fast for λ above about 0.3; below that Q is 1 to double precision.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }

        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-17 * Math.Max(sum, 1e-300))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>
    /// Pearson's chi-square goodness of fit of <paramref name="observed"/> counts against <paramref name="expected"/>
    /// counts (scipy's <c>chisquare</c>), k − 1 degrees of freedom. Every expected count must be positive; fewer than
    /// two categories give statistic 0 and p-value 1.
    /// </summary>
    public static TestResult ChiSquare(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length)
        {
            throw new ArgumentException("Observed and expected counts must have the same length.");
        }

        if (observed.Length < 2)
        {
            return new TestResult(0, 1);
        }

        double statistic = 0;
        for (var k = 0; k < observed.Length; k++)
        {
            if (!(expected[k] > 0))
            {
                throw new ArgumentException("Expected counts must be positive.");
            }

            var difference = observed[k] - expected[k];
            statistic += difference * difference / expected[k];
        }

        // Q(df/2, x/2) directly rather than 1 − CDF, so tiny p-values survive.
        var degrees = observed.Length - 1;
        var p = SpecialFunctions.GammaUpperRegularized(degrees / 2.0, statistic / 2.0);
        return new TestResult(statistic, Math.Clamp(p, 0, 1));
    }

    /// <summary>
    /// Two-proportion Z test, two-sided, with the pooled proportion (Evidently's <c>z_stat_test</c>):
    /// z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)). When the pooled proportion is 0 or 1 both samples agree and the
    /// p-value is 1.
    /// </summary>
    public static TestResult TwoProportionZ(long successes1, long n1, long successes2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2));
        if (!(variance > 0))
        {
            return new TestResult(0, 1);
        }

        var z = (p1 - p2) / Math.Sqrt(variance);
        return new TestResult(z, Math.Clamp(2 * Normal.CDF(0, 1, -Math.Abs(z)), 0, 1));
    }

    /// <summary>
    /// The first Wasserstein (earth mover's) distance between two empirical distributions, ∫|F₁(x) − F₂(x)| dx, by one
    /// merge walk over the sorted samples (scipy's <c>wasserstein_distance</c> without weights).
    /// </summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        int n = sortedA.Length, m = sortedB.Length, i = 0, j = 0;
        double inverseN = 1.0 / n, inverseM = 1.0 / m, area = 0;
        var previous = Math.Min(sortedA[0], sortedB[0]);
        while (i < n || j < m)
        {
            var value = i == n ? sortedB[j] : j == m ? sortedA[i] : Math.Min(sortedA[i], sortedB[j]);
            area += Math.Abs((i * inverseN) - (j * inverseM)) * (value - previous);
            while (i < n && sortedA[i] == value)
            {
                i++;
            }

            while (j < m && sortedB[j] == value)
            {
                j++;
            }

            previous = value;
        }

        return area;
    }

    /// <summary>
    /// The Jensen–Shannon distance (the square root of the divergence, natural log) between two discrete distributions
    /// given as non-negative weights over the same bins; each is normalised to sum 1 first, as scipy's
    /// <c>spatial.distance.jensenshannon</c> does. Ranges over [0, √ln 2].
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException("Both distributions need the same bins.");
        }

        double sumP = 0, sumQ = 0;
        for (var k = 0; k < p.Length; k++)
        {
            sumP += p[k];
            sumQ += q[k];
        }

        if (!(sumP > 0) || !(sumQ > 0))
        {
            throw new ArgumentException("Both distributions need positive weight.");
        }

        double divergence = 0;
        for (var k = 0; k < p.Length; k++)
        {
            double pk = p[k] / sumP, qk = q[k] / sumQ, mk = (pk + qk) / 2;
            if (pk > 0)
            {
                divergence += pk * Math.Log(pk / mk);
            }

            if (qk > 0)
            {
                divergence += qk * Math.Log(qk / mk);
            }
        }

        return Math.Sqrt(Math.Max(divergence / 2, 0));
    }

    /// <summary>
    /// Population stability index Σ (rₖ − cₖ)·ln(rₖ / cₖ) over bin fractions. An empty bin would make a term infinite,
    /// so zero fractions are replaced as Evidently does: by 0.0001, or by a millionth of the smallest non-zero fraction
    /// when that is 0.0001 or less (each side on its own).
    /// </summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> referenceFractions, ReadOnlySpan<double> currentFractions)
    {
        if (referenceFractions.Length != currentFractions.Length)
        {
            throw new ArgumentException("Both distributions need the same bins.");
        }

        var referenceEpsilon = EmptyBinFraction(referenceFractions);
        var currentEpsilon = EmptyBinFraction(currentFractions);
        double psi = 0;
        for (var k = 0; k < referenceFractions.Length; k++)
        {
            var r = referenceFractions[k] > 0 ? referenceFractions[k] : referenceEpsilon;
            var c = currentFractions[k] > 0 ? currentFractions[k] : currentEpsilon;
            psi += (r - c) * Math.Log(r / c);
        }

        return psi;
    }

    /// <summary>What an empty bin counts as in <see cref="PopulationStabilityIndex"/>.</summary>
    public static double EmptyBinFraction(ReadOnlySpan<double> fractions)
    {
        var smallest = double.PositiveInfinity;
        foreach (var fraction in fractions)
        {
            if (fraction > 0 && fraction < smallest)
            {
                smallest = fraction;
            }
        }

        return smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
    }

    /// <summary>A KS test's outcome.</summary>
    /// <param name="Statistic">D, in [0, 1].</param>
    /// <param name="PValue">P(D ≥ observed) under the null hypothesis.</param>
    /// <param name="Exact">Whether the p-value is exact or asymptotic.</param>
    internal readonly record struct KsResult(double Statistic, double PValue, bool Exact);

    /// <summary>A test statistic and its p-value.</summary>
    internal readonly record struct TestResult(double Statistic, double PValue);
}
