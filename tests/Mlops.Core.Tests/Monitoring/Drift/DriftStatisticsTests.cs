using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Tests.Monitoring.Drift;

public sealed class DriftStatisticsTests
{
    [Fact]
    public void KolmogorovSmirnov_CompletelySeparated_ExactPIsTwoOfTwentyInterleavings()
    {
        // Of the C(6,3) = 20 equally likely orders of two samples of 3, only "all A first" and "all B first" reach
        // D = 1, so p = 2/20 (scipy: ks_2samp([1,2,3],[4,5,6]) → statistic 1.0, pvalue 0.1).
        var result = DriftStatistics.KolmogorovSmirnov([1, 2, 3], [4, 5, 6]);

        Assert.Equal(1.0, result.Statistic, 12);
        Assert.Equal(0.1, result.PValue, 12);
        Assert.True(result.Exact);
    }

    [Fact]
    public void KolmogorovSmirnov_TwoThirdsApart_ExactPIsTwelveOfTwenty()
    {
        // D = 2/3 (after 1, 2). The orders that never lead by 2 are the 2³ = 8 that draw one of each per pair, so
        // P(D ≥ 2/3) = 12/20 (scipy: ks_2samp([1,2,4],[3,5,6]).pvalue = 0.6).
        var result = DriftStatistics.KolmogorovSmirnov([1, 2, 4], [3, 5, 6]);

        Assert.Equal(2.0 / 3, result.Statistic, 12);
        Assert.Equal(0.6, result.PValue, 12);
    }

    [Fact]
    public void KolmogorovSmirnov_Interleaved_PIsOne()
    {
        // The first value alone makes D ≥ 1/3, so every order reaches it.
        var result = DriftStatistics.KolmogorovSmirnov([1, 3, 5], [2, 4, 6]);

        Assert.Equal(1.0 / 3, result.Statistic, 12);
        Assert.Equal(1.0, result.PValue, 12);
    }

    [Fact]
    public void KolmogorovSmirnov_UnequalSizesSeparated_ExactPIsTwoTenths()
    {
        // D = 1 needs both A values first, (2/5)(1/4) = 1/10, or all three B values first, (3/5)(2/4)(1/3) = 1/10
        // (scipy: ks_2samp([1,2],[3,4,5]).pvalue = 0.2).
        var result = DriftStatistics.KolmogorovSmirnov([1, 2], [3, 4, 5]);

        Assert.Equal(1.0, result.Statistic, 12);
        Assert.Equal(0.2, result.PValue, 12);
    }

    [Fact]
    public void KolmogorovSmirnov_Ties_StepsOverEqualValuesTogether()
    {
        // F_A and F_B both jump at 2: D is measured after the whole tie. |F_A − F_B| is 1/4 at 1, |3/4 − 2/4| = 1/4
        // at 2 and 0 at 3; stepping through A's twos before B's would wrongly see |3/4 − 0| = 3/4.
        var result = DriftStatistics.KolmogorovSmirnov([1, 2, 2, 3], [2, 2, 3, 3]);

        Assert.Equal(0.25, result.Statistic, 12);
    }

    [Fact]
    public void KolmogorovSmirnov_SameSample_StatisticZeroPOne()
    {
        var result = DriftStatistics.KolmogorovSmirnov([1, 2, 3, 4], [1, 2, 3, 4]);

        Assert.Equal(0, result.Statistic);
        Assert.Equal(1, result.PValue);
    }

    [Theory]
    [InlineData(4, 6, 1)]
    [InlineData(6, 6, 2)]
    [InlineData(3, 9, 3)]
    [InlineData(7, 5, 4)]
    [InlineData(8, 8, 5)]
    public void KolmogorovSmirnov_SmallSamples_ExactPEqualsCountOverAllInterleavings(int n, int m, int seed)
    {
        // Brute force: every way of placing the n values of A among the n + m sorted positions is equally likely under
        // the null hypothesis; p is the share of placements whose D reaches the observed one.
        var random = new Random(seed);
        var pooled = Enumerable.Range(0, n + m).Select(_ => random.NextDouble()).ToArray();
        var a = pooled[..n].Order().ToArray();
        var b = pooled[n..].Order().ToArray();
        var observed = DriftStatistics.KolmogorovSmirnov(a, b);

        long reaching = 0, total = 0;
        foreach (var placement in Placements(n + m, n))
        {
            long i = 0, j = 0, max = 0;
            for (var position = 0; position < n + m; position++)
            {
                if (placement[position])
                {
                    i++;
                }
                else
                {
                    j++;
                }

                max = Math.Max(max, Math.Abs((i * m) - (j * n)));
            }

            total++;
            if ((double)max / n / m >= observed.Statistic - 1e-12)
            {
                reaching++;
            }
        }

        Assert.Equal((double)reaching / total, observed.PValue, 12);
    }

