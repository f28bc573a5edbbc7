using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Training.Data;
using static Mlops.Core.Tests.Monitoring.Drift.DriftTestData;

namespace Mlops.Core.Tests.Monitoring.Drift;

public sealed class DriftCalculatorTests
{
    [Theory]
    [InlineData(500, DriftMethod.KolmogorovSmirnov)]
    [InlineData(1000, DriftMethod.KolmogorovSmirnov)]
    [InlineData(1001, DriftMethod.Wasserstein)]
    [InlineData(5000, DriftMethod.Wasserstein)]
    public void Compute_ContinuousNumber_ChoosesByReferenceSize(int referenceRows, DriftMethod expected)
    {
        var result = CompareNumbers(Normal(1, referenceRows, 0, 1), Normal(2, 400, 0, 1));

        Assert.Equal(expected, result.Features[0].Method);
    }

    [Theory]
    [InlineData(500, 4, DriftMethod.ChiSquare)]
    [InlineData(500, 2, DriftMethod.ZTest)]
    [InlineData(2000, 4, DriftMethod.JensenShannon)]
    [InlineData(2000, 2, DriftMethod.JensenShannon)]
    public void Compute_FewDistinctNumbers_TreatedAsCategories(int referenceRows, int distinct, DriftMethod expected)
    {
        var reference = Enumerable.Range(0, referenceRows).Select(i => (double)(i % distinct)).ToArray();
        var current = Enumerable.Range(0, 300).Select(i => (double)(i % distinct)).ToArray();

        var result = CompareNumbers(reference, current);

        Assert.Equal(expected, result.Features[0].Method);
        Assert.False(result.Features[0].Drifted);
    }

    [Fact]
    public void Compute_SixthDistinctValueOnlyInCurrent_CountsBothSidesAndUsesKs()
    {
        // Evidently counts distinct values over reference and current together: 5 + 1 new makes the column continuous.
        var reference = Enumerable.Range(0, 500).Select(i => (double)(i % 5)).ToArray();
        var current = Enumerable.Range(0, 300).Select(i => (double)(i % 6)).ToArray();

        var result = CompareNumbers(reference, current);

        Assert.Equal(DriftMethod.KolmogorovSmirnov, result.Features[0].Method);
    }

    [Theory]
    [InlineData(500, new[] { "a", "b", "c" }, DriftMethod.ChiSquare)]
    [InlineData(500, new[] { "a", "b" }, DriftMethod.ZTest)]
    [InlineData(1500, new[] { "a", "b", "c" }, DriftMethod.JensenShannon)]
    public void Compute_Categories_ChoosesByReferenceSizeAndDistinctCount(int referenceRows, string[] categories, DriftMethod expected)
    {
        var reference = Text("city", Enumerable.Range(0, referenceRows).Select(i => categories[i % categories.Length]));
        var current = Text("city", Enumerable.Range(0, 200).Select(i => categories[i % categories.Length]));

        var result = DriftCalculator.Compute(DriftReference.FromDataset(Dataset([reference])), DriftCurrent.FromColumns([current]));

        Assert.Equal(expected, result.Features[0].Method);
        Assert.False(result.Features[0].Drifted);
    }

    [Theory]
    [InlineData(800)]
    [InlineData(5000)]
    public void Compute_ShiftedByOneStd_Drifts(int referenceRows)
    {
        var result = CompareNumbers(Normal(1, referenceRows, 10, 2), Normal(2, 1000, 12, 2));

        Assert.True(result.Features[0].Drifted);
        Assert.True(result.DatasetDrift);
    }

    [Theory]
    [InlineData(800)]
    [InlineData(5000)]
    public void Compute_SameDistribution_DoesNotDrift(int referenceRows)
    {
        var result = CompareNumbers(Normal(1, referenceRows, 10, 2), Normal(2, 1000, 10, 2));

        Assert.False(result.Features[0].Drifted);
        Assert.False(result.DatasetDrift);
        Assert.Equal(DriftCheckStatus.Computed, result.Status);
    }

