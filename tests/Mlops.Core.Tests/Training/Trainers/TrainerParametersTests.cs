using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Trainers;

public sealed class TrainerParametersTests
{
    [Fact]
    public void Resolve_NoParameters_FillsDefaults()
    {
        var resolved = TrainerParameters.Resolve(TrainerKind.LightGbm, null);

        Assert.Equal(
            TrainerParameters.For(TrainerKind.LightGbm).Where(p => p.Default is not null).Select(p => p.Name).Order(),
            resolved.Keys.Order());
        Assert.Equal(100, resolved[TrainerParameters.NumberOfIterations]);
    }

    [Fact]
    public void Resolve_LinearWithoutParameters_LeavesChoiceToMlNet()
    {
        var resolved = TrainerParameters.Resolve(TrainerKind.Linear, new Dictionary<string, double>());

        Assert.Empty(resolved);
    }

    [Fact]
    public void Resolve_NameInOtherCase_UsesCanonicalName()
    {
        var resolved = TrainerParameters.Resolve(TrainerKind.FastTree, new Dictionary<string, double> { ["NUMBEROFLEAVES"] = 8 });

        Assert.Equal(8, resolved[TrainerParameters.NumberOfLeaves]);
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm, "numberOfLeaves", 1.0)]
    [InlineData(TrainerKind.LightGbm, "numberOfLeaves", 8.5)]
    [InlineData(TrainerKind.LightGbm, "learningRate", 0.0)]
    [InlineData(TrainerKind.LightGbm, "learningRate", 1.5)]
    [InlineData(TrainerKind.LightGbm, "featureFraction", double.NaN)]
    [InlineData(TrainerKind.FastTree, "numberOfTrees", 0.0)]
    [InlineData(TrainerKind.FastTree, "minimumExampleCountPerLeaf", double.PositiveInfinity)]
    [InlineData(TrainerKind.Linear, "l2Regularization", -1.0)]
    [InlineData(TrainerKind.Linear, "maximumNumberOfIterations", 0.0)]
    public void Resolve_InvalidValue_ThrowsValidationNamingParameter(TrainerKind trainer, string name, double value)
    {
        var ex = Assert.Throws<MlopsException>(() => TrainerParameters.Resolve(trainer, new Dictionary<string, double> { [name] = value }));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(name, ex.Field);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownName_ThrowsValidationListingKnownNames()
    {
        var ex = Assert.Throws<MlopsException>(() =>
            TrainerParameters.Resolve(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfIterations"] = 10 }));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("numberOfIterations", ex.Field);
        Assert.Contains("'numberOfTrees'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SameNameTwiceInDifferentCase_ThrowsValidation()
    {
        var given = new Dictionary<string, double> { ["learningRate"] = 0.1, ["LearningRate"] = 0.2 };

        var ex = Assert.Throws<MlopsException>(() => TrainerParameters.Resolve(TrainerKind.LightGbm, given));

        Assert.Equal(TrainerParameters.LearningRate, ex.Field);
    }

    [Fact]
    public void For_EveryTrainer_DefaultsAreValid()
    {
        foreach (var trainer in Enum.GetValues<TrainerKind>())
        {
            foreach (var parameter in TrainerParameters.For(trainer).Where(p => p.Default is not null))
            {
                Assert.True(parameter.Accepts(parameter.Default!.Value), $"{trainer}.{parameter.Name} default {parameter.Default} is outside its range.");
            }
        }
    }

    [Theory]
    [InlineData("lightgbm", TrainerKind.LightGbm)]
    [InlineData("FastTree", TrainerKind.FastTree)]
    [InlineData("LINEAR", TrainerKind.Linear)]
    public void ParseTrainer_KnownName_ReturnsKind(string name, TrainerKind expected)
    {
        Assert.Equal(expected, TrainerNames.ParseTrainer(name));
    }

    [Fact]
    public void ParseTrainer_UnknownName_ThrowsValidation()
    {
        var ex = Assert.Throws<MlopsException>(() => TrainerNames.ParseTrainer("xgboost", "trainers[0]"));

        Assert.Equal("trainers[0]", ex.Field);
        Assert.Contains("'lightgbm'", ex.Message, StringComparison.Ordinal);
    }
}
