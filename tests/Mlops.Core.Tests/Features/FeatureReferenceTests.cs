using Mlops.Core.Diagnostics;
using Mlops.Core.Features.Online;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Features;

public sealed class FeatureReferenceTests
{
    [Theory]
    [InlineData("spend")]
    [InlineData("view:")]
    [InlineData(":spend")]
    [InlineData("a:b:c")]
    [InlineData("my-view:spend")]
    public void Parse_NotViewColonFeature_Is400NamingTheField(string text)
    {
        var ex = Assert.Throws<MlopsException>(() => FeatureReference.Parse(text, "features[3]"));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("features[3]", ex.Field);
    }

    [Fact]
    public void ColumnNames_SameFeatureInTwoViews_Is400UnlessFullNames()
    {
        var references = FeatureReference.ParseAll(["a:spend", "b:spend"], "features");

        var ex = Assert.Throws<MlopsException>(() => FeatureReference.ColumnNames(references, false, "features", "full_feature_names"));
        var full = FeatureReference.ColumnNames(references, true, "features", "full_feature_names");

        Assert.Equal("features[1]", ex.Field);
        Assert.Equal(["a__spend", "b__spend"], full);
    }

    [Fact]
    public void ModelFeatures_ParametersWrittenAtTraining_ReadBackByServing()
    {
        var references = FeatureReference.ParseAll(["customers:spend", "orders:count"], "features");
        var version = Version(ModelFeatures.ToParameters(references, fullNames: true).ToDictionary());

        var features = ModelFeatures.Of(version);

        Assert.NotNull(features);
        Assert.Equal(references, features.References);
        Assert.Equal(["customers__spend", "orders__count"], features.ColumnNames);
        Assert.Null(ModelFeatures.Of(Version([])));
    }

    [Fact]
    public void ModelFeatures_MalformedList_Is422NamingTheModel()
    {
        var ex = Assert.Throws<MlopsException>(() => ModelFeatures.Of(Version(new Dictionary<string, string> { ["features"] = "customers:spend" })));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("model", ex.Field);
    }

    [Theory]
    [InlineData("""{"entities": {"id": [1]}}""", true)]
    [InlineData("""  {  "entities" : {}}""", true)]
    [InlineData("""{"request_context": {"tenure": [3]}, "entities": {"id": [1]}}""", true)]
    [InlineData("""{"inputs": [{"entities": 1}]}""", false)]
    [InlineData("""{"dataframe_records": [], "entities": {}}""", false)]
    [InlineData("""not json""", false)]
    [InlineData("", false)]
    public void IsEntityRequest_LooksOnlyAtTheFirstKey(string body, bool expected)
    {
        Assert.Equal(expected, EntityPredictionInput.IsEntityRequest(System.Text.Encoding.UTF8.GetBytes(body)));
    }

    private static ModelVersion Version(Dictionary<string, string> parameters) => new()
    {
        Name = "m",
        Version = 1,
        Status = ModelVersionStatus.Ready,
        ArtifactUri = "blob://models/m/1.onnx",
        Sha256 = new string('0', 64),
        SizeBytes = 1,
        Signature = new ModelSignature([], []),
        CreatedAt = DateTimeOffset.UnixEpoch,
        CreatedBy = "test",
        Parameters = parameters,
    };
}