    [Fact]
    public void Compute_Wasserstein_IsDividedByReferencePopulationStd()
    {
        // Shifting N(0, 4²) by 2 moves every quantile by 2: W ≈ 2, normalised ≈ 2/4 (sampling noise aside).
        var result = CompareNumbers(Normal(1, 20_000, 0, 4), Normal(2, 20_000, 2, 4));

        Assert.Equal(DriftMethod.Wasserstein, result.Features[0].Method);
        Assert.InRange(result.Features[0].Score!.Value, 0.45, 0.55);
        Assert.Equal(0.1, result.Features[0].Threshold);
    }

    [Fact]
    public void Compute_KsOnSmallSamples_MatchesExactHandValue()
    {
        // 40 reference values 1…40 against 40 values 41…80: completely separated, p = 2 / C(80, 40).
        var reference = Enumerable.Range(1, 40).Select(i => (double)i).ToArray();
        var current = Enumerable.Range(41, 40).Select(i => (double)i).ToArray();

        var feature = CompareNumbers(reference, current).Features[0];

        Assert.Equal(DriftMethod.KolmogorovSmirnov, feature.Method);
        Assert.Equal(1.0, feature.Statistic);
        Assert.Equal(1.0, feature.PValue!.Value / (2 / MathNet.Numerics.SpecialFunctions.Binomial(80, 40)), 9);
        Assert.True(feature.Drifted);
    }

    [Fact]
    public void Compute_ScipyChiSquareExampleAsCategories_MatchesDocumentedP()
    {
        // Reference counts 16,16,16,16,16,8 and current 16,18,16,14,12,12 (88 each) are scipy's chisquare example
        // with f_exp: statistic 3.5, p-value 0.62338762774958223.
        var reference = Text("c", Repeat(("a", 16), ("b", 16), ("c", 16), ("d", 16), ("e", 16), ("f", 8)));
        var current = Text("c", Repeat(("a", 16), ("b", 18), ("c", 16), ("d", 14), ("e", 12), ("f", 12)));

        var feature = DriftCalculator.Compute(DriftReference.FromDataset(Dataset([reference])), DriftCurrent.FromColumns([current])).Features[0];

        Assert.Equal(DriftMethod.ChiSquare, feature.Method);
        Assert.Equal(3.5, feature.Statistic!.Value, 10);
        Assert.Equal(0.62338762774958223, feature.PValue!.Value, 10);
    }

    [Fact]
    public void Compute_CategoryOnlyInCurrent_CountsAsHalfInReferenceAndDrifts()
    {
        // Reference a:50 b:50; current a:40 b:40 c:20. c is absent from the reference, so it counts as 0.5 there:
        // expected = 100·(50, 50, 0.5)/100.5; with 2 degrees of freedom p = e^(−χ²/2).
        var reference = Text("c", Repeat(("a", 50), ("b", 50)));
        var current = Text("c", Repeat(("a", 40), ("b", 40), ("c", 20)));

        var feature = DriftCalculator.Compute(DriftReference.FromDataset(Dataset([reference])), DriftCurrent.FromColumns([current])).Features[0];

        double e = 100 * 50 / 100.5, eNew = 100 * 0.5 / 100.5;
        var chi = (2 * (40 - e) * (40 - e) / e) + ((20 - eNew) * (20 - eNew) / eNew);
        Assert.Equal(DriftMethod.ChiSquare, feature.Method);
        Assert.Equal(chi, feature.Statistic!.Value, 9);
        Assert.Equal(Math.Exp(-chi / 2), feature.PValue!.Value, 15);
        Assert.Equal(1, feature.NewCategories);
        Assert.Contains("'c'", feature.Note, StringComparison.Ordinal);
        Assert.True(feature.Drifted);
        Assert.Equal(["a", "b", "c"], feature.Histogram!.Labels);
        Assert.Equal(0.0, feature.Histogram.Reference[2]);
        Assert.Equal(0.2, feature.Histogram.Current[2], 12);
    }

