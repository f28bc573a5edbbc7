using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Sweeps;

public sealed class SweepPlannerTests
{
    private const int Limit = 50;

    [Fact]
    public void Expand_NoSearch_OneCandidateWithDefaultsAndFixedValues()
    {
        var candidates = Expand(new TrainerSweep { Trainer = "lightgbm", Parameters = new Dictionary<string, double> { ["NumberOfLeaves"] = 7 } });

        var candidate = Assert.Single(candidates);
        Assert.Equal(TrainerKind.LightGbm, candidate.Trainer);
        Assert.Equal(7, candidate.Parameters[TrainerParameters.NumberOfLeaves]);
        Assert.Equal(100, candidate.Parameters[TrainerParameters.NumberOfIterations]);
    }

    [Fact]
    public void Expand_Grid_EveryCombinationInOrder()
    {
        var candidates = Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension>
            {
                ["numberOfLeaves"] = SearchDimension.Grid(15, 31),
                ["learningRate"] = SearchDimension.Grid(0.05, 0.1, 0.2),
            },
        });

        Assert.Equal(6, candidates.Count);
        Assert.Equal(Enumerable.Range(0, 6), candidates.Select(c => c.Index));
        Assert.Equal(
            [(0.05, 15.0), (0.05, 31.0), (0.1, 15.0), (0.1, 31.0), (0.2, 15.0), (0.2, 31.0)],
            candidates.Select(c => (c.Parameters[TrainerParameters.LearningRate], c.Parameters[TrainerParameters.NumberOfLeaves])));
    }

    [Fact]
    public void Expand_SeveralTrainers_CandidatesNumberedAcrossThem()
    {
        var candidates = SweepPlanner.Expand(
            [
                new TrainerSweep { Trainer = "lightgbm", Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(4, 8) } },
                new TrainerSweep { Trainer = "linear" },
            ],
            seed: 1,
            Limit,
            defaultSamples: 10);

        Assert.Equal([(0, 0, TrainerKind.LightGbm), (1, 0, TrainerKind.LightGbm), (2, 1, TrainerKind.Linear)], candidates.Select(c => (c.Index, c.TrainerIndex, c.Trainer)));
    }

    [Fact]
    public void Expand_RandomSearch_SameSeedSameCandidatesWithinRanges()
    {
        var sweep = new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension>
            {
                ["learningRate"] = SearchDimension.Range(0.01, 0.3, SearchScale.Log),
                ["numberOfLeaves"] = SearchDimension.Range(4, 64),
                ["featureFraction"] = SearchDimension.Grid(0.5, 1),
            },
            Samples = 12,
        };

        var first = Expand(sweep, seed: 5);
        var again = Expand(sweep, seed: 5);
        var other = Expand(sweep, seed: 6);

        Assert.Equal(12, first.Count);
        Assert.Equal(Describe(first), Describe(again));
        Assert.NotEqual(Describe(first), Describe(other));
        Assert.All(first, c =>
        {
            Assert.InRange(c.Parameters[TrainerParameters.LearningRate], 0.01, 0.3);
            Assert.InRange(c.Parameters[TrainerParameters.NumberOfLeaves], 4, 64);
            Assert.Equal(Math.Floor(c.Parameters[TrainerParameters.NumberOfLeaves]), c.Parameters[TrainerParameters.NumberOfLeaves]);
            Assert.Contains(c.Parameters[TrainerParameters.FeatureFraction], new[] { 0.5, 1 });
        });
    }

    [Fact]
    public void Expand_LogScale_DrawsSpreadOverOrdersOfMagnitude()
    {
        var candidates = Expand(
            new TrainerSweep
            {
                Trainer = "linear",
                Search = new Dictionary<string, SearchDimension> { ["l2Regularization"] = SearchDimension.Range(0.001, 10, SearchScale.Log) },
                Samples = 40,
            },
            limit: 40);

        var values = candidates.Select(c => c.Parameters[TrainerParameters.L2Regularization]).ToList();
        Assert.Contains(values, v => v < 0.01);
        Assert.Contains(values, v => v > 1);
    }

    [Fact]
    public void Expand_GridWithSamples_DrawsDistinctCombinations()
    {
        var candidates = Expand(new TrainerSweep
        {
            Trainer = "fasttree",
            Search = new Dictionary<string, SearchDimension>
            {
                ["numberOfLeaves"] = SearchDimension.Grid(4, 8, 16, 32),
                ["numberOfTrees"] = SearchDimension.Grid(10, 20, 50),
            },
            Samples = 5,
        });

        Assert.Equal(5, candidates.Count);
        Assert.Equal(5, Describe(candidates).Distinct().Count());
    }

    [Fact]
    public void Expand_DuplicateValues_TrainedOnce()
    {
        var candidates = Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(31, 31, 8) },
        });

        Assert.Equal([31.0, 8.0], candidates.Select(c => c.Parameters[TrainerParameters.NumberOfLeaves]));
    }

    [Theory]
    [InlineData("numberOfLeaves", 1.5, "trainers[0].search.numberOfLeaves", "an integer in [2, 1024]")]
    [InlineData("numberOfLeaves", 1, "trainers[0].search.numberOfLeaves", "got 1 (value 2 of the list)")]
    [InlineData("learningRate", 0, "trainers[0].search.learningRate", "(0, 1]")]
    [InlineData("num_leaves", 31, "trainers[0].search.num_leaves", "has no parameter 'num_leaves'")]
    public void Expand_InvalidGridValue_Is400NamingTheSearchField(string parameter, double bad, string field, string message)
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension> { [parameter] = SearchDimension.Grid(31, bad) },
        }));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.3, 0.01, SearchScale.Linear, "must be below max")]
    [InlineData(0.1, 0.1, SearchScale.Linear, "set it in parameters")]
    [InlineData(0.5, 2, SearchScale.Linear, "(max)")]
    public void Expand_InvalidRange_Is400NamingTheSearchField(double min, double max, SearchScale scale, string message)
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension> { ["learningRate"] = SearchDimension.Range(min, max, scale) },
        }));

        Assert.Equal("trainers[0].search.learningRate", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_LogRangeFromZero_Is400()
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "linear",
            Search = new Dictionary<string, SearchDimension> { ["l1Regularization"] = SearchDimension.Range(0, 1, SearchScale.Log) },
        }));

        Assert.Equal("trainers[0].search.l1Regularization", ex.Field);
        Assert.Contains("log-scale range needs min above 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedDimensions))]
    public void Expand_MalformedDimension_Is400(SearchDimension dimension, string message)
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = dimension },
        }));

        Assert.Equal("trainers[0].search.numberOfLeaves", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<SearchDimension, string> MalformedDimensions() => new()
    {
        { new SearchDimension { Values = [] }, "has no values" },
        { new SearchDimension { Values = [4], Min = 2, Max = 8 }, "both values and a range" },
        { new SearchDimension { Min = 2 }, "needs both min and max" },
    };

    [Fact]
    public void Expand_ParameterFixedAndSearched_Is400()
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Parameters = new Dictionary<string, double> { ["numberOfLeaves"] = 8 },
            Search = new Dictionary<string, SearchDimension> { ["NumberOfLeaves"] = SearchDimension.Grid(4, 16) },
        }));

        Assert.Equal("trainers[0].search.NumberOfLeaves", ex.Field);
    }

    [Fact]
    public void Expand_InvalidFixedParameter_Is400NamingTheParametersField()
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "fasttree",
            Parameters = new Dictionary<string, double> { ["numberOfTrees"] = 0 },
        }));

        Assert.Equal("trainers[0].parameters.numberOfTrees", ex.Field);
    }

    [Theory]
    [InlineData(null, "trainers[0].trainer", "is required")]
    [InlineData("xgboost", "trainers[0].trainer", "Unknown trainer 'xgboost'")]
    public void Expand_BadTrainer_Is400(string? trainer, string field, string message)
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep { Trainer = trainer }));

        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_GridAboveTheLimit_Is400SuggestingSamples()
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(
            new TrainerSweep
            {
                Trainer = "lightgbm",
                Search = new Dictionary<string, SearchDimension>
                {
                    ["numberOfLeaves"] = SearchDimension.Grid(4, 8, 16, 32),
                    ["numberOfIterations"] = SearchDimension.Grid(10, 20, 50),
                },
            },
            limit: 10));

        Assert.Equal("trainers[0].search", ex.Field);
        Assert.Contains("12 combinations", ex.Message, StringComparison.Ordinal);
        Assert.Contains("samples", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_TrainersTogetherAboveTheLimit_Is400()
    {
        var grid = new TrainerSweep { Trainer = "lightgbm", Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(4, 8, 16) } };

        var ex = Assert.Throws<MlopsException>(() => SweepPlanner.Expand([grid, grid with { Trainer = "fasttree" }], 0, maxCandidates: 5, defaultSamples: 10));

        Assert.Equal("trainers", ex.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Expand_SamplesOutOfRange_Is400(int samples)
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep
        {
            Trainer = "lightgbm",
            Search = new Dictionary<string, SearchDimension> { ["learningRate"] = SearchDimension.Range(0.01, 0.3) },
            Samples = samples,
        }));

        Assert.Equal("trainers[0].samples", ex.Field);
    }

    [Fact]
    public void Expand_SamplesWithoutSearch_Is400()
    {
        var ex = Assert.Throws<MlopsException>(() => Expand(new TrainerSweep { Trainer = "lightgbm", Samples = 3 }));

        Assert.Equal("trainers[0].samples", ex.Field);
    }

    private static IReadOnlyList<SweepCandidate> Expand(TrainerSweep sweep, int seed = 0, int limit = Limit) =>
        SweepPlanner.Expand([sweep], seed, limit, defaultSamples: 10);

    private static List<string> Describe(IEnumerable<SweepCandidate> candidates) =>
        [.. candidates.Select(c => string.Join(";", c.Parameters.Select(p => $"{p.Key}={p.Value}")))];
}
