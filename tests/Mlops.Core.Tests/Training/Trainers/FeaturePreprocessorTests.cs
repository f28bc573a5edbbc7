using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Trainers;

public sealed class FeaturePreprocessorTests
{
    private static readonly IReadOnlyList<FeatureSpec> Features =
    [
        FeatureSpec.Numeric("x"),
        FeatureSpec.Categorical("color"),
        FeatureSpec.Boolean("flag"),
    ];

    [Fact]
    public void Transform_MissingNumeric_ImputesTrainingMean()
    {
        var data = Data([1f, 3f, float.NaN], ["red", "red", "blue"], [1f, 0f, 1f]);
        var preprocessor = FeaturePreprocessor.Fit(data, standardize: false);

        var vectors = preprocessor.Transform(data);

        Assert.Equal(2f, preprocessor.Means[0]);
        Assert.Equal(2f, vectors[2 * preprocessor.Width]);
    }

    [Fact]
    public void Fit_LearnedVocabulary_MostFrequentFirstThenOrdinal()
    {
        var data = Data([1f, 2f, 3f, 4f], ["b", "a", "c", "c"], [0f, 0f, 0f, 0f]);

        var preprocessor = FeaturePreprocessor.Fit(data, standardize: false);

        Assert.Equal(["c", "a", "b"], preprocessor.Vocabularies[0]);
        Assert.Equal(["x", "flag", "color=c", "color=a", "color=b"], preprocessor.SlotNames);
    }

    [Fact]
    public void Transform_UnseenAndMissingCategories_EncodeAsZeros()
    {
        var train = Data([1f, 2f], ["red", "blue"], [0f, 1f]);
        var preprocessor = FeaturePreprocessor.Fit(train, standardize: false);
        var rows = Data([1f, 1f, 1f], ["blue", "green", null], [0f, 0f, 0f]);

        var vectors = preprocessor.Transform(rows);

        // Layout: x, flag, then color's one-hot block (red, blue: equal counts, ordinal order gives blue first).
        Assert.Equal(4, preprocessor.Width);
        Assert.Equal([1f, 0f], vectors.AsSpan(2, 2).ToArray());
        Assert.Equal([0f, 0f], vectors.AsSpan(6, 2).ToArray());
        Assert.Equal([0f, 0f], vectors.AsSpan(10, 2).ToArray());
    }

    [Fact]
    public void Transform_Standardize_CentersAndScalesNumericOnly()
    {
        var data = Data([2f, 4f, 6f, float.NaN], ["a", "b", "a", "b"], [0f, 1f, 1f, float.NaN]);
        var preprocessor = FeaturePreprocessor.Fit(data, standardize: true);

        var vectors = preprocessor.Transform(data);

        var std = Math.Sqrt(8.0 / 3);
        Assert.Equal((float)(1 / std), preprocessor.Scales[0]);
        Assert.Equal((2f - 4f) * (float)(1 / std), vectors[0]);
        Assert.Equal(0f, vectors[3 * preprocessor.Width]);
        Assert.Equal(0f, vectors[(3 * preprocessor.Width) + 1]);
        Assert.Equal(1f, vectors[2]);
    }

    [Fact]
    public void Fit_ConstantFeature_ScaleIsOne()
    {
        var data = Data([5f, 5f], ["a", "a"], [1f, 1f]);

        var preprocessor = FeaturePreprocessor.Fit(data, standardize: true);

        Assert.Equal([1f, 1f], preprocessor.Scales);
    }

    [Fact]
    public void Fit_AllMissingNumeric_ThrowsValidationNamingFeature()
    {
        var data = Data([float.NaN, float.NaN], ["a", "b"], [1f, 0f]);

        var ex = Assert.Throws<MlopsException>(() => FeaturePreprocessor.Fit(data, standardize: false));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("x", ex.Field);
    }

    [Fact]
    public void Fit_AllMissingCategorical_ThrowsValidationNamingFeature()
    {
        var data = Data([1f, 2f], [null, null], [1f, 0f]);

        var ex = Assert.Throws<MlopsException>(() => FeaturePreprocessor.Fit(data, standardize: false));

        Assert.Equal("color", ex.Field);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "")]
    public void Fit_BadGivenVocabulary_ThrowsValidation(string first, string second)
    {
        IReadOnlyList<FeatureSpec> features = [FeatureSpec.Categorical("color", [first, second])];
        var data = new TrainingData(TrainingTask.Regression, features, [null], [["a"]], [], null, null, null);

        var ex = Assert.Throws<MlopsException>(() => FeaturePreprocessor.Fit(data, standardize: false));

        Assert.Equal("color", ex.Field);
    }

    [Fact]
    public void Fit_GivenVocabulary_KeepsOrderAndIgnoresData()
    {
        IReadOnlyList<FeatureSpec> features = [FeatureSpec.Categorical("color", ["z", "y"])];
        var data = new TrainingData(TrainingTask.Regression, features, [null], [["y", "q"]], [], null, null, null);

        var preprocessor = FeaturePreprocessor.Fit(data, standardize: false);
        var vectors = preprocessor.Transform(data);

        Assert.Equal(["z", "y"], preprocessor.Vocabularies[0]);
        Assert.Equal([0f, 1f, 0f, 0f], vectors);
    }

    private static TrainingData Data(float[] x, string?[] color, float[] flag) =>
        new(TrainingTask.Regression, Features, [x, null, flag], [null, color, null], [], null, null, null);
}