    [Fact]
    public void Compute_CategoryOnlyInReference_ObservedZero()
    {
        // Reference a:40 b:40 c:20, current a:50 b:50 (c gone): expected 40, 40, 20 → χ² = 2·100/40 + 400/20 = 25.
        var reference = Text("c", Repeat(("a", 40), ("b", 40), ("c", 20)));
        var current = Text("c", Repeat(("a", 50), ("b", 50)));

        var feature = DriftCalculator.Compute(DriftReference.FromDataset(Dataset([reference])), DriftCurrent.FromColumns([current])).Features[0];

        Assert.Equal(25.0, feature.Statistic!.Value, 10);
        Assert.Equal(Math.Exp(-12.5), feature.PValue!.Value, 15);
        Assert.Equal(0, feature.NewCategories);
    }

    [Fact]
    public void Compute_BooleanZTest_MatchesHandComputation()
    {
        // Reference 50 true of 100, current 70 true of 100 (less frequent category first: true and false tie in the
        // reference, so "false" leads by ordinal order; the two-sided p is the same): p = 0.003892417122778627.
        var reference = new BooleanColumn("flag", [.. Enumerable.Range(0, 100).Select(i => (bool?)(i < 50))]);
        var current = new BooleanColumn("flag", [.. Enumerable.Range(0, 100).Select(i => (bool?)(i < 70))]);

        var feature = DriftCalculator.Compute(DriftReference.FromDataset(Dataset([reference])), DriftCurrent.FromColumns([current])).Features[0];

        Assert.Equal(DriftMethod.ZTest, feature.Method);
        Assert.Equal(2.886751345948129, Math.Abs(feature.Statistic!.Value), 10);
        Assert.Equal(0.003892417122778627, feature.PValue!.Value, 12);
        Assert.True(feature.Drifted);
    }

    [Fact]
    public void Compute_PsiBins_AreHonoured()
    {
        // Reference: 1,000 evenly spread values in (0, 1), so every quantile bin holds the same share. Current: all
        // in the lowest tenth. With n bins: (1/n − 1)·ln(1/n) + (n − 1)·(1/n − 0.0001)·ln((1/n)/0.0001).
        var reference = Enumerable.Range(0, 1000).Select(i => (i + 0.5) / 1000).ToArray();
        var current = Enumerable.Range(0, 100).Select(i => i / 2000.0).ToArray();

        foreach (var bins in new[] { 5, 10, 20 })
        {
            var policy = new DriftPolicy { Method = DriftMethod.Psi, PsiBins = bins };
            var feature = CompareNumbers(reference, current, policy).Features[0];

            var share = 1.0 / bins;
            var expected = ((share - 1) * Math.Log(share)) + ((bins - 1) * (share - 0.0001) * Math.Log(share / 0.0001));
            Assert.Equal(DriftMethod.Psi, feature.Method);
            Assert.Equal(expected, feature.Score!.Value, 9);
        }
    }

    [Fact]
    public void Compute_PsiFromProfile_UsesProfileBinsOrRecomputesForOtherCounts()
    {
        var values = Normal(5, 20_000, 0, 1);
        var data = Dataset([Numbers("x", values)]);
        var current = DriftCurrent.FromColumns([Numbers("x", Normal(6, 3000, 0.3, 1))]);
        var fromData = DriftReference.FromDataset(data);
        var fromProfile = DriftReference.FromProfile(DatasetProfiler.Profile(data, bins: 10), ReferenceSampler.Sample(data));

        foreach (var bins in new[] { 10, 7 })
        {
            var policy = new DriftPolicy { Method = DriftMethod.Psi, PsiBins = bins };
            var exact = DriftCalculator.Compute(fromData, current, policy).Features[0].Score!.Value;
            var profiled = DriftCalculator.Compute(fromProfile, current, policy).Features[0].Score!.Value;

            // 10 bins: the profile's own bins over all 20,000 values, so the same as the data set; 7: the quantiles of
            // the 5,000-value sample, close to the full ones.
            if (bins == 10)
            {
                Assert.Equal(exact, profiled, 12);
            }
            else
            {
                Assert.InRange(profiled, exact - 0.02, exact + 0.02);
            }
        }
    }