    private static IEnumerable<bool[]> Placements(int length, int ones)
    {
        for (var mask = 0; mask < 1 << length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) == ones)
            {
                yield return [.. Enumerable.Range(0, length).Select(bit => (mask & (1 << bit)) != 0)];
            }
        }
    }

    [Fact]
    public void KolmogorovSmirnov_LargeSamples_UsesAsymptoticPAboveScipysAutoLimit()
    {
        var a = DriftTestData.Normal(1, 10_001, 0, 1);
        var b = DriftTestData.Normal(2, 500, 0, 1);
        Array.Sort(a);
        Array.Sort(b);

        Assert.False(DriftStatistics.KolmogorovSmirnov(a, b).Exact);
        Assert.True(DriftStatistics.KolmogorovSmirnov(a.AsSpan(0, 10_000), b).Exact);
    }

    [Theory]
    [InlineData(0.0, 300, 300)]
    [InlineData(0.2, 300, 300)]
    [InlineData(0.3, 400, 250)]
    public void KolmogorovSmirnov_ModerateSamples_ExactAndAsymptoticAgree(double shift, int n, int m)
    {
        var a = DriftTestData.Normal(3, n, 0, 1);
        var b = DriftTestData.Normal(4, m, shift, 1);
        Array.Sort(a);
        Array.Sort(b);

        var exact = DriftStatistics.KolmogorovSmirnov(a, b, forceExact: true);
        var asymptotic = DriftStatistics.KolmogorovSmirnov(a, b, forceExact: false);

        Assert.Equal(exact.Statistic, asymptotic.Statistic);
        Assert.InRange(asymptotic.PValue - exact.PValue, -0.01, 0.01);
    }

    [Theory]
    [InlineData(1.22385, 0.10)]
    [InlineData(1.35810, 0.05)]
    [InlineData(1.62762, 0.01)]
    public void KolmogorovSurvival_PublishedCriticalValues_GiveTheirLevel(double lambda, double level)
    {
        // The Kolmogorov distribution's upper critical values, as tabulated (e.g. Smirnov 1948; NIST handbook).
        Assert.Equal(level, DriftStatistics.KolmogorovSurvival(lambda), 4);
    }

    [Fact]
    public void ChiSquare_ScipyUniformExample_MatchesDocumentedResult()
    {
        // scipy.stats.chisquare docs: chisquare([16, 18, 16, 14, 12, 12]) → statistic 2.0, pvalue 0.84914503608460956.
        var result = DriftStatistics.ChiSquare([16, 18, 16, 14, 12, 12], [14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666]);

        Assert.Equal(2.0, result.Statistic, 10);
        Assert.Equal(0.84914503608460956, result.PValue, 12);
    }

    [Fact]
    public void ChiSquare_ScipyExpectedExample_MatchesDocumentedResult()
    {
        // scipy.stats.chisquare docs: f_exp=[16, 16, 16, 16, 16, 8] → statistic 3.5, pvalue 0.62338762774958223.
        var result = DriftStatistics.ChiSquare([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);

        Assert.Equal(3.5, result.Statistic, 12);
        Assert.Equal(0.62338762774958223, result.PValue, 12);
    }

    [Fact]
    public void ChiSquare_TwoDegreesOfFreedom_PIsExpOfMinusHalfStatistic()
    {
        // With 2 degrees of freedom the chi-square survival function is exactly e^(−x/2).
        var result = DriftStatistics.ChiSquare([30, 50, 20], [40, 40, 20]);

        Assert.Equal(5.0, result.Statistic, 12);
        Assert.Equal(Math.Exp(-2.5), result.PValue, 12);
    }

    [Fact]
    public void ChiSquare_OneCategory_NoEvidence()
    {
        var result = DriftStatistics.ChiSquare([10], [10]);

        Assert.Equal(0, result.Statistic);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void TwoProportionZ_HalfVersusSeventyPercent_MatchesHandComputation()
    {
        // p1 = 0.5, p2 = 0.7, pooled 0.6: z = −0.2 / √(0.6·0.4·(1/100 + 1/100)) = −2.886751345948129;
        // p = 2Φ(−|z|) = erfc(|z|/√2) = 0.003892417122778627 (Python math.erfc).
        var result = DriftStatistics.TwoProportionZ(50, 100, 70, 100);

        Assert.Equal(-2.886751345948129, result.Statistic, 10);
        Assert.Equal(0.003892417122778627, result.PValue, 12);
    }

    [Fact]
    public void TwoProportionZ_BothConstantSameValue_POne()
    {
        var result = DriftStatistics.TwoProportionZ(100, 100, 40, 40);

        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void Wasserstein_ScipyExample_IsFive()
    {
        // scipy.stats.wasserstein_distance docs: wasserstein_distance([0, 1, 3], [5, 6, 8]) → 5.0.
        Assert.Equal(5.0, DriftStatistics.Wasserstein([0, 1, 3], [5, 6, 8]), 12);
    }

    [Fact]
    public void Wasserstein_UnequalSizes_MatchesAreaBetweenCdfs()
    {
        // F_A steps 1/2 at 0 and 1 at 2; F_B is 1 from 1 on: |1/2 − 0| on [0,1) + |1/2 − 1| on [1,2) = 1.
        Assert.Equal(1.0, DriftStatistics.Wasserstein([0, 2], [1]), 12);
    }

    [Fact]
    public void JensenShannon_ScipyExamples_MatchDocumentedValues()
    {
        // scipy.spatial.distance.jensenshannon docs: ([1, 0], [0.5, 0.5]) → 0.46450140402245893 (natural log);
        // ([1, 0, 0], [0, 1, 0], base 2) → 1.0, i.e. √ln 2 = 0.8325546111576977 in natural log; identical → 0.
        Assert.Equal(0.46450140402245893, DriftStatistics.JensenShannon([1.0, 0.0], [0.5, 0.5]), 12);
        Assert.Equal(0.8325546111576977, DriftStatistics.JensenShannon([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), 12);
        Assert.Equal(0.0, DriftStatistics.JensenShannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]), 12);
    }

    [Fact]
    public void JensenShannon_Counts_AreNormalisedFirst()
    {
        Assert.Equal(DriftStatistics.JensenShannon([0.2, 0.8], [0.5, 0.5]), DriftStatistics.JensenShannon([20, 80], [7, 7]), 12);
    }

    [Fact]
    public void PopulationStabilityIndex_FourBins_MatchesHandComputation()
    {
        // Σ (r − c)·ln(r/c) for r = ¼ each, c = 0.1 … 0.4: 0.15·ln 2.5 + 0.05·ln 1.25 + 0.05·ln 1.2 + 0.15·ln 1.6
        // = 0.15·ln 4 + 0.05·ln 1.5 = 0.22821740957339182.
        var psi = DriftStatistics.PopulationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]);

        Assert.Equal(0.22821740957339182, psi, 12);
    }

    [Fact]
    public void PopulationStabilityIndex_EmptyBin_CountsAsOneTenThousandth()
    {
        // The empty reference bin becomes 0.0001 (its smallest non-zero fraction, 0.5, is above 0.0001).
        var psi = DriftStatistics.PopulationStabilityIndex([0.5, 0.5, 0], [0.4, 0.4, 0.2]);

        var expected = (2 * 0.1 * Math.Log(0.5 / 0.4)) + ((0.0001 - 0.2) * Math.Log(0.0001 / 0.2));
        Assert.Equal(expected, psi, 12);
    }

    [Fact]
    public void EmptyBinFraction_TinySmallestFraction_IsAMillionthOfIt()
    {
        Assert.Equal(0.00005 / 1e6, DriftStatistics.EmptyBinFraction([0.99995, 0.00005, 0]));
        Assert.Equal(0.0001, DriftStatistics.EmptyBinFraction([0.5, 0.5, 0]));
    }
}