    [Fact]
    public void Compute_ProfileWithFullSample_SameAsDatasetReference()
    {
        var data = Dataset(
            [
                Numbers("age", Normal(1, 900, 40, 10)),
                Numbers("small", [.. Enumerable.Range(0, 900).Select(i => (double)(i % 3))]),
                Text("city", Categories(2, 900, ("Oslo", 3), ("Bergen", 2), ("Trondheim", 1))),
            ],
            Text("churned", Categories(3, 900, ("yes", 1), ("no", 3))));
        var current = DriftCurrent.FromDataset(Dataset(
            [
                Numbers("age", Normal(4, 300, 43, 10)),
                Numbers("small", [.. Enumerable.Range(0, 300).Select(i => (double)(i % 4 == 0 ? 0 : 1))]),
                Text("city", Categories(5, 300, ("Oslo", 1), ("Bergen", 2), ("Trondheim", 1))),
            ],
            Text("churned", Categories(6, 300, ("yes", 1), ("no", 2)))));

        var fromData = DriftCalculator.Compute(DriftReference.FromDataset(data), current);
        var fromProfile = DriftCalculator.Compute(DriftReference.FromProfile(DatasetProfiler.Profile(data), ReferenceSampler.Sample(data)), current);

        Assert.Equal(fromData.Features.Count, fromProfile.Features.Count);
        foreach (var (a, b) in fromData.Features.Concat(fromData.Predictions).Zip(fromProfile.Features.Concat(fromProfile.Predictions)))
        {
            Assert.Equal(a.Method, b.Method);
            Assert.Equal(a.Statistic!.Value, b.Statistic!.Value, 12);
            Assert.Equal(a.Score!.Value, b.Score!.Value, 12);
            Assert.Equal(a.Drifted, b.Drifted);
            Assert.False(b.ReferenceApproximated);
            Assert.False(b.ReferenceSampled);
        }
    }

    [Fact]
    public void Compute_ProfileWithoutSample_ApproximatesFromBinsAndSaysSo()
    {
        var data = Dataset([Numbers("x", Normal(1, 50_000, 100, 15))]);
        var current = DriftCurrent.FromColumns([Numbers("x", Normal(2, 5000, 106, 15))]);

        var exact = DriftCalculator.Compute(DriftReference.FromDataset(data), current).Features[0];
        var approximate = DriftCalculator.Compute(DriftReference.FromProfile(DatasetProfiler.Profile(data)), current).Features[0];

        Assert.True(approximate.ReferenceApproximated);
        Assert.Contains("approximate", approximate.Note, StringComparison.Ordinal);
        Assert.Equal(DriftMethod.Wasserstein, approximate.Method);
        Assert.Equal(50_000, approximate.ReferenceValues);
        Assert.InRange(approximate.Score!.Value, exact.Score!.Value - 0.05, exact.Score.Value + 0.05);
        Assert.Equal(exact.Drifted, approximate.Drifted);
    }

    [Fact]
    public void Compute_ProfileWithoutSampleSameDistribution_TailFitAvoidsFalseDrift()
    {
        // Spreading the outer bins evenly out to the minimum and maximum would move a normal column's tails by about
        // a standard deviation: a Wasserstein score near 0.2 for data that has not changed.
        var data = Dataset([Numbers("x", Normal(1, 50_000, 100, 15))]);
        var current = DriftCurrent.FromColumns([Numbers("x", Normal(2, 5000, 100, 15))]);

        var feature = DriftCalculator.Compute(DriftReference.FromProfile(DatasetProfiler.Profile(data)), current).Features[0];

        Assert.True(feature.ReferenceApproximated);
        Assert.True(feature.Score < 0.06, $"score {feature.Score}");
        Assert.False(feature.Drifted);
    }

    [Fact]
    public void Compute_LargeProfileWithSample_UsesProfileCountsAndSaysSampled()
    {
        var data = Dataset([Numbers("x", Normal(1, 30_000, 0, 1))]);
        var reference = DriftReference.FromProfile(DatasetProfiler.Profile(data), ReferenceSampler.Sample(data));

        var feature = DriftCalculator.Compute(reference, DriftCurrent.FromColumns([Numbers("x", Normal(2, 3000, 0, 1))])).Features[0];

        Assert.Equal(30_000, feature.ReferenceValues);
        Assert.True(feature.ReferenceSampled);
        Assert.Equal(DriftMethod.Wasserstein, feature.Method);
        Assert.False(feature.Drifted);
    }

    [Fact]
    public void Compute_DriftShare_ReachingPolicyShareIsDatasetDrift()
    {
        var reference = Dataset([.. Enumerable.Range(0, 4).Select(i => Numbers($"f{i}", Normal(i, 2000, 0, 1)))]);
        var current = DriftCurrent.FromColumns(
            [.. Enumerable.Range(0, 4).Select(i => Numbers($"f{i}", Normal(10 + i, 2000, i < 2 ? 1 : 0, 1)))]);

        var halfway = DriftCalculator.Compute(DriftReference.FromDataset(reference), current);
        var stricter = DriftCalculator.Compute(DriftReference.FromDataset(reference), current, new DriftPolicy { DatasetDriftShare = 0.75 });

        Assert.Equal(2, halfway.DriftedFeatures);
        Assert.Equal(4, halfway.TestedFeatures);
        Assert.Equal(0.5, halfway.DriftShare);
        Assert.True(halfway.DatasetDrift);
        Assert.False(stricter.DatasetDrift);
        Assert.Equal(0.75, stricter.DatasetDriftShare);
    }

    [Fact]
    public void Compute_FeatureMethodAndThreshold_OverrideDefaults()
    {
        var reference = Dataset([Numbers("a", Normal(1, 5000, 0, 1)), Numbers("b", Normal(2, 5000, 0, 1))]);
        var current = DriftCurrent.FromColumns([Numbers("a", Normal(3, 800, 0.05, 1)), Numbers("b", Normal(4, 800, 0.05, 1))]);
        var policy = new DriftPolicy
        {
            FeatureMethods = new Dictionary<string, DriftMethod> { ["a"] = DriftMethod.KolmogorovSmirnov },
            FeatureThresholds = new Dictionary<string, double> { ["b"] = 0.01 },
        };

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current, policy);

        Assert.Equal(DriftMethod.KolmogorovSmirnov, result.Features[0].Method);
        Assert.Equal(0.05, result.Features[0].Threshold);
        Assert.Equal(DriftMethod.Wasserstein, result.Features[1].Method);
        Assert.Equal(0.01, result.Features[1].Threshold);
        Assert.Equal(result.Features[1].Score >= 0.01, result.Features[1].Drifted);
    }

    [Fact]
    public void Compute_MethodThreshold_AppliesToEveryColumnOfThatMethod()
    {
        var policy = new DriftPolicy { MethodThresholds = new Dictionary<DriftMethod, double> { [DriftMethod.Wasserstein] = 0.3 } };

        var feature = CompareNumbers(Normal(1, 5000, 0, 1), Normal(2, 800, 0.2, 1), policy).Features[0];

        Assert.Equal(0.3, feature.Threshold);
        Assert.False(feature.Drifted);
    }

    [Fact]
    public void Compute_ModelMethodForNumbersOnly_CategoricalColumnsKeepTheirDefault()
    {
        var reference = Dataset([Numbers("x", Normal(1, 600, 0, 1)), Text("c", Categories(2, 600, ("a", 1), ("b", 1), ("c", 1)))]);
        var current = DriftCurrent.FromColumns([Numbers("x", Normal(3, 300, 0, 1)), Text("c", Categories(4, 300, ("a", 1), ("b", 1), ("c", 1)))]);

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current, new DriftPolicy { Method = DriftMethod.Wasserstein });

        Assert.Equal(DriftMethod.Wasserstein, result.Features[0].Method);
        Assert.Equal(DriftMethod.ChiSquare, result.Features[1].Method);
        Assert.Contains("default", result.Features[1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_KsForCategoricalColumn_IsValidationErrorNamingIt()
    {
        var reference = Dataset([Text("city", Categories(1, 100, ("a", 1), ("b", 1)))]);
        var policy = new DriftPolicy { FeatureMethods = new Dictionary<string, DriftMethod> { ["city"] = DriftMethod.KolmogorovSmirnov } };

        var error = Assert.Throws<MlopsException>(() => DriftCalculator.Compute(DriftReference.FromDataset(reference), DriftCurrent.FromDataset(reference), policy));

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal("featureMethods.city", error.Field);
    }

    [Fact]
    public void Compute_PolicyNamesUnknownColumn_IsValidationErrorListingColumns()
    {
        var reference = Dataset([Numbers("age", Normal(1, 100, 0, 1))]);
        var policy = new DriftPolicy { FeatureThresholds = new Dictionary<string, double> { ["agee"] = 0.2 } };

        var error = Assert.Throws<MlopsException>(() => DriftCalculator.Compute(DriftReference.FromDataset(reference), DriftCurrent.FromDataset(reference), policy));

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal("featureThresholds.agee", error.Field);
        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_PValueThresholdOfOneForKsColumn_IsValidationError()
    {
        var reference = Dataset([Numbers("age", Normal(1, 100, 0, 1))]);
        var policy = new DriftPolicy { FeatureThresholds = new Dictionary<string, double> { ["age"] = 1.5 } };

        var error = Assert.Throws<MlopsException>(() => DriftCalculator.Compute(DriftReference.FromDataset(reference), DriftCurrent.FromDataset(reference), policy));

        Assert.Equal("featureThresholds.age", error.Field);
    }

    [Fact]
    public void Compute_WindowBelowMinRows_SaysNotEnoughDataInsteadOfTesting()
    {
        var result = CompareNumbers(Normal(1, 500, 0, 1), Normal(2, 29, 5, 1));

        Assert.Equal(DriftCheckStatus.NotEnoughData, result.Status);
        Assert.False(result.DatasetDrift);
        Assert.Equal(0, result.TestedFeatures);
        Assert.Contains("29 rows", result.Message, StringComparison.Ordinal);
        Assert.Contains("30", result.Message, StringComparison.Ordinal);
        Assert.All(result.Features, f => Assert.Equal(ColumnDriftStatus.NotEnoughData, f.Status));
    }

    [Fact]
    public void Compute_MinRowsFromPolicy_IsHonoured()
    {
        var result = CompareNumbers(Normal(1, 500, 0, 1), Normal(2, 29, 0, 1), new DriftPolicy { MinRows = 10 });

        Assert.Equal(DriftCheckStatus.Computed, result.Status);
    }

    [Fact]
    public void Compute_ColumnMostlyMissing_NotEnoughDataForThatColumnOnly()
    {
        var sparse = Normal(2, 200, 0, 1);
        for (var i = 20; i < sparse.Length; i++)
        {
            sparse[i] = double.NaN;
        }

        var reference = Dataset([Numbers("dense", Normal(1, 500, 0, 1)), Numbers("sparse", Normal(3, 500, 0, 1))]);
        var current = DriftCurrent.FromColumns([Numbers("dense", Normal(4, 200, 0, 1)), Numbers("sparse", sparse)]);

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current);

        Assert.Equal(ColumnDriftStatus.Tested, result.Features[0].Status);
        Assert.Equal(ColumnDriftStatus.NotEnoughData, result.Features[1].Status);
        Assert.Equal(0.9, result.Features[1].CurrentMissingRate, 12);
        Assert.Equal(1, result.TestedFeatures);
    }

    [Fact]
    public void Compute_AllMissingAndNaNAndInfinity_HandledWithoutExceptions()
    {
        var withBadValues = Normal(2, 300, 0, 1);
        withBadValues[0] = double.NaN;
        withBadValues[1] = double.PositiveInfinity;
        withBadValues[2] = double.NegativeInfinity;
        var reference = Dataset(
            [
                Numbers("empty", [.. Enumerable.Repeat(double.NaN, 500)]),
                Numbers("nan", Normal(1, 500, 0, 1)),
                Numbers("gone", Normal(3, 500, 0, 1)),
                Text("nothing", Enumerable.Repeat<string?>(null, 500)),
            ]);
        var current = DriftCurrent.FromColumns(
            [
                Numbers("empty", Normal(4, 300, 0, 1)),
                Numbers("nan", withBadValues),
                Numbers("gone", [.. Enumerable.Repeat(double.NaN, 300)]),
                Text("nothing", Categories(5, 300, ("a", 1))),
            ]);

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current);

        Assert.Equal(ColumnDriftStatus.AllMissing, result.Features[0].Status);
        Assert.Contains("reference", result.Features[0].Note, StringComparison.Ordinal);
        Assert.Equal(ColumnDriftStatus.Tested, result.Features[1].Status);
        Assert.Equal(297, result.Features[1].CurrentValues);
        Assert.Equal(2, result.Features[1].CurrentInvalidValues);
        Assert.Equal(3 / 300.0, result.Features[1].CurrentMissingRate, 12);
        Assert.Equal(ColumnDriftStatus.AllMissing, result.Features[2].Status);
        Assert.Contains("current", result.Features[2].Note, StringComparison.Ordinal);
        Assert.Equal(ColumnDriftStatus.AllMissing, result.Features[3].Status);
        Assert.Equal(1, result.TestedFeatures);
        AssertFiniteJson(result);
    }

    [Fact]
    public void Compute_ConstantColumns_TestedAndFlagged()
    {
        var reference = Dataset([Numbers("same", [.. Enumerable.Repeat(5.0, 500)]), Numbers("moved", [.. Enumerable.Repeat(5.0, 500)]), Text("one", Enumerable.Repeat<string?>("x", 500))]);
        var current = DriftCurrent.FromColumns([Numbers("same", [.. Enumerable.Repeat(5.0, 100)]), Numbers("moved", [.. Enumerable.Repeat(6.0, 100)]), Text("one", Enumerable.Repeat<string?>("x", 100))]);

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current);

        Assert.All(result.Features, f => Assert.True(f.Constant));
        Assert.All(result.Features, f => Assert.Equal(ColumnDriftStatus.Tested, f.Status));
        Assert.False(result.Features[0].Drifted);
        Assert.Equal(1.0, result.Features[0].PValue);
        Assert.True(result.Features[1].Drifted);
        Assert.False(result.Features[2].Drifted);
        AssertFiniteJson(result);
    }

    [Fact]
    public void Compute_ConstantReferenceLarge_WassersteinNormFloorKeepsItFinite()
    {
        var reference = Enumerable.Repeat(1.0, 3000).ToArray();
        var current = Normal(1, 500, 1, 0.5);

        var feature = CompareNumbers(reference, current).Features[0];

        Assert.Equal(DriftMethod.Wasserstein, feature.Method);
        Assert.True(double.IsFinite(feature.Score!.Value));
        Assert.True(feature.Drifted);
    }

    [Fact]
    public void Compute_ColumnMissingFromCurrent_ReportedNotTested()
    {
        var reference = Dataset([Numbers("a", Normal(1, 500, 0, 1)), Numbers("b", Normal(2, 500, 0, 1))]);

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), DriftCurrent.FromColumns([Numbers("a", Normal(3, 100, 0, 1))]));

        Assert.Equal(ColumnDriftStatus.NotInCurrent, result.Features[1].Status);
        Assert.Equal(1, result.TestedFeatures);
    }

    [Fact]
    public void Compute_Label_IsPredictionDriftAndNotInTheShare()
    {
        var reference = Dataset([Numbers("x", Normal(1, 2000, 0, 1))], Text("label", Categories(2, 2000, ("yes", 1), ("no", 1))));
        var current = DriftCurrent.FromDataset(Dataset([Numbers("x", Normal(3, 500, 0, 1))], Text("label", Categories(4, 500, ("yes", 4), ("no", 1)))));

        var result = DriftCalculator.Compute(DriftReference.FromDataset(reference), current);

        Assert.Single(result.Features);
        Assert.Equal("label", Assert.Single(result.Predictions).Name);
        Assert.Equal(DriftColumnRole.Prediction, result.Predictions[0].Role);
        Assert.True(result.PredictionDrift);
        Assert.False(result.DatasetDrift);
    }

    [Fact]
    public void Compute_ProfileWithOtherCategories_UnlistedCurrentValuesGoToOther()
    {
        var values = Enumerable.Range(0, 3000).Select(i => $"c{i % 30:00}").ToArray();
        var data = Dataset([Text("code", values)]);
        var profile = DatasetProfiler.Profile(data, topCategories: 10);
        var current = DriftCurrent.FromColumns([Text("code", Enumerable.Range(0, 600).Select(i => $"c{i % 30:00}"))]);

        var feature = DriftCalculator.Compute(DriftReference.FromProfile(profile), current).Features[0];

        Assert.Equal(0, feature.NewCategories);
        Assert.Equal("(other)", feature.Histogram!.Labels[^1]);
        Assert.Equal(20 / 30.0, feature.Histogram.Current[^1], 12);
        Assert.False(feature.Drifted);
    }

    [Fact]
    public void Compute_NumericHistogram_HasPolicyBinsAndSumsToOne()
    {
        var feature = CompareNumbers(Normal(1, 2000, 0, 1), Normal(2, 700, 0.5, 1), new DriftPolicy { HistogramBins = 12 }).Features[0];

        Assert.Equal(12, feature.Histogram!.Labels.Count);
        Assert.Equal(13, feature.Histogram.Edges!.Count);
        Assert.Equal(1.0, feature.Histogram.Reference.Sum(), 12);
        Assert.Equal(1.0, feature.Histogram.Current.Sum(), 12);
    }

    [Fact]
    public void Compute_Result_SerializesAsJson()
    {
        var result = CompareNumbers(Normal(1, 2000, 0, 1), Normal(2, 700, 0.5, 1));

        var json = AssertFiniteJson(result);

        Assert.Contains("\"method\":\"wasserstein\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ForModel_NoProfile_NotFoundNamingTheModel()
    {
        var error = Assert.Throws<MlopsException>(() => DriftReference.ForModel("churn", 3, null));

        Assert.Equal(ErrorCategory.NotFound, error.Category);
        Assert.Contains("'churn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForModel_Profile_CarriesModelIntoResult()
    {
        var data = Dataset([Numbers("x", Normal(1, 500, 0, 1))]);
        var reference = DriftReference.ForModel("churn", 3, DatasetProfiler.Profile(data), ReferenceSampler.Sample(data));

        var result = DriftCalculator.Compute(reference, DriftCurrent.FromDataset(data));

        Assert.Equal("churn", result.Model);
        Assert.Equal(3, result.Version);
    }

    private static DriftResult CompareNumbers(double[] reference, double[] current, DriftPolicy? policy = null) =>
        DriftCalculator.Compute(
            DriftReference.FromDataset(Dataset([Numbers("x", reference)])),
            DriftCurrent.FromColumns([Numbers("x", current)]),
            policy);

    private static IEnumerable<string?> Repeat(params (string Value, int Count)[] counts) =>
        counts.SelectMany(c => Enumerable.Repeat<string?>(c.Value, c.Count));

    private static string AssertFiniteJson(DriftResult result)
    {
        // Strict number handling throws on NaN or infinity: the result must store as it is.
        var json = JsonSerializer.Serialize(result, MlopsJson.Options);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return json;
    }
}
